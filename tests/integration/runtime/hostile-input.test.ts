import { randomBytes } from 'node:crypto';
import net from 'node:net';
import {
  GetSessionCommand,
  LexRuntimeV2Client,
  PutSessionCommand,
  RecognizeTextCommand,
} from '@aws-sdk/client-lex-runtime-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLexRuntime, decodeHeaderJson, startLexServer } from '../../../src/runtime';
import type { LexRuntime, LexServer } from '../../../src/runtime';
import { dialogBot } from '../../unit/runtime/fixtures/dialog-bot';
import { fakeLambda } from '../../unit/runtime/fixtures/fake-lambda';
import { http1 } from '../support/http1';

/**
 * Hostile input against the server, over HTTP/1.1 (raw) and HTTP/2 (the SDK): bodies too large,
 * too deep or shaped wrong, session state the Lambda could not carry, connections that never
 * finish their handshake. Every refusal is a 4xx in Lex's error shape, never a 500 or a reset,
 * and a refused request changes nothing.
 */
let runtime: LexRuntime;
let server: LexServer;
let client: LexRuntimeV2Client;
const ids = { botId: 'VMBOTLOCAL', botAliasId: 'TSTALIASID', localeId: 'en_US' };
const path = (sessionId: string, suffix = '') =>
  `/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/${sessionId}${suffix}`;
const SHORT = 300;

beforeAll(async () => {
  runtime = createLexRuntime({ bot: dialogBot(), invokeLambda: fakeLambda().fn, random: () => 0 });
  server = await startLexServer({
    runtime,
    port: 0,
    limits: { handshakeTimeoutMs: SHORT, headersTimeoutMs: SHORT },
  });
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

/** One HTTP/1.1 request to the server (no keep-alive); a string body goes as it is. */
const h1 = (method: string, url: string, body?: string) =>
  http1(`${server.url}${url}`, method, body);

function nested(depth: number): unknown {
  let value: unknown = { interpretedValue: 'x' };
  for (let i = 0; i < depth; i++)
    value = { value: { interpretedValue: 'x' }, subSlots: { s: value } };
  return value;
}

/** Text that gzip cannot shrink, as a header would carry it at worst. */
const noise = (chars: number) => randomBytes(chars).toString('base64').slice(0, chars);
const message = (content: string) => ({ contentType: 'PlainText', content });
const slot = (v: string) => ({
  shape: 'Scalar' as const,
  value: { originalValue: v, interpretedValue: v },
});

interface Case {
  name: string;
  operation: 'PutSession' | 'RecognizeText';
  body: unknown;
  says: RegExp;
}

const cases: Case[] = [
  { name: 'not JSON', operation: 'PutSession', body: '{"sessionState":', says: /not valid JSON/ },
  { name: 'a JSON array', operation: 'RecognizeText', body: '[1]', says: /must be a JSON object/ },
  {
    name: 'a slot nested 1000 deep',
    operation: 'PutSession',
    body: { sessionState: { intent: { name: 'MoveServer', slots: { Server: nested(1000) } } } },
    says: /nests more than 32 levels deep/,
  },
  {
    name: 'deep nesting in a field nobody reads',
    operation: 'RecognizeText',
    body: { text: 'hello', extra: nested(100) },
    says: /The request body nests more than 32 levels/,
  },
  {
    name: 'session attributes over 12 KB after base64',
    operation: 'PutSession',
    body: { sessionState: { sessionAttributes: { notes: 'x'.repeat(9_300) } } },
    says: /sessionState.sessionAttributes must take at most 12288 bytes after base64 \(12 KB\)/,
  },
  {
    name: 'a 64 KB attribute set',
    operation: 'RecognizeText',
    body: { text: 'hello', sessionState: { sessionAttributes: { a: 'x'.repeat(64 * 1024) } } },
    says: /Lex sends them to the Lambda in an event of at most 12288 bytes/,
  },
  {
    name: 'state and request attributes together over 12 KB',
    operation: 'RecognizeText',
    body: {
      text: 'hello',
      sessionState: { sessionAttributes: { a: 'x'.repeat(8_000) } },
      requestAttributes: { b: 'y'.repeat(5_000) },
    },
    says: /sessionState and requestAttributes take \d+ bytes of JSON/,
  },
  {
    name: 'messages that are not a list',
    operation: 'PutSession',
    body: { sessionState: {}, messages: 'hello' },
    says: /^Invalid messages: messages must be an array, got "hello"$/,
  },
  {
    name: 'eleven messages',
    operation: 'PutSession',
    body: { sessionState: {}, messages: Array.from({ length: 11 }, () => message('hi')) },
    says: /less than or equal to 10/,
  },
  {
    name: 'a message of 1001 characters',
    operation: 'PutSession',
    body: { sessionState: {}, messages: [message('x'.repeat(1001))] },
    says: /'messages.1.content'.*between 1 and 1000/,
  },
  {
    name: 'a message of an unknown type',
    operation: 'PutSession',
    body: { sessionState: {}, messages: [{ contentType: 'Video', content: 'x' }] },
    says: /messages\[0\]\.contentType must be one of CustomPayload, ImageResponseCard, PlainText or SSML, got "Video"/,
  },
  {
    name: 'a null message',
    operation: 'PutSession',
    body: { sessionState: {}, messages: [null] },
    says: /messages\[0\] must be an object, got null/,
  },
  {
    name: 'a card without a title',
    operation: 'PutSession',
    body: {
      sessionState: {},
      messages: [{ contentType: 'ImageResponseCard', imageResponseCard: { buttons: [] } }],
    },
    says: /messages\[0\]\.imageResponseCard\.title is missing/,
  },
];

describe('hostile bodies over HTTP/1.1', () => {
  it.each(cases)('$name: 400 ValidationException, nothing stored', async (c) => {
    // Prepare: a session with a known state, which the refused request must leave alone.
    const sessionId = `hostile-${cases.indexOf(c)}`;
    const before = await runtime.putSession({
      sessionId,
      sessionState: { sessionAttributes: { kept: 'yes' } },
    });
    const raw = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
    const suffix = c.operation === 'RecognizeText' ? '/text' : '';

    // Act
    const answer = await h1('POST', path(sessionId, suffix), raw);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(JSON.parse(answer.body).message).toMatch(c.says);
    const after = await runtime.getSession({ sessionId });
    expect(after.sessionState).toEqual(before.sessionState);
    const next = await h1('POST', path(sessionId, '/text'), JSON.stringify({ text: 'hello' }));
    expect(next.status).toBe(200);
  });

  it('refuses them without ever creating the session', async () => {
    for (const c of cases) {
      const answer = await h1(
        'POST',
        path('never-made', c.operation === 'PutSession' ? '' : '/text'),
        typeof c.body === 'string' ? c.body : JSON.stringify(c.body),
      );
      expect(answer.status, c.name).toBe(400);
    }
    expect((await h1('GET', path('never-made'))).status).toBe(404);
  });

  it('answers a body over the limit with 413 in Lex error shape, not a reset', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });

    const answer = await h1('POST', path('too-large', '/text'), body);

    expect(answer.status).toBe(413);
    expect(answer.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(JSON.parse(answer.body).message).toMatch(/larger than 131072 bytes/);
    expect((await h1('GET', path('too-large'))).status).toBe(404);
  });
});

