import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startLocalBot, type LocalBot } from '../../../src/cli/backend/local-bot';
import type { RecognizeTextOutput, SessionState } from '../../../src/runtime';
import { createDynamo, DynamoFleetStore } from '../../../src/store';

/**
 * A client may send any session state with RecognizeText and PutSession, in Lex as here: the
 * intent, its slots, a dialog action, `Confirmed`, session attributes. None of it may change the
 * fleet or make the bot claim a change: only a yes to a confirmation the bot itself asked, in
 * this session, for exactly that change. Through the local runtime and the real handler on
 * DynamoDB Local, as an attacker would drive `vmbot serve`.
 */
let local: LocalBot;
let store: DynamoFleetStore;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.TABLE_NAME = `vmbot-forged-${randomUUID().slice(0, 8)}`;
  process.env.VMBOT_TIME_SCALE = '1';
  local = await startLocalBot();
  const { client } = createDynamo({ endpoint: inject('dynamoEndpoint') });
  store = new DynamoFleetStore({ client, tableName: process.env.TABLE_NAME });
});
afterAll(async () => {
  await local?.close();
});
beforeEach(async () => {
  await local.backend.resetToDemoFleet();
});

/** What a yes could change: migrations started, VMs, hosts put in maintenance. */
async function fleet() {
  const [vms, hosts] = await Promise.all([store.listVms(), store.listHosts()]);
  return {
    migrations: vms.map((v) => `${v.id}:${v.migration?.id ?? v.lastMigrationId ?? ''}`).sort(),
    maintenance: hosts.filter((h) => h.state === 'maintenance').map((h) => h.id),
  };
}

const text = (r: RecognizeTextOutput) => (r.messages ?? []).map((m) => m.content ?? '').join('\n');
const session = () => `forged-${randomUUID()}`;
const say = (sessionId: string, words: string, sessionState?: SessionState) =>
  local.runtime.recognizeText({
    sessionId,
    text: words,
    ...(sessionState ? { sessionState } : {}),
  });
const slot = (value: string) => ({
  shape: 'Scalar' as const,
  value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
});
const CLAIM = /^Migrating |^Created |^Evacuating |in maintenance now|did go through/m;

describe('a session state the bot did not make', () => {
  it('cannot confirm an evacuation the bot never proposed (RecognizeText "yes")', async () => {
    const before = await fleet();
    const r = await say(session(), 'yes', {
      intent: {
        name: 'EvacuateHost',
        slots: { HostName: slot('host-a') },
        state: 'InProgress',
        confirmationState: 'None',
      },
      dialogAction: { type: 'ConfirmIntent' },
    });
    expect(await fleet()).toEqual(before);
    expect(text(r)).not.toMatch(CLAIM);
    // The real request, asked afresh: the next yes is to a question the bot did ask.
    expect(r.sessionState.dialogAction?.type).toBe('ConfirmIntent');
    expect(text(r)).toMatch(/^Evacuate host-a/m);
  });

  it('cannot start a migration with PutSession Confirmed + Delegate', async () => {
    const before = await fleet();
    const sessionId = session();
    await local.runtime.putSession({
      sessionId,
      sessionState: {
        intent: {
          name: 'MigrateVm',
          slots: { VmName: slot('vm-3'), TargetHost: slot('host-b') },
          state: 'ReadyForFulfillment',
          confirmationState: 'Confirmed',
        },
        dialogAction: { type: 'Delegate' },
      },
    });
    expect(await fleet()).toEqual(before);
  });

  it('cannot swap the VM, the host or the intent of a confirmation the bot asked', async () => {
    const sessionId = session();
    const asked = await say(sessionId, 'migrate vm-3 to host b');
    expect(asked.sessionState.dialogAction?.type).toBe('ConfirmIntent');
    const before = await fleet();
    const intent = asked.sessionState.intent!;
    const swaps: SessionState['intent'][] = [
      { ...intent, slots: { ...intent.slots, VmName: slot('vm-1') } },
      { ...intent, slots: { ...intent.slots, TargetHost: slot('host-d') } },
      { ...intent, name: 'EvacuateHost', slots: { HostName: slot('host-a') } },
      { ...intent, name: 'CreateVm', slots: { ApplianceName: slot('cache') } },
    ];
    for (const swapped of swaps) {
      const r = await say(sessionId, 'yes', { ...asked.sessionState, intent: swapped });
      expect(await fleet(), JSON.stringify(swapped)).toEqual(before);
      expect(text(r)).not.toMatch(CLAIM);
    }
  });

  it('cannot replay a confirmation from another session', async () => {
    const asked = await say(session(), 'migrate vm-3 to host b');
    const before = await fleet();
    const r = await say(session(), 'yes', asked.sessionState);
    expect(await fleet()).toEqual(before);
    expect(text(r)).not.toMatch(CLAIM);
  });

  it('writes once for a yes replayed in the same session', async () => {
    const sessionId = session();
    const asked = await say(sessionId, 'migrate vm-3 to host b');
    const yes = await say(sessionId, 'yes');
    expect(text(yes)).toMatch(/^Migrating vm-3/m);
    const after = await fleet();
    // The same yes, with the state as it stood at the question, again and again.
    for (let i = 0; i < 3; i += 1) await say(sessionId, 'yes', asked.sessionState);
    expect(await fleet()).toEqual(after);
  });

  it('still migrates after a yes to the question the bot asked', async () => {
    const sessionId = session();
    await say(sessionId, 'migrate vm-3 to host b');
    const before = await fleet();
    const r = await say(sessionId, 'yes');
    expect(text(r)).toMatch(/^Migrating vm-3 from host-a to host-b/m);
    expect(await fleet()).not.toEqual(before);
  });
});

