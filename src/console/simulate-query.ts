import { DIRTY_PATTERNS, POLICIES, type PrecopyParams } from '../engine';

/**
 * The simulator's query string: `vmbot simulate`'s parameters under the engine's names
 * (memoryMiB, bandwidthMiBps, dirtyRateMiBps, workingSetMiB, pattern, seed, policy,
 * downtimeLimitMs, autoConverge, resumeMs). The engine checks the ranges; this checks the types
 * and refuses what it does not know, so a typo is an error rather than a silent default.
 */

/** A page should not freeze the server: `vmbot simulate` goes to the engine's 4 TiB. */
export const CONSOLE_MAX_MEMORY_MIB = 256 * 1024;

const NUMBERS = [
  'memoryMiB',
  'bandwidthMiBps',
  'dirtyRateMiBps',
  'workingSetMiB',
  'seed',
  'downtimeLimitMs',
  'resumeMs',
] as const;
const REQUIRED = ['memoryMiB', 'bandwidthMiBps', 'dirtyRateMiBps'] as const;
const KNOWN = new Set<string>([...NUMBERS, 'pattern', 'policy', 'autoConverge']);

export class QueryError extends Error {}

export function parseSimulateQuery(query: URLSearchParams): PrecopyParams {
  for (const key of query.keys()) {
    if (!KNOWN.has(key)) throw new QueryError(`unknown parameter "${key}"`);
    if (query.getAll(key).length > 1) throw new QueryError(`${key} is given more than once`);
  }
  for (const key of REQUIRED) {
    if (!query.get(key)) throw new QueryError(`${key} is required`);
  }
  const params: Record<string, unknown> = {};
  for (const key of NUMBERS) {
    const raw = query.get(key);
    if (raw === null || raw === '') continue;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new QueryError(`${key} must be a number, got "${raw}"`);
    params[key] = n;
  }
  const pattern = query.get('pattern');
  if (pattern) params.pattern = oneOf('pattern', pattern, DIRTY_PATTERNS);
  const policy = query.get('policy');
  if (policy) params.policy = oneOf('policy', policy, POLICIES);
  const autoConverge = query.get('autoConverge');
  if (autoConverge)
    params.autoConverge = oneOf('autoConverge', autoConverge, ['true', 'false']) === 'true';
  const result = params as unknown as PrecopyParams;
  if (result.memoryMiB > CONSOLE_MAX_MEMORY_MIB) {
    throw new QueryError(
      `the console simulates up to ${CONSOLE_MAX_MEMORY_MIB} MiB (256 GiB) of memory; vmbot simulate goes further`,
    );
  }
  return result;
}

function oneOf<T extends string>(key: string, raw: string, values: readonly T[]): T {
  if (!(values as readonly string[]).includes(raw))
    throw new QueryError(`${key} must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}
