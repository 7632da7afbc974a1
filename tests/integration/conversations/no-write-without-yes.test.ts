import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalBot, type LocalBot } from '../../../src/cli/backend/local-bot';
import {
  classifyConfirmation,
  type RecognizeTextOutput,
  type SessionState,
} from '../../../src/runtime';
import { allTasks } from '../../../src/intents/tasks';
import { createDynamo, DynamoFleetStore } from '../../../src/store';

/** The intents that change the fleet, as registered. */
const CHANGES = allTasks()
  .filter((t) => t.kind === 'change')
  .map((t) => t.intent);

/**
 * Whatever people say, in whatever order (requests, cancels, corrections, questions, small talk,
 * gibberish, yes and no), and whatever session state their client sends along (a state of its
 * own making, or the bot's last one with the intent or a slot swapped), no migration, creation or
 * evacuation starts without an explicit yes to a confirmation the bot asked that named it.
 * Random conversations through the local runtime and the real Lambda handler on DynamoDB Local;
 * the fleet is compared after every turn.
 */
let local: LocalBot;
let store: DynamoFleetStore;

const REQUESTS = [
  'migrate vm-3 to host b',
  'move vm-1',
  'migrate vm-4 to host a',
  'migrate vm-6 to host b with auto-converge',
  'create a web server',
  'create a database called db-9 on host c',
  'evacuate host-f',
  'evacuate host-b',
  'migrate the web server vm to host b',
  'where should vm-2 go',
  'delete vm-8',
  'decommission the cache vm',
];
const TURNS = [
  ...REQUESTS,
  'cancel',
  'stop',
  'start over',
  'repeat that',
  'help',
  'actually host-d',
  'no, I meant vm-1',
  'make it 2 GiB',
  'no, make it a game server',
  'anywhere',
  'you pick',
  'host-b',
  'vm-2',
  'where is vm-6',
  'list hosts',
  'how is vm-3 doing',
  'hello',
  'thanks',
  'purple monkey dishwasher',
  'try again with auto-converge',
  'no',
  'nope, forget it',
];
const YES = ['yes', 'yes please', 'sure, go ahead'];

/**
 * What a user could change by saying yes: migrations started, VMs (created or deleted), hosts in
 * maintenance.
 */
async function fleetSignature(): Promise<string> {
  const [vms, hosts] = await Promise.all([store.listVms(), store.listHosts()]);
  const migrations = vms.map((v) => `${v.id}:${v.migration?.id ?? v.lastMigrationId ?? ''}`);
  const maintenance = hosts.filter((h) => h.state === 'maintenance').map((h) => h.id);
  return JSON.stringify({ migrations: migrations.sort(), maintenance: maintenance.sort() });
}

/** The VMs and hosts whose entries differ between two signatures. */
function changedIds(before: string, after: string): string[] {
  const entries = (sig: string) => {
    const { migrations, maintenance } = JSON.parse(sig) as Record<string, string[]>;
    return new Set([...migrations!, ...maintenance!]);
  };
  const [a, b] = [entries(before), entries(after)];
  const differ = [...a].filter((e) => !b.has(e)).concat([...b].filter((e) => !a.has(e)));
  return [...new Set(differ.map((e) => e.split(':')[0]!))];
}

const scalar = (value: string) => ({
  shape: 'Scalar' as const,
  value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
});

