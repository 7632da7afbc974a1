import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalBot, type LocalBot } from '../../../src/cli/backend/local-bot';
import { classifyConfirmation, type RecognizeTextOutput } from '../../../src/runtime';
import { createDynamo, DynamoFleetStore } from '../../../src/store';

/**
 * Whatever people say, in whatever order (requests, cancels, corrections, questions, small talk,
 * gibberish, yes and no), no migration, creation or evacuation starts without an explicit yes to
 * a confirmation that named it. Random conversations through the local runtime and the real
 * Lambda handler on DynamoDB Local; the fleet is compared after every turn.
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

/** What a user could change by saying yes: migrations started, VMs, hosts in maintenance. */
async function fleetSignature(): Promise<string> {
  const [vms, hosts] = await Promise.all([store.listVms(), store.listHosts()]);
  const migrations = vms.map((v) => `${v.id}:${v.migration?.id ?? v.lastMigrationId ?? ''}`);
  const maintenance = hosts.filter((h) => h.state === 'maintenance').map((h) => h.id);
  return JSON.stringify({ migrations: migrations.sort(), maintenance: maintenance.sort() });
}

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
    const turn = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...TURNS) },
      { weight: 2, arbitrary: fc.constantFrom(...YES) },
    );
    let changes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(turn, { minLength: 2, maxLength: 7 }), async (said) => {
        await local.backend.resetToDemoFleet();
        const sessionId = `p-${randomUUID()}`;
        let before = await fleetSignature();
        let previous: RecognizeTextOutput | undefined;
        for (const input of said) {
          const r = await local.runtime.recognizeText({ sessionId, text: input });
          const after = await fleetSignature();
          if (after !== before) {
            changes += 1;
            // A change: this input was a yes, to a confirmation the bot had just asked.
            expect(classifyConfirmation(input), `"${input}" changed the fleet`).toBe('yes');
            expect(previous?.sessionState.dialogAction?.type).toBe('ConfirmIntent');
            const asked = previous?.sessionState.intent;
            expect(['MigrateVm', 'CreateVm', 'EvacuateHost']).toContain(asked?.name);
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
