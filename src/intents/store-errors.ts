import { joinReasons } from '../engine';
import type { StoreError, StoreErrorCode, StoreErrorData } from '../store/errors';

/**
 * What the store's errors say to the people who caused them, from each error's code and data:
 * the store says what happened, the bot words it.
 */
const SENTENCES: { [C in StoreErrorCode]: (data: StoreErrorData[C]) => string } = {
  'not-found': ({ kind, id, of }) =>
    kind === 'host' && of
      ? `${of}'s host ${id} is missing.`
      : kind === 'migration'
        ? `Migration ${id} disappeared.`
        : `There is no ${kind === 'vm' ? 'VM' : kind} called ${id}.`,
  refused: ({ hostId, vmId, refusals }) =>
    refusals.length
      ? `${joinReasons(refusals)}.`
      : `${hostId} could not take ${vmId} just now; try again.`,
  'migration-in-flight': ({ vmId, destinationHostId, stage }) =>
    `${vmId} is already migrating to ${destinationHostId} (stage ${stage}).`,
  'vm-migrating': ({ vmId, destinationHostId, stage, queuedUntil }) =>
    `${vmId} ${queuedUntil === undefined ? `is migrating to ${destinationHostId} (stage ${stage})` : `is queued to migrate to ${destinationHostId}, with its room there reserved`}; it can be decommissioned once the migration has ended.`,
  'changed-meanwhile': ({ during, vmId, migrationId, reasons }) => {
    switch (during) {
      case 'planning':
        return `${vmId} kept changing while I planned its migration; try again.`;
      case 'recording':
        return `Could not record the migration of ${vmId}; try again.`;
      case 'creating':
        return `Could not create ${vmId} just now; try again.`;
      case 'deleting':
        return `Could not decommission ${vmId} just now; try again.`;
      default:
        return `Migration ${migrationId ?? `of ${vmId}`} could not advance: its VM or hosts changed${reasons?.length ? ` (${reasons.join(', ')})` : ''}.`;
    }
  },
  'already-exists': ({ vmId }) => `There is already a VM called ${vmId}.`,
  busy: ({ cause }) =>
    cause === 'throttled'
      ? 'DynamoDB is throttling requests; try again in a moment.'
      : cause === 'conflicts'
        ? 'The fleet is busy with other changes to the same records; try again in a moment.'
        : 'So many VMs are being created at once that I could not pick a free name; try again, or give the VM a name.',
  rejected: ({ refused, detail }) =>
    `DynamoDB refused the change (${refused.map((r) => `${r.reason} on ${r.item}`).join(', ') || detail || 'no reason given'}); nothing was written.`,
  unavailable: ({ cause, error }) =>
    cause === 'no-table'
      ? 'The fleet table does not exist (was it created?).'
      : cause === 'timed-out'
        ? 'The fleet database did not answer in time.'
        : `The fleet store could not be reached (${error}).`,
};

/** The sentence that tells a person what went wrong in the store. */
export function storeErrorText<C extends StoreErrorCode>(err: StoreError<C>): string {
  return SENTENCES[err.code](err.data);
}
