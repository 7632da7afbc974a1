/**
 * The single table's names, in one place: its key attributes, its two overloaded GSIs, the TTL
 * attribute, and how every item's keys are built. The adapters, the CDK stack and the tests
 * all read them from here (see the README's table of items and access patterns):
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

export type IndexName = (typeof TABLE)['gsi1' | 'gsi2']['name'];
export const INDEXES = [TABLE.gsi1, TABLE.gsi2] as const;

/** An item's primary key. */
export type Key = Record<(typeof TABLE)['partitionKey' | 'sortKey'], string>;

const key = (prefix: string, id: string): Key => ({
  [TABLE.partitionKey]: `${prefix}#${id}`,
  [TABLE.sortKey]: prefix,
});

export const keys = {
  host: (id: string) => key('HOST', id),
  vm: (id: string) => key('VM', id),
  appliance: (id: string) => key('APPLIANCE', id),
  migration: (id: string) => key('MIGRATION', id),
  idempotency: (idempotencyKey: string) => key('IDEMPOTENCY', idempotencyKey),
};

/** An item's primary key, from the item. */
export const keyOf = (item: Readonly<Record<string, unknown>>): Key => ({
  [TABLE.partitionKey]: String(item[TABLE.partitionKey]),
  [TABLE.sortKey]: String(item[TABLE.sortKey]),
});

/** The key's partition and sort values as one string: to tell items apart in maps and logs. */
export const keyId = (k: Key): string => `${k.PK}\u0000${k.SK}`;

/** An item's keys in one of the indexes. */
export const indexKeys = (
  index: (typeof INDEXES)[number],
  partition: string,
  sort: string,
): Record<string, string> => ({ [index.partitionKey]: partition, [index.sortKey]: sort });

/** GSI1: the fleet (hosts and appliances), the VMs sorted by host, a VM's migrations. */
export const gsi1 = {
  fleet: 'FLEET',
  hostSortKey: (id: string) => `HOST#${id}`,
  applianceSortKey: (id: string) => `APPLIANCE#${id}`,
  vms: 'VMS',
  vmSortKey: (hostId: string, vmId: string) => `HOST#${hostId}#VM#${vmId}`,
  migrationsOfVm: (vmId: string) => `VM#${vmId}`,
  migrationPrefix: 'MIGRATION#',
  migrationSortKey: (startedAt: number, id: string) =>
    `MIGRATION#${new Date(startedAt).toISOString()}#${id}`,
};

/** GSI2: the migrations in flight, by when their next transition falls due. */
export const gsi2 = {
  inFlight: 'INFLIGHT',
  /** Zero-padded epoch ms, so that string order is time order. */
  dueSortKey: (dueAt: number, id: string) => `${dueKey(dueAt)}#${id}`,
  /** The highest sort key of what is due by `at`. */
  dueBy: (at: number) => `${dueKey(at)}#~`,
  dueKey,
};

function dueKey(at: number): string {
  return String(Math.max(0, Math.ceil(at))).padStart(15, '0');
}
