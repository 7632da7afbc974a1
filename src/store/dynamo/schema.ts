import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single table. Every item has string keys PK and SK; two overloaded GSIs serve the other
 * access patterns (see the README's table of access patterns):
 *
 *   item        PK                 SK          GSI1PK         GSI1SK                    GSI2 (sparse)
 *   host        HOST#<id>          HOST        FLEET          HOST#<id>
 *   appliance   APPLIANCE#<id>     APPLIANCE   FLEET          APPLIANCE#<id>
 *   VM          VM#<id>            VM          VMS            HOST#<hostId>#VM#<id>
 *   migration   MIGRATION#<id>     MIGRATION   VM#<vmId>      MIGRATION#<startedAt>     INFLIGHT / <nextDueAt>#<id>
 *   idempotency IDEMPOTENCY#<key>  IDEMPOTENCY                                          (TTL: expiresAt)
 *
 * Hosts and appliances share the FLEET partition: they are few, and a turn that needs one of
 * them nearly always needs the others, so one query reads them all. GSI2 holds only migrations
 * in flight, keyed by when their next transition falls due, so that "advance what is due" is one
 * query over a handful of items.
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  gsi1: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  gsi2: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ttlAttribute: 'expiresAt',
} as const;

export const DEFAULT_TABLE_NAME = 'vmbot';

export function createTableInput(tableName: string): CreateTableCommandInput {
  const s = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const gsi = (g: { name: string; partitionKey: string; sortKey: string }) => ({
    IndexName: g.name,
    KeySchema: [
      { AttributeName: g.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: g.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      s(TABLE.partitionKey),
      s(TABLE.sortKey),
      s(TABLE.gsi1.partitionKey),
      s(TABLE.gsi1.sortKey),
      s(TABLE.gsi2.partitionKey),
      s(TABLE.gsi2.sortKey),
    ],
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [gsi(TABLE.gsi1), gsi(TABLE.gsi2)],
  };
}

export const keys = {
  host: (id: string) => ({ PK: `HOST#${id}`, SK: 'HOST' }),
  vm: (id: string) => ({ PK: `VM#${id}`, SK: 'VM' }),
  appliance: (id: string) => ({ PK: `APPLIANCE#${id}`, SK: 'APPLIANCE' }),
  migration: (id: string) => ({ PK: `MIGRATION#${id}`, SK: 'MIGRATION' }),
  idempotency: (key: string) => ({ PK: `IDEMPOTENCY#${key}`, SK: 'IDEMPOTENCY' }),
};

export const gsi1 = {
  fleet: 'FLEET',
  hostSortKey: (id: string) => `HOST#${id}`,
  applianceSortKey: (id: string) => `APPLIANCE#${id}`,
  vms: 'VMS',
  vmSortKey: (hostId: string, vmId: string) => `HOST#${hostId}#VM#${vmId}`,
  vmsOnHostPrefix: (hostId: string) => `HOST#${hostId}#VM#`,
  migrationsOfVm: (vmId: string) => `VM#${vmId}`,
  migrationSortKey: (startedAt: number, id: string) =>
    `MIGRATION#${new Date(startedAt).toISOString()}#${id}`,
};

export const gsi2 = {
  inFlight: 'INFLIGHT',
  /** Zero-padded epoch ms, so that string order is time order. */
  dueSortKey: (dueAt: number, id: string) => `${dueKey(dueAt)}#${id}`,
  dueKey,
};

function dueKey(at: number): string {
  return String(Math.max(0, Math.ceil(at))).padStart(15, '0');
}
