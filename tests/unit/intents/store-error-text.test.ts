import { describe, expect, it } from 'vitest';
import { storeErrorText } from '../../../src/intents/store-errors';
import { StoreError, type StoreErrorCode, type StoreErrorData } from '../../../src/store';

/**
 * What a person is told for each error of the store, from its code and data: the sentences the
 * bot said when the store still wrote them itself.
 */
type Case = { [C in StoreErrorCode]: [C, StoreErrorData[C], string] }[StoreErrorCode];

const cases: Case[] = [
  ['not-found', { kind: 'vm', id: 'vm-99' }, 'There is no VM called vm-99.'],
  ['not-found', { kind: 'host', id: 'host-z' }, 'There is no host called host-z.'],
  ['not-found', { kind: 'host', id: 'host-q', of: 'vm-3' }, "vm-3's host host-q is missing."],
  ['not-found', { kind: 'appliance', id: 'nas' }, 'There is no appliance called nas.'],
  ['not-found', { kind: 'migration', id: 'mig-1' }, 'Migration mig-1 disappeared.'],
  [
    'refused',
    {
      hostId: 'host-f',
      vmId: 'vm-big',
      refusals: [
        { code: 'maintenance', message: 'host-f is in maintenance' },
        { code: 'no-room', message: 'host-f has no room for vm-big: needs 8 GiB, 4 GiB free' },
      ],
    },
    'host-f is in maintenance; host-f has no room for vm-big: needs 8 GiB, 4 GiB free.',
  ],
  [
    'refused',
    { hostId: 'host-b', vmId: 'vm-3', refusals: [] },
    'host-b could not take vm-3 just now; try again.',
  ],
  [
    'migration-in-flight',
    { vmId: 'vm-3', migrationId: 'mig-1', destinationHostId: 'host-b', stage: 2 },
    'vm-3 is already migrating to host-b (stage 2).',
  ],
  [
    'vm-migrating',
    { vmId: 'vm-3', migrationId: 'mig-1', destinationHostId: 'host-b', stage: 3 },
    'vm-3 is migrating to host-b (stage 3); it can be decommissioned once the migration has ended.',
  ],
  [
    'vm-migrating',
    {
      vmId: 'vm-1',
      migrationId: 'mig-2',
      destinationHostId: 'host-b',
      stage: 2,
      queuedUntil: Date.UTC(2026, 10, 27, 9, 5),
    },
    'vm-1 is queued to migrate to host-b, with its room there reserved; it can be decommissioned once the migration has ended.',
  ],
  [
    'changed-meanwhile',
    { during: 'deleting', vmId: 'vm-9' },
    'Could not decommission vm-9 just now; try again.',
  ],
  [
    'changed-meanwhile',
    { during: 'planning', vmId: 'vm-3' },
    'vm-3 kept changing while I planned its migration; try again.',
  ],
  [
    'changed-meanwhile',
    { during: 'recording', vmId: 'vm-3', migrationId: 'mig-1' },
    'Could not record the migration of vm-3; try again.',
  ],
  [
    'changed-meanwhile',
    { during: 'creating', vmId: 'vm-9' },
    'Could not create vm-9 just now; try again.',
  ],
  [
    'changed-meanwhile',
    {
      during: 'advancing',
      migrationId: 'mig-1',
      vmId: 'vm-1',
      reasons: ['vm ConditionalCheckFailed'],
    },
    'Migration mig-1 could not advance: its VM or hosts changed (vm ConditionalCheckFailed).',
  ],
  ['already-exists', { vmId: 'web-9' }, 'There is already a VM called web-9.'],
  ['busy', { cause: 'throttled' }, 'DynamoDB is throttling requests; try again in a moment.'],
  [
    'busy',
    { cause: 'conflicts' },
    'The fleet is busy with other changes to the same records; try again in a moment.',
  ],
  [
    'busy',
    { cause: 'names' },
    'So many VMs are being created at once that I could not pick a free name; try again, or give the VM a name.',
  ],
  [
    'rejected',
    { refused: [{ reason: 'ValidationError', item: 'HOST#host-b' }] },
    'DynamoDB refused the change (ValidationError on HOST#host-b); nothing was written.',
  ],
  [
    'rejected',
    { refused: [], detail: 'Transaction cancelled' },
    'DynamoDB refused the change (Transaction cancelled); nothing was written.',
  ],
  [
    'unavailable',
    { cause: 'no-table', error: 'ResourceNotFoundException' },
    'The fleet table does not exist (was it created?).',
  ],
  [
    'unavailable',
    { cause: 'unreachable', error: 'ECONNREFUSED' },
    'The fleet store could not be reached (ECONNREFUSED).',
  ],
  [
    'unavailable',
    { cause: 'timed-out', error: 'TimeoutError' },
    'The fleet database did not answer in time.',
  ],
];

describe('storeErrorText', () => {
  it.each(cases)('%s %j', (code, data, sentence) => {
    const err = new StoreError(code, data as never);
    expect(storeErrorText(err)).toBe(sentence);
    // The store's own message is for logs: it never is the sentence.
    expect(err.message).not.toBe(sentence);
    expect(err.message.startsWith(`${code}: `)).toBe(true);
  });
});