describe('over HTTP/2, through the SDK', () => {
  it('refuses a 64 KB attribute set with ValidationException and keeps the earlier state', async () => {
    await client.send(
      new PutSessionCommand({
        ...ids,
        sessionId: 'h2-big',
        sessionState: { sessionAttributes: { kept: 'yes' } },
      }),
    );

    const refused = client.send(
      new PutSessionCommand({
        ...ids,
        sessionId: 'h2-big',
        sessionState: { sessionAttributes: { a: noise(64 * 1024) } },
      }),
    );

    await expect(refused).rejects.toMatchObject({ name: 'ValidationException' });
    const after = await client.send(new GetSessionCommand({ ...ids, sessionId: 'h2-big' }));
    expect(after.sessionState?.sessionAttributes).toEqual({ kept: 'yes' });
  });

  it('takes the largest state and messages the limits allow, headers and all', async () => {
    // Session attributes just under 12 KB after base64, ten messages of 1000 characters, none
    // of which gzip can shrink: the biggest PutSession answer headers can get.
    const attributes = { a: noise(9_100) };
    const messages = Array.from({ length: 10 }, () => message(noise(1000)));

    const out = await client.send(
      new PutSessionCommand({
        ...ids,
        sessionId: 'h2-largest',
        sessionState: {
          sessionAttributes: attributes,
          intent: { name: 'MoveServer', slots: { Server: slot('server-1') } },
        },
        messages: messages as never,
      }),
    );

    expect(
      decodeHeaderJson<{ sessionAttributes: unknown }>(out.sessionState!).sessionAttributes,
    ).toEqual(attributes);
    expect(decodeHeaderJson<unknown[]>(out.messages!)).toHaveLength(10);
  });

  it('answers a body over the limit with a Lex error the SDK reads', async () => {
    const refused = client.send(
      new RecognizeTextCommand({ ...ids, sessionId: 'h2-huge', text: 'x'.repeat(200 * 1024) }),
    );
    await expect(refused).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 413 },
    });
  });
});

describe('connections that never finish their handshake', () => {
  /** Opens a raw connection, sends `bytes`, and resolves with how long it stayed open. */
  function openFor(bytes: string): Promise<{ ms: number; received: string }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      let received = '';
      const socket = net.connect(server.port, '127.0.0.1', () => socket.write(bytes));
      socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => resolve({ ms: Date.now() - started, received }));
      setTimeout(() => reject(new Error('still open after 5 s')), 5_000).unref();
    });
  }

  it.each([
    ['nothing at all', ''],
    ['half the HTTP/2 preface', 'PRI * HTTP/2.0\r\n'],
    ['the HTTP/2 preface and nothing after', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
  ])('%s: closed after the handshake limit', async (_name, bytes) => {
    const { ms } = await openFor(bytes);
    expect(ms).toBeGreaterThanOrEqual(SHORT - 20);
    expect(ms).toBeLessThan(SHORT + 1_500);
  });

  it('HTTP/1.1 headers that never end: 408, then closed', async () => {
    const { ms, received } = await openFor('POST /bots HTTP/1.1\r\nHost: x\r\n');
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(SHORT + 1_500);
  });
});

describe('the number of sessions', () => {
  it('is bounded: a new session beyond it is throttled, existing ones carry on', async () => {
    const small = createLexRuntime({
      bot: dialogBot(),
      invokeLambda: fakeLambda().fn,
      maxSessions: 3,
    });
    for (const sessionId of ['s-1', 's-2', 's-3'])
      await small.recognizeText({ sessionId, text: 'hi' });

    const refused = small.recognizeText({ sessionId: 's-4', text: 'hi' });

    await expect(refused).rejects.toMatchObject({ name: 'ThrottlingException', status: 429 });
    await expect(small.getSession({ sessionId: 's-4' })).rejects.toMatchObject({ status: 404 });
    await expect(small.recognizeText({ sessionId: 's-2', text: 'hi' })).resolves.toBeDefined();
    await small.deleteSession({ sessionId: 's-1' });
    await expect(small.recognizeText({ sessionId: 's-4', text: 'hi' })).resolves.toBeDefined();
  });
});
