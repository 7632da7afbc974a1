import http from 'node:http';
import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botInfo, createConsole, type WebConsole } from '../../../src/console';
import type { PageAssets } from '../../../src/console/page-assets';
import { createLexRuntime, startLexServer } from '../../../src/runtime';
import type { LexRuntime, LexServer } from '../../../src/runtime';
import { InMemoryFleetStore, seedDemoFleet } from '../../../src/store';
import { dialogBot } from '../../unit/runtime/fixtures/dialog-bot';
import { fakeLambda } from '../../unit/runtime/fixtures/fake-lambda';
import { http1, type Http1Answer } from '../support/http1';
import { http2Request } from '../support/http2';

/**
 * The local server's trust boundary, route by route and over both protocols: the Lex Runtime V2
 * API and the web console (page, assets, every API path) refuse a foreign Host (DNS rebinding), a
 * foreign Origin, a cross-site fetch and a body that is not JSON, before anything runs; they send
 * no CORS headers; live views are capped and reaped; ids in paths are checked.
 */

const lex = (sessionId: string, suffix = '') =>
  `/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/${sessionId}${suffix}`;

const ASSETS: PageAssets = new Map([
  ['/', { type: 'text/html; charset=utf-8', body: Buffer.from('<!doctype html>') }],
  ['/console/app.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from('1') }],
  ['/console/app.css', { type: 'text/css; charset=utf-8', body: Buffer.from('a{}') }],
  ['/console/icon.svg', { type: 'image/svg+xml', body: Buffer.from('<svg/>') }],
]);

interface Served {
  server: LexServer;
  runtime: LexRuntime;
  web: WebConsole;
  lambda: ReturnType<typeof fakeLambda>;
  resets: () => number;
}

async function serve(options: { maxEventStreams?: number } = {}): Promise<Served> {
  const store = new InMemoryFleetStore();
  await seedDemoFleet(store);
  const lambda = fakeLambda();
  const runtime = createLexRuntime({ bot: dialogBot(), invokeLambda: lambda.fn, random: () => 0 });
  let resets = 0;
  const web = createConsole({
    store,
    bot: botInfo(runtime),
    resetFleet: async () => void resets++,
    assets: async () => ASSETS,
    ...options,
  });
  const server = await startLexServer({ runtime, port: 0, otherRequests: web.handle });
  return { server, runtime, web, lambda, resets: () => resets };
}

type Protocol = 'HTTP/1.1' | 'HTTP/2';

function send(
  s: Served,
  protocol: Protocol,
  route: Route,
  headers: Record<string, string>,
): Promise<Http1Answer> {
  const body = route.body === undefined ? undefined : JSON.stringify(route.body);
  if (protocol === 'HTTP/1.1') {
    const { host, ...rest } = headers;
    return http1(`${s.server.url}${route.path}`, route.method, body, {
      'content-type': '',
      ...(host === undefined ? {} : { host }),
      ...rest,
    });
  }
  const { host, ...rest } = headers;
  return http2Request(s.server.url, route.method, route.path, body, {
    ...(host === undefined ? {} : { ':authority': host }),
    ...rest,
  });
}

interface Route {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  /** What a legitimate request gets. */
  ok: number;
}

const SIMULATE = '/console/api/simulate?memoryMiB=4096&bandwidthMiBps=128&dirtyRateMiBps=32';
const ROUTES: Route[] = [
  {
    name: 'RecognizeText',
    method: 'POST',
    path: lex('s-new', '/text'),
    body: { text: 'hi' },
    ok: 200,
  },
  {
    name: 'PutSession',
    method: 'POST',
    path: lex('s-new'),
    body: { sessionState: { dialogAction: { type: 'ElicitIntent' } } },
    ok: 200,
  },
  { name: 'GetSession', method: 'GET', path: lex('kept'), ok: 200 },
  { name: 'DeleteSession', method: 'DELETE', path: lex('kept'), ok: 200 },
  { name: 'the page', method: 'GET', path: '/', ok: 200 },
  { name: 'its script', method: 'GET', path: '/console/app.js', ok: 200 },
  { name: 'its style', method: 'GET', path: '/console/app.css', ok: 200 },
  { name: 'its icon', method: 'GET', path: '/console/icon.svg', ok: 200 },
  { name: 'api/bot', method: 'GET', path: '/console/api/bot', ok: 200 },
  { name: 'api/fleet', method: 'GET', path: '/console/api/fleet', ok: 200 },
  { name: 'api/fleet/events', method: 'GET', path: '/console/api/fleet/events', ok: 200 },
  { name: 'api/migrations/{id}', method: 'GET', path: '/console/api/migrations/mig-1', ok: 404 },
  {
    name: 'api/vms/{id}/migrations',
    method: 'GET',
    path: '/console/api/vms/vm-1/migrations',
    ok: 200,
  },
  { name: 'api/simulate', method: 'GET', path: SIMULATE, ok: 200 },
  {
    name: 'api/sessions/{id}/turns/{id}/lambda-calls',
    method: 'GET',
    path: '/console/api/sessions/kept/turns/r-1/lambda-calls',
    ok: 200,
  },
  { name: 'api/fleet/reset', method: 'POST', path: '/console/api/fleet/reset', body: {}, ok: 200 },
];
const JSON_TYPE = { 'content-type': 'application/json' };
const withBody = (route: Route) => (route.body === undefined ? {} : JSON_TYPE);

const corsHeaders = (answer: Http1Answer) =>
  Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'));

describe.each<Protocol>(['HTTP/1.1', 'HTTP/2'])('over %s', (protocol) => {
  let s: Served;
  let port: number;

  beforeAll(async () => {
    s = await serve();
    port = s.server.port;
    await s.runtime.putSession({
      sessionId: 'kept',
      sessionState: { dialogAction: { type: 'ElicitIntent' } },
    });
  });

  afterAll(async () => {
    s?.web.close();
    await s?.server.close();
  });

  const attacks: { name: string; headers: (r: Route) => Record<string, string>; status: number }[] =
    [
      {
        name: 'a foreign Host (DNS rebinding: evil.example resolved to 127.0.0.1)',
        headers: (r) => ({ host: `evil.example:${port}`, ...withBody(r) }),
        status: 421,
      },
      {
        name: 'this address on another port',
        headers: (r) => ({ host: `127.0.0.1:${port + 1}`, ...withBody(r) }),
        status: 421,
      },
      {
        name: 'a foreign Origin',
        headers: (r) => ({ origin: 'http://evil.example', ...withBody(r) }),
        status: 403,
      },
      {
        name: 'the Origin of another local server (same site, other port)',
        headers: (r) => ({ origin: `http://127.0.0.1:${port + 1}`, ...withBody(r) }),
        status: 403,
      },
      {
        name: 'Origin null (a sandboxed frame, a file)',
        headers: (r) => ({ origin: 'null', ...withBody(r) }),
        status: 403,
      },
      {
        name: 'a cross-site no-cors request (an <img>, a <script>: no Origin)',
        headers: (r) => ({
          'sec-fetch-site': 'cross-site',
          'sec-fetch-mode': 'no-cors',
          'sec-fetch-dest': 'image',
          ...withBody(r),
        }),
        status: 403,
      },
    ];

  it.each(ROUTES)('$name refuses every foreign request, with no CORS headers', async (route) => {
    for (const attack of attacks) {
      const answer = await send(s, protocol, route, attack.headers(route));
      expect([attack.name, answer.status]).toEqual([attack.name, attack.status]);
      expect(answer.headers['x-amzn-errortype']).toBe('AccessDeniedException');
      expect(JSON.parse(answer.body).message).toMatch(/refused|answers to/);
      expect(corsHeaders(answer)).toEqual([]);
    }
  });

  it.each(ROUTES.filter((r) => r.method === 'POST'))(
    '$name takes only a JSON body',
    async (route) => {
      for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', '']) {
        const answer = await send(s, protocol, route, type ? { 'content-type': type } : {});
        expect([type, answer.status]).toEqual([type, 415]);
        expect(JSON.parse(answer.body).message).toContain('Content-Type: application/json');
      }
    },
  );

  it('nothing ran: no Lambda call, no session made or deleted, no reset', async () => {
    expect(s.lambda.events).toHaveLength(0);
    expect(s.resets()).toBe(0);
    await expect(s.runtime.getSession({ sessionId: 's-new' })).rejects.toMatchObject({
      type: 'ResourceNotFoundException',
    });
    await expect(s.runtime.getSession({ sessionId: 'kept' })).resolves.toBeDefined();
  });

  it.each(ROUTES)(
    '$name answers the console page itself and other local clients',
    async (route) => {
      const asPage = {
        origin: `http://127.0.0.1:${port}`,
        'sec-fetch-site': 'same-origin',
        ...(route.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      };
      const asCli = { host: `localhost:${port}`, ...withBody(route) };
      const asV6 = { host: `[::1]:${port}`, ...withBody(route) };
      const typed = { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' };
      const fromLink = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' };
      const ways: Record<string, string>[] =
        route.method === 'DELETE' ? [asPage] : [asPage, asCli, asV6];
      if (route.method === 'GET') ways.push(typed, fromLink);
      for (const headers of ways) {
        const answer = await send(s, protocol, route, headers);
        expect([headers, answer.status]).toEqual([headers, route.ok]);
        expect(corsHeaders(answer)).toEqual([]);
      }
    },
  );

  it('answers a CORS preflight with a refusal and no CORS headers', async () => {
    const answer = await send(
      s,
      protocol,
      { name: 'preflight', method: 'OPTIONS', path: lex('kept', '/text'), ok: 0 },
      { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    );
    expect(answer.status).toBe(403);
    expect(corsHeaders(answer)).toEqual([]);
  });
});

describe('ids in console paths', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve();
  });
  afterAll(async () => {
    s?.web.close();
    await s?.server.close();
  });

  const paths = [
    (id: string) => `/console/api/migrations/${id}`,
    (id: string) => `/console/api/vms/${id}/migrations`,
    (id: string) => `/console/api/sessions/${id}/turns/r-1/lambda-calls`,
    (id: string) => `/console/api/sessions/s-1/turns/${id}/lambda-calls`,
  ];
  const bad = ['x'.repeat(101), 'a'.repeat(5000), 'vm%23HOST', 'a%00b', '%E0%A4%A', 'vm%20one'];

  it.each(paths.map((p) => [p('{id}'), p] as const))(
    '%s answers 400 to an over-long or malformed id, never 500',
    async (_, path) => {
      for (const id of bad) {
        const answer = await http1(`${s.server.url}${path(id)}`, 'GET');
        expect([id.slice(0, 12), answer.status]).toEqual([id.slice(0, 12), 400]);
        expect(JSON.parse(answer.body).message).toMatch(/not an id|URL encoding/);
      }
      expect((await http1(`${s.server.url}${path('x'.repeat(100))}`, 'GET')).status).not.toBe(400);
    },
  );
});

