import type { ServerResponse } from 'node:http';
import { planMigration } from '../engine';
import type { AnyRequest, AnyResponse, OtherRequestHandler } from '../runtime';
import type { FleetStore, MigrationRecord } from '../store/port';
import {
  API_PREFIX,
  type ApiError,
  type BotInfo,
  type FleetSnapshot,
  type MigrationDetail,
  type SimulationResult,
} from './api-types';
import { createFleetFeed } from './fleet-feed';
import { elapsedOf, readFleet } from './fleet-snapshot';
import type { LambdaCallRecorder } from './lambda-calls';
import { buildPageAssets, PAGE_PATH, type PageAssets } from './page-assets';
import { parseSimulateQuery, QueryError } from './simulate-query';

/**
 * The web console on the runtime's port: the page at `/`, its assets under /console/, and its
 * JSON API under /console/api/ (see api-types.ts). Everything else is left to the Lex Runtime V2
 * routes, which the page calls for the chat itself.
 */
export interface ConsoleOptions {
  store: FleetStore;
  bot: BotInfo;
  /** Empties the fleet and loads the demo fleet again. */
  resetFleet: () => Promise<void>;
  lambdaCalls?: LambdaCallRecorder;
  clock?: () => number;
  /** The page's files; built with esbuild on first use by default. */
  assets?: () => Promise<PageAssets>;
  /** Fleet reads of the live view: every busyMs while migrations run, else every idleMs. */
  feed?: { busyMs?: number; idleMs?: number };
  onError?: (error: unknown) => void;
}

export interface WebConsole {
  readonly handle: OtherRequestHandler;
  close(): void;
}

