import type { Appliance, Host, HostState } from '../../engine';
import { AdvanceFailed, StoreError, type AdvanceFailure } from '../errors';
import type { AdvanceReport, HostView } from '../port';
import {
  applianceFromItem,
  applianceItem,
  fleetIndexKeys,
  hostFromItem,
  hostItem,
  publicHost,
} from '../table/items';
import { gsi2, keyOf, TABLE } from '../table/keys';
import { ConditionFailed, type Item } from '../table/persistence';
import { hostStateWrite, indexKeysWrite, putIfAbsent } from '../table/writes';
import type { Fleet } from './records';
import type { Unit } from './unit';

/** The writes of the fleet itself: advancing what is due, host states, seeding. */

const ADVANCE_PARALLELISM = 8;

/**
 * Applies every transition that has fallen due (GSI2 finds them in one query), trying every
 * migration even when some fail; then throws AdvanceFailed (what was applied and what failed)
 * if any did.
 */
export async function advance(unit: Unit): Promise<AdvanceReport> {
  const items = await unit.table.query({
    index: TABLE.gsi2.name,
    partition: gsi2.inFlight,
    upTo: gsi2.dueBy(unit.now()),
  });
  const report: AdvanceReport = { applied: [] };
  const failed: AdvanceFailure[] = [];
  await eachAtMost(ADVANCE_PARALLELISM, items, async (item) => {
    try {
      await unit.applyDue(await unit.records.knownMigration(item), report);
    } catch (error) {
      failed.push({ migrationId: String(item.id), error });
    }
  });
  if (failed.length > 0) throw new AdvanceFailed(report.applied, failed);
  return report;
}

export async function setHostState(
  unit: Unit,
  hostId: string,
  state: HostState,
): Promise<HostView> {
  try {
    const host = hostFromItem((await unit.table.write(hostStateWrite(hostId, state)))!);
    unit.records.updateHost(hostId, () => host);
    return publicHost(host);
  } catch (err) {
    if (err instanceof ConditionFailed)
      throw new StoreError('not-found', { kind: 'host', id: hostId });
    throw err;
  }
}

export function putHost(unit: Unit, host: Host): Promise<boolean> {
  const item = hostItem(host);
  return putFleetRecord(unit, item, fleetIndexKeys(host), (f) =>
    f.hosts.set(host.id, hostFromItem(item)),
  );
}

export function putAppliance(unit: Unit, appliance: Appliance): Promise<boolean> {
  const item = applianceItem(appliance);
  return putFleetRecord(unit, item, fleetIndexKeys(appliance), (f) =>
    f.appliances.set(appliance.id, applianceFromItem(item)),
  );
}

/**
 * Creates the record unless it exists. A host or appliance written before they shared the
 * FLEET partition gets its index keys brought up to date, so seeding again heals an older
 * table.
 */
async function putFleetRecord(
  unit: Unit,
  item: Item,
  index: Item,
  absorb: (fleet: Fleet) => void,
): Promise<boolean> {
  try {
    await unit.table.write(putIfAbsent(item));
    unit.records.changeFleet(absorb);
    return true;
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
  }
  await unit.table.write(indexKeysWrite(keyOf(item), index)).catch((err: unknown) => {
    if (!(err instanceof ConditionFailed)) throw err;
  });
  return false;
}

/** Runs `fn` over every item, at most `width` at a time (`fn` handles its own failures). */
async function eachAtMost<T>(width: number, items: T[], fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
