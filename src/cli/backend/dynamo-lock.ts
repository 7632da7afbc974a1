import { randomUUID } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';

/**
 * The lock file .vmbot/dynamodb.json (see local-dynamo.ts): created exclusively by the process
 * that runs DynamoDB Local, holding its pid, a token of its own and, once Java answers, the
 * endpoint. These are the file's operations, each safe against another vmbot doing the same at
 * the same moment; what to do with what they find is the lease's business.
 */
export interface Lock {
  pid: number;
  token: string;
  endpoint?: string;
}

/** What the lock file holds right now. */
export type Seen =
  | { kind: 'missing' }
  | { kind: 'garbled'; raw: string; ageMs: number }
  | { kind: 'held'; lock: Lock; raw: string; ageMs: number };

/** Creates the lock file exclusively; false when another process holds it. */
export function createLock(lockFile: string, lock: Lock): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(lock));
  } finally {
    closeSync(fd);
  }
  return true;
}

export function readLock(lockFile: string): Seen {
  let raw: string;
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(lockFile).mtimeMs;
    raw = readFileSync(lockFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  try {
    const lock = JSON.parse(raw) as Partial<Lock>;
    if (typeof lock.pid === 'number' && Number.isInteger(lock.pid) && lock.pid > 0) {
      return { kind: 'held', lock: { token: '', ...lock, pid: lock.pid }, raw, ageMs };
    }
  } catch {
    // An owner between creating the file and writing it, or a crash there.
  }
  return { kind: 'garbled', raw, ageMs };
}

/** Replaces the lock in one rename, so that a reader never sees a half-written file. */
export function publishLock(lockFile: string, lock: Lock): void {
  const staging = `${lockFile}.${lock.token}.tmp`;
  writeFileSync(staging, JSON.stringify(lock));
  renameSync(staging, lockFile);
}

/**
 * Removes a stale lock, unless it changed since we judged it: the file is first moved aside
 * (atomic), so that of two processes clearing the same stale lock, the slower one cannot delete
 * the lock the faster one has created meanwhile; a live lock moved by mistake is put back.
 */
export function removeStale(lockFile: string, judged: string): void {
  const aside = `${lockFile}.${randomUUID()}.stale`;
  try {
    renameSync(lockFile, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    if (readFileSync(aside, 'utf8') !== judged) {
      try {
        linkSync(aside, lockFile);
      } catch {
        // Someone holds a newer lock already.
      }
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Removes the lock if it is still ours. */
export function releaseLock(lockFile: string, token: string): void {
  const seen = readLock(lockFile);
  if (seen.kind === 'held' && seen.lock.token === token) rmSync(lockFile, { force: true });
}
