import { randomBytes } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_REGION } from '../../store';
import { secretFile } from './checkout-secrets';

/**
 * DynamoDB Local listens on every interface (see dynamodb-local.ts), so the checkout's tables are
 * filed under an access key id generated once per checkout and kept in .vmbot/ (the key file
 * 0600): a client that does not know it sees none of them.
 */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const CREDENTIALS_FILE = 'dynamodb-credentials.json';
/** What DynamoDB Local called its database file with -sharedDb (vmbot before per-checkout keys). */
const SHARED_DB_FILE = 'shared-local-instance.db';

/** The checkout's DynamoDB Local key, made on first use. */
export function checkoutCredentials(dir: string): LocalCredentials {
  const file = join(dir, CREDENTIALS_FILE);
  const key = JSON.parse(
    secretFile(dir, CREDENTIALS_FILE, () =>
      JSON.stringify({
        // Letters and digits only: DynamoDB Local names its database file after the key id.
        accessKeyId: `VMBOT${randomBytes(16).toString('hex').toUpperCase()}`,
        secretAccessKey: randomBytes(30).toString('base64url'),
      }),
    ),
  ) as Partial<LocalCredentials>;
  if (typeof key.accessKeyId !== 'string' || typeof key.secretAccessKey !== 'string') {
    throw new Error(`${file} is not a DynamoDB Local key; delete it and vmbot makes a new one.`);
  }
  return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

/**
 * A fleet kept by an older vmbot, which ran DynamoDB Local with -sharedDb, becomes the fleet of
 * this checkout's key (DynamoDB Local files it as <access key id>_<region>.db).
 */
export function adoptSharedDb(dataDir: string, credentials: LocalCredentials): void {
  const shared = join(dataDir, SHARED_DB_FILE);
  const keyed = join(dataDir, `${credentials.accessKeyId}_${LOCAL_REGION}.db`);
  if (existsSync(shared) && !existsSync(keyed)) renameSync(shared, keyed);
}
