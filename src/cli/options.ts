import { InvalidArgumentError } from 'commander';

/** Option parsers for commander that refuse nonsense with a sentence a person can act on. */

export function positiveNumber(name: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n <= 0)
      throw new InvalidArgumentError(`${name} must be a positive number, got "${raw}".`);
    return n;
  };
}

export function nonNegativeNumber(name: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new InvalidArgumentError(`${name} must be zero or a positive number, got "${raw}".`);
    return n;
  };
}

export function integerIn(name: string, min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max)
      throw new InvalidArgumentError(
        `${name} must be an integer from ${min} to ${max}, got "${raw}".`,
      );
    return n;
  };
}

export function oneOf<T extends string>(name: string, values: readonly T[]) {
  return (raw: string): T => {
    if (!(values as readonly string[]).includes(raw))
      throw new InvalidArgumentError(`${name} must be one of ${values.join(', ')}, got "${raw}".`);
    return raw as T;
  };
}