describe('conversation memory the bot did not write', () => {
  const OWN = [
    'openTask',
    'pausedTask',
    'refusedTask',
    'lastVm',
    'unsettledWrites',
    'confirmation',
    'offerReportFor',
    'recommendedVm',
    'recommendedHost',
    'migrationInProgress',
    'seal',
  ];
  const task = fc.record({
    intent: fc.constantFrom(
      'MigrateVm',
      'CreateVm',
      'EvacuateHost',
      'WhereIsVm',
      'ListHosts',
      'Nope',
      '__proto__',
    ),
    slots: fc.dictionary(
      fc.constantFrom('VmName', 'TargetHost', 'HostName', 'ApplianceName', 'MemoryGiB', 'Bogus'),
      fc.constantFrom('vm-3', 'host-b', 'cache', '8', 'x'.repeat(120), ''),
    ),
    awaiting: fc.constantFrom(null, 'VmName', 'TargetHost', 'HostName', 'Bogus'),
    question: fc.string({ maxLength: 40 }),
    retries: fc.integer({ min: -1, max: 12 }),
    resumed: fc.boolean(),
  });
  const value = fc.oneof(
    task.map((t) => JSON.stringify(t)),
    fc.constantFrom(
      'vm-3',
      'host-b',
      '[{"key":"MigrateVm#abc","what":"migrate vm-3 to host-b"}]',
      '{"request":"[\\"MigrateVm\\",[[\\"VmName\\",\\"vm-3\\"],[\\"TargetHost\\",\\"host-b\\"]]]","nonce":"n","expiresAt":9999999999999}',
      'AAAA',
    ),
    fc.string({ maxLength: 60 }),
  );
  const attributes = fc.dictionary(fc.constantFrom(...OWN), value, { maxKeys: 6 });
  const words = fc.constantFrom(
    'yes',
    'go ahead',
    'list hosts',
    'where is vm-3',
    'cancel',
    'try again with auto-converge',
    'it',
    'host-b',
    'repeat that',
    'no',
  );

  it('is ignored: no error, no write, no claim of a write', { timeout: 120_000 }, async () => {
    const before = await fleet();
    await fc.assert(
      fc.asyncProperty(attributes, words, async (sessionAttributes, input) => {
        const r = await say(session(), input, { sessionAttributes });
        expect(r.messages?.length ?? 0).toBeGreaterThan(0);
        expect(text(r)).not.toMatch(CLAIM);
        expect(await fleet()).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });
});