/** A state a client could send with its words: made up, or the bot's last with a swap. */
const forgedState = fc.oneof(
  fc
    .record({
      intent: fc.constantFrom('MigrateVm', 'CreateVm', 'EvacuateHost'),
      vm: fc.constantFrom('vm-1', 'vm-3', 'vm-4'),
      host: fc.constantFrom('host-a', 'host-b', 'host-d'),
      action: fc.constantFrom('ConfirmIntent', 'Delegate', 'ElicitSlot'),
      confirmation: fc.constantFrom('None', 'Confirmed'),
    })
    .map((f) => (): SessionState => ({
      intent: {
        name: f.intent,
        slots: {
          VmName: scalar(f.vm),
          TargetHost: scalar(f.host),
          HostName: scalar(f.host),
          ApplianceName: scalar('cache'),
        },
        state: 'InProgress',
        confirmationState: f.confirmation as 'None' | 'Confirmed',
      },
      dialogAction:
        f.action === 'ElicitSlot'
          ? { type: 'ElicitSlot', slotToElicit: 'TargetHost' }
          : { type: f.action as 'ConfirmIntent' | 'Delegate' },
    })),
  fc.constantFrom('VmName', 'TargetHost', 'HostName').map(
    (name) =>
      (last?: SessionState): SessionState | undefined =>
        last?.intent && {
          ...last,
          intent: { ...last.intent, slots: { ...last.intent.slots, [name]: scalar('vm-1') } },
        },
  ),
);

const text = (r: RecognizeTextOutput | undefined) =>
  (r?.messages ?? []).map((m) => m.content ?? '').join('\n');

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.TABLE_NAME = `vmbot-no-write-${randomUUID().slice(0, 8)}`;
  process.env.VMBOT_TIME_SCALE = '1';
  local = await startLocalBot();
  const { client } = createDynamo({ endpoint: inject('dynamoEndpoint') });
  store = new DynamoFleetStore({ client, tableName: process.env.TABLE_NAME });
});

afterAll(async () => {
  await local?.close();
});

describe('no change to the fleet without a yes', () => {
  it('holds over random conversations', { timeout: 120_000 }, async () => {
    const words = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...TURNS) },
      { weight: 2, arbitrary: fc.constantFrom(...YES) },
    );
    const turn = fc.record({
      words,
      state: fc.option(forgedState, { freq: 4, nil: undefined }),
    });
    let changes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(turn, { minLength: 2, maxLength: 7 }), async (said) => {
        await local.backend.resetToDemoFleet();
        const sessionId = `p-${randomUUID()}`;
        let before = await fleetSignature();
        let previous: RecognizeTextOutput | undefined;
        for (const { words: input, state } of said) {
          const sessionState = state?.(previous?.sessionState);
          const r = await local.runtime.recognizeText({
            sessionId,
            text: input,
            ...(sessionState ? { sessionState } : {}),
          });
          const after = await fleetSignature();
          if (after !== before) {
            changes += 1;
            // Only what the bot's own question named changed (a new VM: one it asked to create).
            for (const id of changedIds(before, after)) {
              const vms = (sig: string) =>
                (JSON.parse(sig) as { migrations: string[] }).migrations.map(
                  (m) => m.split(':')[0],
                );
              const isNew = vms(after).includes(id) && !vms(before).includes(id);
              if (isNew) expect(previous?.sessionState.intent?.name).toBe('CreateVm');
              else expect(text(previous), `${id} changed`).toMatch(new RegExp(`\\b${id}\\b`));
            }
            // A change: this input was a yes, to a confirmation the bot had just asked.
            expect(classifyConfirmation(input), `"${input}" changed the fleet`).toBe('yes');
            expect(previous?.sessionState.dialogAction?.type).toBe('ConfirmIntent');
            const asked = previous?.sessionState.intent;
            expect(CHANGES).toContain(asked?.name);
            // ...and the question named what is changing.
            const named = Object.values(asked?.slots ?? {}).flatMap((s) =>
              s?.value?.interpretedValue ? [s.value.interpretedValue] : [],
            );
            const said = text(previous);
            expect(named.some((v) => said.includes(v) || said.includes(v.replace('-', ' ')))).toBe(
              true,
            );
          }
          before = after;
          previous = r;
        }
      }),
      { numRuns: 25 },
    );
    // The conversations did change the fleet (so the property was put to the test).
    expect(changes).toBeGreaterThan(0);
  });
});
