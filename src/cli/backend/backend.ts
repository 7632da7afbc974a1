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
import { acquireDynamoEndpoint } from './local-dynamo';

/**
 * What the CLI commands work on: the fleet store on the project's table, in the embedded
 * DynamoDB Local (or AWS_ENDPOINT_URL_DYNAMODB), with the table created when missing and the
 * demo fleet seeded when the table is empty and `seedWhenEmpty` is set.
 */
export interface Backend {
  store: FleetStore;
  /** Empties the table and loads the demo fleet again (test fixtures only). */
  resetToDemoFleet(): Promise<void>;
  tableName: string;
  endpoint?: string;
  /** The store's environment for a child process or an in-process Lambda handler. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface BackendOptions {
  seedWhenEmpty?: boolean;
  /** Use DynamoDB in AWS (default credentials and region) instead of a local one. */
  aws?: boolean;
}

export async function openBackend(options: BackendOptions = {}): Promise<Backend> {
  const tableName = process.env.TABLE_NAME || DEFAULT_TABLE_NAME;
  const timeScale = timeScaleFromEnv();
  const acquired = options.aws
    ? { endpoint: undefined, owned: false, release: async () => {} }
    : await acquireDynamoEndpoint();
  const { client } = createDynamo({ endpoint: acquired.endpoint });
  try {
    // In AWS the table is the stack's; creating one there would hide a wrong TABLE_NAME.
    if (!options.aws) await ensureTable(client, tableName);
    const store = new DynamoFleetStore({ client, tableName, timeScale, faults: faultsFromEnv() });
    if (options.seedWhenEmpty && (await store.listHosts()).length === 0) await seedDemoFleet(store);
    return {
      store,
      resetToDemoFleet: async () => {
        await clearTable(client, tableName);
        await seedDemoFleet(store);
      },
      tableName,
      endpoint: acquired.endpoint,
      env: {
        TABLE_NAME: tableName,
        VMBOT_TIME_SCALE: String(timeScale),
        ...(acquired.endpoint ? { AWS_ENDPOINT_URL_DYNAMODB: acquired.endpoint } : {}),
      },
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
