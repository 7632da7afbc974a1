import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { countDynamoRequests, recordLambdaCalls } from '../../../src/console/lambda-calls';
import type { LexEvent } from '../../../src/lex';
import type { InvocationContext } from '../../../src/runtime';
import { createDynamo, withDeadline } from '../../../src/store';
import { lexEvent } from '../../support/lex-events';
import { toWire } from '../../../src/store/dynamo/wire';
import { keys } from '../../../src/store/table/keys';

/** A real document client whose requests are answered in process (no network). */
function answeringDoc() {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  client.middlewareStack.add(
    () => async () => ({ output: { $metadata: {} } as never, response: {} }),
    { step: 'finalizeRequest', name: 'answerInProcess' },
  );
  return DynamoDBDocumentClient.from(client);
}

const get = (doc: DynamoDBDocumentClient) =>
  doc.send(new GetCommand({ TableName: 't', Key: keys.vm('vm-1') }));
const tick = () => new Promise((r) => setTimeout(r, 1));

/** The runtime's side of a call: time left, and the signal it aborts when it stops waiting. */
function context(aborter = new AbortController()): InvocationContext {
  return { getRemainingTimeInMillis: () => 30_000, abortSignal: aborter.signal };
}

function turnEvent(sessionId: string, requestId: string, source = 'DialogCodeHook' as const) {
  return lexEvent({ intent: 'WhereIsVm', source, sessionId, originatingRequestId: requestId });
}