const HEARTBEAT_MS = 15_000;
const MAX_LIST = 20;
/** Everything the page loads comes from this server. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createConsole(options: ConsoleOptions): WebConsole {
  const { store } = options;
  const clock = options.clock ?? Date.now;
  const onError = options.onError ?? (() => {});
  const feed = createFleetFeed({ read: () => readFleet(store, clock), ...options.feed, onError });
  // A Lambda call may have changed the fleet (a migration started): the live view reads it now.
  const stopFollowingCalls = options.lambdaCalls?.onSettled(() => void feed.refresh());
  const loadAssets = options.assets ?? buildPageAssets;
  let assets: Promise<PageAssets> | undefined;
  const closers = new Set<() => void>();

  const detail = (m: MigrationRecord): MigrationDetail => ({
    migration: m,
    elapsedMs: elapsedOf(m.plan, clock()),
  });

  /** GET handlers of the API by path pattern; the match groups are URL-decoded. */
  const reads: [RegExp, (match: string[], query: URLSearchParams) => Promise<unknown>][] = [
    [/^\/bot$/, async () => options.bot],
    [/^\/fleet$/, () => readFleet(store, clock)],
    [
      /^\/migrations\/([^/]+)$/,
      async ([id]) => {
        const m = await store.getMigration(id!);
        if (!m) throw new HttpError(404, `There is no migration ${id}.`);
        return detail(m);
      },
    ],
    [
      /^\/vms\/([^/]+)\/migrations$/,
      async ([id], query) => {
        const limit = listLimit(query.get('limit'));
        if (!(await store.getVm(id!))) throw new HttpError(404, `There is no VM ${id}.`);
        const list = await store.listMigrationsForVm(id!, limit);
        return { migrations: list.map(detail) };
      },
    ],
    [
      /^\/simulate$/,
      async (_, query) => {
        try {
          const result: SimulationResult = {
            plan: planMigration({ precopy: parseSimulateQuery(query), startedAt: 0 }),
          };
          return result;
        } catch (error) {
          if (error instanceof QueryError || error instanceof RangeError)
            throw new HttpError(400, error.message);
          throw error;
        }
      },
    ],
    [
      /^\/sessions\/([^/]+)\/turns\/([^/]+)\/lambda-calls$/,
      async ([sessionId, requestId]) => ({
        calls: options.lambdaCalls?.callsOf(sessionId!, requestId!) ?? [],
      }),
    ],
  ];

  async function api(request: AnyRequest, response: AnyResponse, url: URL): Promise<void> {
    const path = url.pathname.slice(API_PREFIX.length);
    const method = request.method ?? 'GET';
    if (path === '/fleet/events') {
      if (method !== 'GET') throw methodNotAllowed('GET');
      return streamFleet(request, response);
    }
    if (path === '/fleet/reset') {
      if (method !== 'POST') throw methodNotAllowed('POST');
      checkSameOrigin(request);
      await options.resetFleet();
      await feed.refresh();
      const fleet: FleetSnapshot = await readFleet(store, clock);
      return sendJson(response, 200, fleet);
    }
    for (const [pattern, read] of reads) {
      const match = path.match(pattern);
      if (!match) continue;
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET');
      let groups: string[];
      try {
        groups = match.slice(1).map((s) => decodeURIComponent(s));
      } catch {
        throw new HttpError(400, 'The path is not valid URL encoding.');
      }
      return sendJson(response, 200, (await read(groups, url.searchParams)) as object);
    }
    throw new HttpError(404, `No console API at ${url.pathname}.`);
  }

  /** Server-sent events: `fleet` with a snapshot at once and on every change. */
  function streamFleet(request: AnyRequest, response: AnyResponse): void {
    (response as ServerResponse).writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    const write = (chunk: string) => (response as ServerResponse).write(chunk);
    write('retry: 1000\n\n');
    const unsubscribe = feed.subscribe((snapshot) =>
      write(`event: fleet\ndata: ${JSON.stringify(snapshot)}\n\n`),
    );
    // A comment now and then keeps idle-timeouts of proxies and servers from closing the stream.
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref?.();
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      closers.delete(stop);
      response.end();
    };
    closers.add(stop);
    request.on('close', stop);
    response.on('close', stop);
  }

  function page(response: AnyResponse, path: string, method: string): void {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET');
    assets ??= loadAssets().catch((error: unknown) => {
      assets = undefined; // a later request tries again
      throw error;
    });
    void assets
      .then((files) => {
        const file = files.get(path);
        if (!file) return sendJson(response, 404, { message: `No console file at ${path}.` });
        (response as ServerResponse).writeHead(200, {
          'content-type': file.type,
          'content-length': String(file.body.length),
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
          ...(path === PAGE_PATH ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
        });
        if (method === 'HEAD') response.end();
        else response.end(file.body);
      })
      .catch((error: unknown) => fail(response, error));
  }

  function fail(response: AnyResponse, error: unknown): void {
    if (response.headersSent) {
      response.destroy?.();
      return;
    }
    if (error instanceof HttpError) {
      const headers: Record<string, string> =
        error instanceof MethodNotAllowed ? { allow: error.allow } : {};
      sendJson(response, error.status, { message: error.message }, headers);
      return;
    }
    onError(error);
    const message = error instanceof Error ? error.message : String(error);
    sendJson(response, 500, { message: `Internal error: ${message}` });
  }

  const handle: OtherRequestHandler = (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) {
      api(request, response, url).catch((error: unknown) => fail(response, error));
      return true;
    }
    if (url.pathname === PAGE_PATH || url.pathname.startsWith('/console/')) {
      try {
        page(response, url.pathname, method);
      } catch (error) {
        fail(response, error);
      }
      return true;
    }
    return false;
  };

  return {
    handle,
    close() {
      stopFollowingCalls?.();
      for (const stop of [...closers]) stop();
      feed.close();
    },
  };
}

class MethodNotAllowed extends HttpError {
  constructor(readonly allow: string) {
    super(405, `Use ${allow} here.`);
  }
}

function methodNotAllowed(allow: string): HttpError {
  return new MethodNotAllowed(allow);
}

function listLimit(raw: string | null): number {
  if (raw === null) return MAX_LIST;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIST)
    throw new HttpError(400, `limit must be an integer from 1 to ${MAX_LIST}, got "${raw}".`);
  return n;
}

/**
 * The reset changes the fleet: a page of another site must not be able to post it. Browsers
 * send Origin on cross-site POSTs; it must name this server.
 */
function checkSameOrigin(request: AnyRequest): void {
  const origin = request.headers.origin;
  const host = request.headers.host ?? request.headers[':authority'];
  if (origin === undefined) return;
  if (typeof host !== 'string' || origin !== `http://${host}`)
    throw new HttpError(403, 'The fleet can only be reset from the console itself.');
}

function sendJson(
  response: AnyResponse,
  status: number,
  value: ApiError | object,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  (response as ServerResponse).writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(body);
}