describe('live views (fleet/events)', () => {
  const MAX = 3;
  let s: Served;
  beforeAll(async () => {
    s = await serve({ maxEventStreams: MAX });
  });
  afterAll(async () => {
    s?.web.close();
    await s?.server.close();
  });

  const EVENTS = '/console/api/fleet/events';

  /** An event stream held open over HTTP/1.1; resolves once its headers are in. */
  function holdHttp1(): Promise<{ status: number; close(): void }> {
    return new Promise((resolve, reject) => {
      const request = http.get(`${s.server.url}${EVENTS}`, { agent: false }, (response) =>
        resolve({ status: response.statusCode ?? 0, close: () => request.destroy() }),
      );
      request.on('error', reject);
    });
  }

  function holdHttp2(
    session: http2.ClientHttp2Session,
  ): Promise<{ status: number; close(): void }> {
    return new Promise((resolve, reject) => {
      const stream = session.request({ ':path': EVENTS });
      stream.on('error', reject);
      stream.on('response', (headers) =>
        resolve({ status: Number(headers[':status']), close: () => stream.close() }),
      );
    });
  }

  it(`keeps at most ${MAX} open, all clients together, and frees a place when its client goes`, async () => {
    const session = http2.connect(s.server.url);
    try {
      const open = [await holdHttp1(), await holdHttp2(session), await holdHttp2(session)];
      expect(open.map((o) => o.status)).toEqual([200, 200, 200]);
      const refused = await http1(`${s.server.url}${EVENTS}`, 'GET');
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(JSON.parse(refused.body).message).toContain(`${MAX} live views are open already`);

      // One tab closes (a TCP connection), then an HTTP/2 stream is reset: each place comes back.
      open[0]!.close();
      await expect.poll(async () => (await holdHttp1()).status, { timeout: 5_000 }).toBe(200);
      open[1]!.close();
      await expect
        .poll(async () => (await holdHttp2(session)).status, { timeout: 5_000 })
        .toBe(200);
    } finally {
      session.destroy();
    }
  });
});

describe('the names the server answers to', () => {
  it('are the loopback names, the --host address and the allowed hosts, with the port', async () => {
    const runtime = createLexRuntime({ bot: dialogBot(), invokeLambda: fakeLambda().fn });
    const server = await startLexServer({
      runtime,
      port: 0,
      host: '127.0.0.2',
      allowedHosts: ['Build-Box.lan'],
    });
    try {
      const statusFor = async (host: string) =>
        (await http1(`${server.url}${lex('nobody')}`, 'GET', undefined, { host })).status;
      const p = server.port;
      expect(server.url).toBe(`http://127.0.0.2:${p}`);
      for (const host of ['127.0.0.2', '127.0.0.1', 'localhost', '[::1]', 'build-box.lan']) {
        expect([host, await statusFor(`${host}:${p}`)]).toEqual([host, 404]);
      }
      for (const host of ['127.0.0.3', 'box.lan', 'evil.example']) {
        expect([host, await statusFor(`${host}:${p}`)]).toEqual([host, 421]);
      }
    } finally {
      await server.close();
    }
  });
});
