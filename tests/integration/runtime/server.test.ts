import {
  DeleteSessionCommand,
  DependencyFailedException,
  GetSessionCommand,
  LexRuntimeV2Client,
  PutSessionCommand,
  RecognizeTextCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lex-runtime-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLexRuntime, decodeHeaderJson, startLexServer } from '../../../src/runtime';
import type { LexServer, Message, SessionState } from '../../../src/runtime';
import { dialogBot } from '../../unit/runtime/fixtures/dialog-bot';
import { fakeLambda, lexDefault } from '../../unit/runtime/fixtures/fake-lambda';
import { http1 } from '../support/http1';

// The Lex Runtime V2 HTTP API of the local runtime, driven by the real AWS SDK client (which
// speaks HTTP/2 cleartext to an http:// endpoint) and by plain HTTP/1.1 (as the AWS CLI does).

const lambda = fakeLambda((event) => {
  if (event.inputTranscript.includes('explode')) throw new Error('kaboom');
  return lexDefault(event);
});
let server: LexServer;
let client: LexRuntimeV2Client;
const ids = { botId: 'VMBOTLOCAL', botAliasId: 'TSTALIASID', localeId: 'en_US' };
const path = (sessionId: string, suffix = '') =>
  `/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/${sessionId}${suffix}`;