describe('the Lambda calls of a turn, for Inspect', () => {
  it('records the event, the response, the duration and the DynamoDB requests of each call', async () => {
    // Prepare
    const doc = answeringDoc();
    const recorder = recordLambdaCalls(async (event: LexEvent) => {
      await get(doc);
      await get(doc);
      return { sessionState: { dialogAction: { type: 'Delegate' } }, seen: event.sessionId };
    });
    countDynamoRequests(doc, recorder);
    const event = { ...turnEvent('s1', 'r1'), invocationLabel: 'offer-report' };
    // Act
    const response = await recorder.invoke(event, context());
    // Assess
    expect(response).toMatchObject({ seen: 's1' });
    const [call, ...rest] = recorder.callsOf('s1', 'r1');
    expect(rest).toEqual([]);
    expect(call).toMatchObject({
      seq: 1,
      sessionId: 's1',
      requestId: 'r1',
      invocationSource: 'DialogCodeHook',
      invocationLabel: 'offer-report',
      intentName: 'WhereIsVm',
      dynamoRequests: 2,
      event,
      response,
    });
    expect(call!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('counts requests against the call they belong to, however calls overlap; none outside calls', async () => {
    const doc = answeringDoc();
    const recorder = recordLambdaCalls(async (event: LexEvent) => {
      const n = event.sessionId === 'busy' ? 5 : 1;
      for (let i = 0; i < n; i++) {
        await tick();
        await get(doc);
      }
      return {};
    });
    countDynamoRequests(doc, recorder);
    await get(doc); // outside any call
    await Promise.all([
      recorder.invoke(turnEvent('busy', 'r1'), context()),
      recorder.invoke(turnEvent('quiet', 'r1'), context()),
      recorder.invoke(turnEvent('busy', 'r2'), context()),
    ]);
    expect(recorder.callsOf('busy', 'r1').map((c) => c.dynamoRequests)).toEqual([5]);
    expect(recorder.callsOf('quiet', 'r1').map((c) => c.dynamoRequests)).toEqual([1]);
    expect(recorder.callsOf('busy', 'r2').map((c) => c.dynamoRequests)).toEqual([5]);
  });

  it('keeps the calls of one turn in order and tells turns apart', async () => {
    const recorder = recordLambdaCalls(async () => ({}));
    await recorder.invoke(turnEvent('s', 'r1'), context());
    await recorder.invoke(
      turnEvent('s', 'r1', 'FulfillmentCodeHook' as 'DialogCodeHook'),
      context(),
    );
    await recorder.invoke(turnEvent('s', 'r2'), context());
    expect(recorder.callsOf('s', 'r1').map((c) => c.invocationSource)).toEqual([
      'DialogCodeHook',
      'FulfillmentCodeHook',
    ]);
    expect(recorder.callsOf('s', 'r2')).toHaveLength(1);
    expect(recorder.callsOf('other', 'r1')).toEqual([]);
  });

  it('records a Lambda that throws and throws on, as Lex sees it', async () => {
    const recorder = recordLambdaCalls(async () => {
      throw new TypeError('boom');
    });
    await expect(recorder.invoke(turnEvent('s', 'r'), context())).rejects.toThrow('boom');
    expect(recorder.callsOf('s', 'r')[0]).toMatchObject({ error: 'TypeError: boom' });
    expect(recorder.callsOf('s', 'r')[0]).not.toHaveProperty('response');
  });

  it('tells listeners of each call as it ends, until they stop listening', async () => {
    const doc = answeringDoc();
    const recorder = recordLambdaCalls(async () => {
      await get(doc);
      return {};
    });
    countDynamoRequests(doc, recorder);
    const ended: [number, number][] = [];
    const stop = recorder.onSettled((c) => ended.push([c.seq, c.dynamoRequests]));
    await recorder.invoke(turnEvent('s', 'r1'), context());
    stop();
    await recorder.invoke(turnEvent('s', 'r2'), context());
    expect(ended).toEqual([[1, 1]]);
  });

  it('keeps the latest calls only', async () => {
    const recorder = recordLambdaCalls(async () => ({}), { limit: 3 });
    for (let i = 1; i <= 5; i++) await recorder.invoke(turnEvent('s', `r${i}`), context());
    expect(recorder.callsOf('s', 'r2')).toEqual([]);
    expect(recorder.callsOf('s', 'r3')).toHaveLength(1);
    expect(recorder.callsOf('s', 'r5')).toHaveLength(1);
  });

  it('keeps a copy of the event: what the Lambda does to it afterwards does not change the record', async () => {
    const recorder = recordLambdaCalls(async (event: LexEvent) => {
      event.sessionState.sessionAttributes = { changed: 'yes' };
      return {};
    });
    await recorder.invoke(turnEvent('s', 'r'), context());
    const recorded = recorder.callsOf('s', 'r')[0]!.event as LexEvent;
    expect(recorded.sessionState.sessionAttributes).not.toEqual({ changed: 'yes' });
  });

  it('marks a call the runtime stopped waiting for, with the answer that came too late', async () => {
    const aborter = new AbortController();
    const recorder = recordLambdaCalls(async (_event, { abortSignal }) => {
      await new Promise((r) => abortSignal.addEventListener('abort', r));
      return { late: true };
    });
    const call = recorder.invoke(turnEvent('s', 'r'), context(aborter));
    aborter.abort(new Error('the runtime stopped waiting after 30 ms'));
    await call;
    expect(recorder.callsOf('s', 'r')[0]).toMatchObject({
      response: { late: true },
      error:
        'Abandoned: the runtime stopped waiting after 30 ms; the turn failed and this answer was ignored',
    });
  });

  it('counts every request sent, retries too, and none that the deadline kept back', async () => {
    // Prepare: a DynamoDB that answers every request with a server error (the SDK retries).
    let received = 0;
    const server = createServer((_req, res) => {
      received++;
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'InternalServerError', message: 'down' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const { client } = createDynamo({ endpoint: `http://127.0.0.1:${port}` });
    const read = () =>
      client.send(new GetItemCommand({ TableName: 't', Key: toWire(keys.vm('vm-1')) }));
    const recorder = recordLambdaCalls(async () => {
      await read().catch(() => {});
      await withDeadline({ remainingMs: 0 }, read).catch(() => {});
      return {};
    });
    countDynamoRequests(client, recorder);
    try {
      // Act
      await recorder.invoke(turnEvent('s', 'r'), context());
    } finally {
      client.destroy();
      server.close();
    }
    // Assess: the first read's attempts, all sent; the second, never sent.
    expect(received).toBeGreaterThan(1);
    expect(recorder.callsOf('s', 'r')[0]!.dynamoRequests).toBe(received);
  });
});
