import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLexRuntime, SERVER_LIMITS, startLexServer } from '../../../src/runtime';
import type { LexRuntime, LexServer } from '../../../src/runtime';
import { dialogBot } from '../../unit/runtime/fixtures/dialog-bot';
import { fakeLambda } from '../../unit/runtime/fixtures/fake-lambda';
import { http2Request } from '../support/http2';

/**
 * What one HTTP/2 connection may hold: 100 streams at once (a client that opens more loses the
 * connection), and request bodies under the same deadline as HTTP/1.1's.
 */
const DEADLINE_MS = 400;
let runtime: LexRuntime;
let server: LexServer;

const lex = (sessionId: string, suffix = '') =>
  `/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/${sessionId}${suffix}`;

beforeAll(async () => {
  runtime = createLexRuntime({ bot: dialogBot(), invokeLambda: fakeLambda().fn, random: () => 0 });
  server = await startLexServer({
    runtime,
    port: 0,
    limits: { requestTimeoutMs: DEADLINE_MS, headersTimeoutMs: DEADLINE_MS },
  });
});

afterAll(async () => {
  await server?.close();
});

/** A RecognizeText whose body never ends: the stream stays open until the deadline. */
function openBody(session: http2.ClientHttp2Session, sessionId: string) {
  const stream = session.request(
    { ':method': 'POST', ':path': lex(sessionId, '/text'), 'content-type': 'application/json' },
    { endStream: false },
  );
  stream.write('{"text":');
  stream.on('error', () => {});
  return stream;
}

describe('streams per connection', () => {
  it('the server announces 100, and the 101st request waits for a free one', async () => {
    const session = http2.connect(server.url);
    session.on('error', () => {});
    try {
      await new Promise((resolve) => session.once('remoteSettings', resolve));
      expect(session.remoteSettings.maxConcurrentStreams).toBe(
        SERVER_LIMITS.h2MaxConcurrentStreams,
      );
      expect(SERVER_LIMITS.h2MaxConcurrentStreams).toBe(100);
      const held = Array.from({ length: 100 }, (_, i) => openBody(session, `held-${i}`));
      const started = Date.now();
      const next = session.request({ ':path': lex('nobody') });
      next.end();
      const status = await new Promise<number>((resolve) =>
        next.on('response', (h) => resolve(Number(h[':status']))),
      );
      // Answered (404: no such session) only once the held streams reached their deadline.
      expect(status).toBe(404);
      expect(Date.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
      held.forEach((s) => s.close());
    } finally {
      session.destroy();
    }
  });

  it('a client that opens more than 100 at once loses its connection; others are served', async () => {
    const { frames, closedByServer } = await rawStreams(server.port, 101);
    // nghttp2 takes it as a connection error: streams reset, the connection closed.
    expect(closedByServer).toBe(true);
    expect(frames.some((f) => f.type === RST_STREAM)).toBe(true);
    const ok = await http2Request(server.url, 'GET', lex('nobody'));
    expect(ok.status).toBe(404);
  });

  it('100 at once are all served', async () => {
    const { frames, closedByServer } = await rawStreams(server.port, 100);
    expect(closedByServer).toBe(false);
    expect(frames.filter((f) => f.type === RST_STREAM || f.type === GOAWAY)).toEqual([]);
  });
});

describe('request bodies', () => {
  it('over HTTP/2: a body that does not end in time gets 408, and nothing is stored', async () => {
    const session = http2.connect(server.url);
    session.on('error', () => {});
    try {
      const stream = openBody(session, 'slow-h2');
      const started = Date.now();
      const [status, body] = await new Promise<[number, string]>((resolve) => {
        let code = 0;
        const chunks: Buffer[] = [];
        stream.on('response', (h) => (code = Number(h[':status'])));
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('close', () => resolve([code, Buffer.concat(chunks).toString('utf8')]));
      });
      expect(status).toBe(408);
      expect(JSON.parse(body).message).toBe(
        `The request body did not arrive within ${DEADLINE_MS / 1000} s`,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
      expect(stream.closed).toBe(true);
      await expect(runtime.getSession({ sessionId: 'slow-h2' })).rejects.toMatchObject({
        type: 'ResourceNotFoundException',
      });
    } finally {
      session.destroy();
    }
  });

  it('over HTTP/1.1: the same deadline (node enforces it), the same outcome', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${server.url}${lex('slow-h1', '/text')}`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': '100' },
      });
      request.on('response', (r) => resolve(r.statusCode ?? 0));
      request.on('error', reject);
      request.write('{"text":');
    });
    expect(status).toBe(408);
    await expect(runtime.getSession({ sessionId: 'slow-h1' })).rejects.toMatchObject({
      type: 'ResourceNotFoundException',
    });
  });
});

const HEADERS = 1;
const RST_STREAM = 3;
const SETTINGS = 4;
const GOAWAY = 7;
const END_HEADERS = 0x4;
const ACK = 0x1;

interface Frame {
  type: number;
  stream: number;
  payload: Buffer;
}

function frame(type: number, flags: number, stream: number, payload = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(stream, 5);
  return Buffer.concat([header, payload]);
}

/**
 * A client that ignores the server's SETTINGS: opens `count` streams at once (POST /, no
 * END_STREAM: each waits for its body), and collects what the server sends for 300 ms, and whether it closed the connection. The
 * header block is HPACK by hand: :method GET (static 2), :scheme http (6), :path / (4), and
 * :authority as a literal with the static name 1.
 */
async function rawStreams(
  port: number,
  count: number,
): Promise<{ frames: Frame[]; closedByServer: boolean }> {
  const authority = Buffer.from(`127.0.0.1:${port}`);
  const block = Buffer.concat([Buffer.from([0x82, 0x86, 0x84, 0x01, authority.length]), authority]);
  const socket = net.connect(port, '127.0.0.1');
  const frames: Frame[] = [];
  let buffered = Buffer.alloc(0);
  let closedByServer = false;
  socket.on('error', () => {});
  socket.on('close', () => (closedByServer = true));
  socket.on('data', (data: Buffer) => {
    buffered = Buffer.concat([buffered, data]);
    while (buffered.length >= 9) {
      const length = buffered.readUIntBE(0, 3);
      if (buffered.length < 9 + length) break;
      frames.push({
        type: buffered[3]!,
        stream: buffered.readUInt32BE(5) & 0x7fffffff,
        payload: buffered.subarray(9, 9 + length),
      });
      buffered = buffered.subarray(9 + length);
    }
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
  socket.write(frame(SETTINGS, 0, 0));
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.write(frame(SETTINGS, ACK, 0));
  for (let i = 0; i < count; i++) socket.write(frame(HEADERS, END_HEADERS, 1 + 2 * i, block));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const result = { frames, closedByServer };
  socket.destroy();
  return result;
}
