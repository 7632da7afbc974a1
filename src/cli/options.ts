import { InvalidArgumentError } from 'commander';
import { DEFAULT_PORT } from '../runtime';
import { UsageError } from './usage-error';

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

/**
 * The port of the web console and the Lex API, the checkout's well-known port: VMBOT_PORT, else
 * 8300. Every vmbot of a checkout should agree on it (see backend/console-port.ts).
 */
export function consolePort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.VMBOT_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > 65535)
    throw new UsageError(`VMBOT_PORT must be an integer from 0 to 65535, got "${raw}".`);
  return n;
}
