import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bot } from '../../../bot-definition';
import { createLexRuntime, type InvocationContext } from '../../../src/runtime';
import type { RecognizeTextOutput } from '../../../src/runtime';
import { createDynamo, DynamoFleetStore, ensureTable, seedDemoFleet } from '../../../src/store';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../src/store/local/dynamodb-local';
import { startDynamoProxy, type DynamoProxy } from '../support/dynamo-proxy';

/**
 * Deadlines against a stalled database: the real handler and the local runtime, with DynamoDB
 * Local of its own (it is stopped with SIGSTOP mid-turn, right as the migration's transaction is
 * sent), seen through a proxy that notes when each request was sent. No request may be sent
 * after the turn's deadline, and the next turn must say truthfully whether the write happened.
 */
const TABLE = 'vmbot-deadline';
let local: DynamoDbLocal;
let proxy: DynamoProxy;
let store: DynamoFleetStore;
let handler: (event: unknown, context?: InvocationContext) => Promise<unknown>;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  proxy = await startDynamoProxy(local.endpoint);
  const dynamo = createDynamo({ endpoint: local.endpoint });
  await ensureTable(dynamo.client, TABLE);
  store = new DynamoFleetStore({ client: dynamo.client, tableName: TABLE });
  await seedDemoFleet(store);
  // The handler reads its environment when loaded, as in Lambda.
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', proxy.endpoint);
  vi.stubEnv('TABLE_NAME', TABLE);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  ({ handler } = await import('../../../lambda/handler'));
});

afterAll(async () => {
  if (local) process.kill(local.pid, 'SIGCONT');
  await proxy?.close();
  await local?.stop();
  vi.unstubAllEnvs();
});

const text = (out: RecognizeTextOutput) => (out.messages ?? []).map((m) => m.content).join('\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops DynamoDB Local the moment the next transaction is sent to it. */
function stallAtNextTransaction(): void {
  proxy.onRequest = (operation) => {
    if (operation !== 'TransactWriteItems') return;
    proxy.onRequest = () => {};
    process.kill(local.pid, 'SIGSTOP');
  };
}

describe('a turn whose DynamoDB stalls mid-write', () => {
  it('ends at the handler deadline, sends nothing after it, and settles the write next turn', async () => {
    // Prepare: the runtime waits 3 s, so the handler has 2.5 s for DynamoDB.
    const runtime = createLexRuntime({ bot, invokeLambda: handler, lambdaTimeoutMs: 3_000 });
    const session = { sessionId: 'stalled-write' };
    const ask = await runtime.recognizeText({ ...session, text: 'migrate vm-3 to host b' });
    expect(ask.sessionState.dialogAction?.type).toBe('ConfirmIntent');
    stallAtNextTransaction();

    // Act
    const started = Date.now();
    const answer = await runtime.recognizeText({ ...session, text: 'yes' });
    const answeredAt = Date.now();
    await sleep(1_000); // an SDK retry of the stalled transaction would be sent by now

    // Assess: a clean answer before the runtime's 424, and nothing sent after it.
    expect(answeredAt - started).toBeGreaterThanOrEqual(2_400);
    expect(answeredAt - started).toBeLessThan(3_000);
    expect(text(answer)).toMatch(
      /stopped answering .*did not answer in time.* I can't tell whether it went through: I will check/,
    );
    expect(answer.sessionState.intent?.state).toBe('Failed');
    expect(proxy.seen.filter((r) => r.atMs > answeredAt)).toEqual([]);

    // Act: DynamoDB Local resumes (the stalled transaction may land now), the user goes on.
    process.kill(local.pid, 'SIGCONT');
    const next = await runtime.recognizeText({ ...session, text: 'list hosts' });

    // Assess: what the bot says is what the fleet shows, and the question is closed.
    // (A migration that landed may have finished by now: its record says it happened.)
    const landed = (await store.listMigrationsForVm('vm-3')).length > 0;
    expect(text(next)).toMatch(
      landed
        ? /^I have checked your earlier request to migrate vm-3 to host-b: it did go through/
        : /^I have checked your earlier request to migrate vm-3 to host-b: it did not go through/,
    );
    expect(next.sessionState.sessionAttributes?.unsettledWrites).toBeUndefined();
    const again = await runtime.recognizeText({ ...session, text: 'list hosts' });
    expect(text(again)).not.toMatch(/earlier request/);
  });

  it('aborts a handler that overruns when the runtime answers 424: nothing is sent after', async () => {
    // Prepare: a handler told it has a minute, which the runtime will not wait for.
    const runtime = createLexRuntime({
      bot,
      invokeLambda: (event, context) =>
        handler(event, {
          getRemainingTimeInMillis: () => 60_000,
          abortSignal: context.abortSignal,
        }),
      lambdaTimeoutMs: 1_500,
    });
    const session = { sessionId: 'overrun' };
    await runtime.recognizeText({ ...session, text: 'migrate vm-1 to host b' });
    stallAtNextTransaction();

    // Act
    const started = Date.now();
    const failed = await runtime.recognizeText({ ...session, text: 'yes' }).catch((e: Error) => e);
    const failedAt = Date.now();
    // Until past the request timeout (2.5 s after the send) and the SDK's retry of it.
    await sleep(started + 3_000 - Date.now());

    // Assess
    expect(failed).toMatchObject({ name: 'DependencyFailedException' });
    expect(failedAt - started).toBeLessThan(2_000);
    expect(proxy.seen.some((r) => r.operation === 'TransactWriteItems')).toBe(true);
    expect(proxy.seen.filter((r) => r.atMs > failedAt)).toEqual([]);
    process.kill(local.pid, 'SIGCONT');
  });
});
