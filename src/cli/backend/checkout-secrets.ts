import { randomBytes, randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The checkout's private folder, .vmbot/ (mode 0700), and the secrets vmbot keeps in it (mode
 * 0600), each made once, on first use: created complete under a temporary name, then linked into
 * place, so that of two first runs at once one file wins and both read it.
 */
export const STATE_DIR = '.vmbot';
/** The key the local Lambda signs its session attributes with (see src/intents/trust/). */
export const SESSION_KEY_FILE = 'session-key';

/** .vmbot/, created readable by its owner only, and made so if an older vmbot created it open. */
export function privateDir(cwd = process.cwd()): string {
  const dir = resolve(cwd, STATE_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

/** The file's contents, made by `make` when the file does not exist yet. */
export function secretFile(dir: string, name: string, make: () => string): string {
  const file = join(dir, name);
  if (!existsSync(file)) {
    const staging = `${file}.${randomUUID()}.tmp`;
    writeFileSync(staging, make(), { mode: 0o600 });
    try {
      linkSync(staging, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(staging, { force: true });
    }
  }
  return readFileSync(file, 'utf8');
}

/** The path of the checkout's session key, made on first use (32 random bytes, base64url). */
export function checkoutSessionKeyFile(cwd = process.cwd()): string {
  const dir = privateDir(cwd);
  secretFile(dir, SESSION_KEY_FILE, () => randomBytes(32).toString('base64url'));
  return join(dir, SESSION_KEY_FILE);
}