beforeAll(async () => {
  const runtime = createLexRuntime({ bot: dialogBot(), invokeLambda: lambda.fn, random: () => 0 });
  server = await startLexServer({ runtime, port: 0 });
  client = new LexRuntimeV2Client({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

/** One HTTP/1.1 request to the server (no keep-alive). */
const h1 = (method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
  http1(`${server.url}${url}`, method, body, headers);

describe('through @aws-sdk/client-lex-runtime-v2 (HTTP/2)', () => {
  it('holds a conversation with RecognizeText', async () => {
    // Act
    const first = await client.send(
      new RecognizeTextCommand({ ...ids, sessionId: 'sdk-1', text: 'relocate server-3' }),
    );
    const second = await client.send(
      new RecognizeTextCommand({ ...ids, sessionId: 'sdk-1', text: 'rack-a' }),
    );
    const third = await client.send(
      new RecognizeTextCommand({ ...ids, sessionId: 'sdk-1', text: 'yes' }),
    );
    // Assess
    expect(first.messages?.[0]?.content).toBe('Which rack should server-3 go to?');
    expect(first.sessionState?.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'Rack' });
    expect(first.interpretations?.[0]?.nluConfidence?.score).toBeGreaterThan(0.4);
    expect(second.sessionState?.dialogAction?.type).toBe('ConfirmIntent');
    expect(third.messages?.map((m) => m.content)).toEqual([
      'Done: MoveServer.',
      'Moved.',
      'Anything else?',
    ]);
    expect(third.sessionState?.intent?.state).toBe('Fulfilled');
    expect(third.sessionId).toBe('sdk-1');
  });

  it('PutSession answers in gzip+base64 headers; GetSession and DeleteSession work', async () => {
    // Act
    const put = await client.send(
      new PutSessionCommand({
        ...ids,
        sessionId: 'sdk-2',
        sessionState: {
          dialogAction: { type: 'ElicitSlot', slotToElicit: 'Server' },
          intent: { name: 'MoveServer' },
          sessionAttributes: { operator: 'ada' },
        },
        requestAttributes: { channel: 'test' },
      }),
    );
    const got = await client.send(new GetSessionCommand({ ...ids, sessionId: 'sdk-2' }));
    const deleted = await client.send(new DeleteSessionCommand({ ...ids, sessionId: 'sdk-2' }));
    // Assess
    expect(put.contentType).toBe('text/plain; charset=utf-8');
    expect(put.sessionId).toBe('sdk-2');
    expect(decodeHeaderJson<Message[]>(put.messages ?? '')).toEqual([
      { contentType: 'PlainText', content: 'Which server?' },
    ]);
    expect(decodeHeaderJson<SessionState>(put.sessionState ?? '').sessionAttributes).toEqual({
      operator: 'ada',
    });
    expect(decodeHeaderJson(put.requestAttributes ?? '')).toEqual({ channel: 'test' });
    expect(got.sessionState?.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'Server' });
    expect(deleted).toMatchObject({ ...ids, sessionId: 'sdk-2' });
  });

  it('reports Lex errors as the SDK expects them', async () => {
    await expect(
      client.send(new GetSessionCommand({ ...ids, sessionId: 'never-seen' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    const failure = client.send(
      new RecognizeTextCommand({ ...ids, sessionId: 'sdk-3', text: 'relocate server-1 explode' }),
    );
    await expect(failure).rejects.toBeInstanceOf(DependencyFailedException);
    await expect(failure).rejects.toMatchObject({
      message: 'Invalid Lambda Response: Received error response from Lambda: Error: kaboom',
      $metadata: { httpStatusCode: 424 },
    });
  });

  it('serves 50 concurrent sessions, each isolated from the others', async () => {
    // Prepare
    const sessions = Array.from({ length: 50 }, (_, i) => ({
      id: `parallel-${i}`,
      server: `server-${(i % 3) + 1}`,
      rack: i % 2 === 0 ? 'rack-a' : 'rack-b',
    }));
    const say = (sessionId: string, text: string) =>
      client.send(new RecognizeTextCommand({ ...ids, sessionId, text }));
    // Act
    const results = await Promise.all(
      sessions.map(async (s) => {
        await say(s.id, `relocate ${s.server}`);
        return say(s.id, s.rack);
      }),
    );
    // Assess
    results.forEach((r, i) => {
      const s = sessions[i];
      expect(r.messages?.[0]?.content).toBe(`Move ${s?.server} to ${s?.rack}?`);
    });
  });
});

describe('through HTTP/1.1 (node http, like the AWS CLI)', () => {
  it('RecognizeText on the same port', async () => {
    const r = await h1('POST', path('h1-1', '/text'), { text: 'order a latte' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body).messages).toEqual([
      { contentType: 'PlainText', content: 'Enjoy your latte!' },
    ]);
  });

  it('errors carry x-amzn-errortype and a {"message"} body', async () => {
    const short = await h1(
      'POST',
      '/bots/SHORT/botAliases/TSTALIASID/botLocales/en_US/sessions/h1-2/text',
      {
        text: 'hi',
      },
    );
    const empty = await h1('POST', path('h1-2', '/text'), { text: '' });
    const badJson = await h1('POST', path('h1-2', '/text'), '{not json');
    const locale = await h1('POST', path('h1-2', '/text').replace('en_US', 'fr_FR'), {
      text: 'hi',
    });
    const unknown = await h1('GET', '/nothing/here');
    const missing = await h1('GET', path('h1-never'));
    expect([short.status, short.headers['x-amzn-errortype']]).toEqual([400, 'ValidationException']);
    expect(JSON.parse(short.body).message).toContain("at 'botId'");
    expect([empty.status, empty.headers['x-amzn-errortype']]).toEqual([400, 'ValidationException']);
    expect([badJson.status, badJson.headers['x-amzn-errortype']]).toEqual([
      400,
      'ValidationException',
    ]);
    expect([locale.status, locale.headers['x-amzn-errortype']]).toEqual([
      404,
      'ResourceNotFoundException',
    ]);
    expect([unknown.status, unknown.headers['x-amzn-errortype']]).toEqual([
      404,
      'UnknownOperationException',
    ]);
    expect([missing.status, missing.headers['x-amzn-errortype']]).toEqual([
      404,
      'ResourceNotFoundException',
    ]);
  });

  it('PutSession headers, with ResponseContentType echoed', async () => {
    const r = await h1(
      'POST',
      path('h1-3'),
      { sessionState: { dialogAction: { type: 'ElicitIntent' }, sessionAttributes: { a: '1' } } },
      { ResponseContentType: 'text/plain; charset=utf-8' },
    );
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.headers['x-amz-lex-session-id']).toBe('h1-3');
    const state = decodeHeaderJson<SessionState>(String(r.headers['x-amz-lex-session-state']));
    expect(state.sessionAttributes).toEqual({ a: '1' });
  });

  it('requests on one session are served one after the other', async () => {
    const [first, second] = await Promise.all([
      h1('POST', path('h1-4', '/text'), { text: 'relocate server-2' }),
      h1('POST', path('h1-4', '/text'), { text: 'rack-b' }),
    ]);
    expect(JSON.parse(first.body).sessionState.dialogAction.slotToElicit).toBe('Rack');
    expect(JSON.parse(second.body).messages[0].content).toBe('Move server-2 to rack-b?');
  });

  it('an HTTP/1.1 and an HTTP/2 client share sessions', async () => {
    await h1('POST', path('mixed-1', '/text'), { text: 'relocate server-1' });
    const r = await client.send(
      new RecognizeTextCommand({ ...ids, sessionId: 'mixed-1', text: 'rack-a' }),
    );
    expect(r.messages?.[0]?.content).toBe('Move server-1 to rack-a?');
  });
});
