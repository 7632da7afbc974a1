import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  clearTable,
  DEFAULT_TABLE_NAME,
  DynamoFleetStore,
  createDynamo,
  ensureTable,
  faultsFromEnv,
  seedDemoFleet,
  type FleetStore,
} from '../../store';
import { checkoutSessionKeyFile } from './checkout-secrets';
import { acquireDynamoEndpoint } from './local-dynamo';

/**
 * What the CLI commands work on: the fleet store on the project's table, in the embedded
 * DynamoDB Local (or AWS_ENDPOINT_URL_DYNAMODB), with the table created when missing and the
 * demo fleet seeded when the table is empty and `seedWhenEmpty` is set.
 */
export interface Backend {
  store: FleetStore;
  /** Empties the table and loads the demo fleet again (`vmbot reset`, test fixtures). */
  resetToDemoFleet(): Promise<void>;
  tableName: string;
  /** Where DynamoDB answers now: a DynamoDB Local that had to be replaced may have moved. */
  readonly endpoint: string | undefined;
  /** The store's environment for a child process or an in-process Lambda handler. */
  readonly env: Record<string, string>;
  /**
   * Puts a lost DynamoDB Local back (restarted, or the lock taken over); a one-line notice when
   * it had to. Called before each turn.
   */
  recover(): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface BackendOptions {
  seedWhenEmpty?: boolean;
  /** Use DynamoDB in AWS (default credentials and region) instead of a local one. */
  aws?: boolean;
  /** The checkout whose .vmbot/ holds the embedded DynamoDB Local (default: the working directory). */
  cwd?: string;
}

export async function openBackend(options: BackendOptions = {}): Promise<Backend> {
  const tableName = process.env.TABLE_NAME || DEFAULT_TABLE_NAME;
  const timeScale = timeScaleFromEnv();
  const acquired = options.aws
    ? {
        endpoint: undefined,
        credentials: undefined,
        recover: async () => undefined,
        release: async () => {},
      }
    : await acquireDynamoEndpoint(options.cwd);
  // The key the local Lambda signs its session attributes with: the checkout's, so that every
  // vmbot of this checkout (a chat, serve, invoke) trusts what the others signed.
  const sessionKeyFile = options.aws ? undefined : checkoutSessionKeyFile(options.cwd);
  const { client } = createDynamo({
    ...(acquired.endpoint ? { endpoint: () => acquired.endpoint! } : {}),
    ...(acquired.credentials ? { credentials: acquired.credentials } : {}),
  });
  try {
    // In AWS the table is the stack's; creating one there would hide a wrong TABLE_NAME.
    if (!options.aws) await ensureTable(client, tableName);
    const store = new DynamoFleetStore({ client, tableName, timeScale, faults: faultsFromEnv() });
    // A raw look, not a store read: those apply due transitions, which `vmbot advance` must see.
    if (options.seedWhenEmpty && (await tableIsEmpty(client, tableName)))
      await seedDemoFleet(store);
    return {
      store,
      resetToDemoFleet: async () => {
        await clearTable(client, tableName);
        await seedDemoFleet(store);
      },
      tableName,
      get endpoint() {
        return acquired.endpoint;
      },
      get env() {
        return {
          TABLE_NAME: tableName,
          VMBOT_TIME_SCALE: String(timeScale),
          ...(sessionKeyFile ? { VMBOT_SESSION_KEY_FILE: sessionKeyFile } : {}),
          ...(acquired.endpoint ? { AWS_ENDPOINT_URL_DYNAMODB: acquired.endpoint } : {}),
          ...(acquired.credentials
            ? {
                AWS_ACCESS_KEY_ID: acquired.credentials.accessKeyId,
                AWS_SECRET_ACCESS_KEY: acquired.credentials.secretAccessKey,
              }
            : {}),
        };
      },
      recover: () => acquired.recover(),
      close: async () => {
        client.destroy();
        await acquired.release();
      },
    };
  } catch (err) {
    client.destroy();
    await acquired.release();
    throw err;
  }
}

async function tableIsEmpty(client: DynamoDBClient, tableName: string) {
  const page = await client.send(new ScanCommand({ TableName: tableName, Limit: 1 }));
  return (page.Items ?? []).length === 0;
}

/** VMBOT_TIME_SCALE: simulated seconds per wall-clock second (default 1). */
export function timeScaleFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.VMBOT_TIME_SCALE;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new RangeError(`VMBOT_TIME_SCALE must be a positive number, got "${raw}".`);
  }
  return n;
}
