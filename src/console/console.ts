import type { ServerResponse } from 'node:http';
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
import { createFleetReader, elapsedOf } from './fleet-snapshot';
import type { LambdaCallRecorder } from './lambda-calls';
import { buildPageAssets, PAGE_PATH, type PageAssets } from './page-assets';
import { parseSimulateQuery, QueryError } from './simulate-query';
import {
  createSimulator,
  SimulationError,
  type SimulationLimits,
  type Simulator,
} from './simulations';

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
  /** Puts a lost database back: a read that fails is tried once more after it. */
  recover?: () => Promise<void>;
  clock?: () => number;
  /** The page's files; built with esbuild on first use by default. */
  assets?: () => Promise<PageAssets>;
  /** Fleet reads of the live view: every busyMs while migrations run, else every idleMs. */
  feed?: { busyMs?: number; idleMs?: number };
  /** Limits of the simulator's worker thread (SIMULATION_LIMITS by default). */
  simulations?: Partial<SimulationLimits>;
  /** Live views (fleet/events streams) open at once, all clients together; 32 by default. */
  maxEventStreams?: number;
  onError?: (error: unknown) => void;
}

export interface WebConsole {
  readonly handle: OtherRequestHandler;
  close(): void;
}

const HEARTBEAT_MS = 15_000;
const MAX_LIST = 20;
export const MAX_EVENT_STREAMS = 32;
/** A live view whose client has not taken this much of what was sent is dropped. */
const MAX_UNSENT_BYTES = 1024 * 1024;
/**
 * Ids in paths: Lex's session id characters and length, which every id here fits (VM names,
 * migration ids, request ids); anything else is no id of ours, answered 400 before any lookup.
 */
const PATH_ID = /^[0-9A-Za-z._:-]{1,100}$/;
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
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function createConsole(options: ConsoleOptions): WebConsole {
  const { store } = options;
  const clock = options.clock ?? Date.now;
  const onError = options.onError ?? (() => {});
  const recovering =
    <T>(read: () => Promise<T>) =>
    async (): Promise<T> => {
      try {
        return await read();
      } catch (error) {
        if (!options.recover || error instanceof HttpError) throw error;
        await options.recover();
        return read();
      }
    };
  const readFleet = recovering(createFleetReader(store, clock));
  const feed = createFleetFeed({ read: readFleet, ...options.feed, onError });
  // A Lambda call may have changed the fleet (a migration started): the live view reads it now.
  const stopFollowingCalls = options.lambdaCalls?.onSettled(() => void feed.refresh());
  const loadAssets = options.assets ?? buildPageAssets;
  let assets: Promise<PageAssets> | undefined;
  const closers = new Set<() => void>();
  const simulator: Simulator = createSimulator(options.simulations);
  const maxEventStreams = options.maxEventStreams ?? MAX_EVENT_STREAMS;

  const detail = (m: MigrationRecord): MigrationDetail => ({
    migration: m,
    elapsedMs: elapsedOf(m.plan, clock()),
  });

  /** GET handlers of the API by path pattern; the match groups are URL-decoded. */
  const reads: [RegExp, (match: string[], query: URLSearchParams) => Promise<unknown>][] = [
    [/^\/bot$/, async () => options.bot],
    [/^\/fleet$/, readFleet],
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
      return streamFleet(response);
    }
    if (path === '/simulate') {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET');
      return sendJson(response, 200, await simulate(url.searchParams, response));
    }
    if (path === '/fleet/reset') {
      // Who may post it (the console's own page, not another site's) is the server's rule.
      if (method !== 'POST') throw methodNotAllowed('POST');
      await options.resetFleet();
      await feed.refresh();
      const fleet: FleetSnapshot = await readFleet();
      return sendJson(response, 200, fleet);
    }
    for (const [pattern, read] of reads) {
      const match = path.match(pattern);
      if (!match) continue;
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET');
      const ids = pathIds(match);
      const body = await recovering(() => read(ids, url.searchParams))();
      return sendJson(response, 200, body as object);
    }
    throw new HttpError(404, `No console API at ${url.pathname}.`);
  }

  /** A simulation in the worker; dropped when the client goes away before it ends. */
  async function simulate(
    query: URLSearchParams,
    response: AnyResponse,
  ): Promise<SimulationResult> {
    let precopy;
    try {
      precopy = parseSimulateQuery(query);
    } catch (error) {
      if (error instanceof QueryError) throw new HttpError(400, error.message);
      throw error;
    }
    const gone = new AbortController();
    response.on('close', () => gone.abort());
    try {
      return { plan: await simulator.plan(precopy, gone.signal) };
    } catch (error) {
      if (error instanceof SimulationError) throw new HttpError(error.status, error.message);
      throw error;
    }
  }

  /**
   * Server-sent events: `fleet` with a snapshot at once and on every change. At most
   * maxEventStreams at once; one ends when its client goes (or stops reading).
   */
  function streamFleet(response: AnyResponse): void {
    if (closers.size >= maxEventStreams) {
      throw new HttpError(
        503,
        `${maxEventStreams} live views are open already, the most this server keeps; close one (a tab of this console) and reload.`,
        { 'retry-after': '5' },
      );
    }
    (response as ServerResponse).writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    let unsubscribe = () => {};
    const stop = () => {
      if (!closers.delete(stop)) return;
      clearInterval(heartbeat);
      unsubscribe();
      response.end();
    };
    closers.add(stop);
    // The request has ended already (the server read its body): the response tells when the
    // client has gone. One that stops reading is let go too, rather than buffered for.
    response.on('close', stop);
    const write = (chunk: string) => {
      if (response.writableLength > MAX_UNSENT_BYTES) stop();
      else (response as ServerResponse).write(chunk);
    };
    // A comment now and then keeps idle-timeouts of proxies and servers from closing the stream.
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref?.();
    write('retry: 1000\n\n');
    unsubscribe = feed.subscribe((snapshot) =>
      write(`event: fleet\ndata: ${JSON.stringify(snapshot)}\n\n`),
    );
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
      sendJson(response, error.status, { message: error.message }, error.headers);
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
      simulator.close();
      for (const stop of [...closers]) stop();
      feed.close();
    },
  };
}

function methodNotAllowed(allow: string): HttpError {
  return new HttpError(405, `Use ${allow} here.`, { allow });
}

/** The ids a path pattern matched, URL-decoded and checked. */
function pathIds(match: RegExpMatchArray): string[] {
  return match.slice(1).map((raw) => {
    let id: string;
    try {
      id = decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, 'The path is not valid URL encoding.');
    }
    if (!PATH_ID.test(id)) {
      throw new HttpError(
        400,
        `"${id.slice(0, 40)}${id.length > 40 ? '…' : ''}" is not an id: ids are 1 to 100 letters, digits, ".", "_", ":" or "-".`,
      );
    }
    return id;
  });
}

function listLimit(raw: string | null): number {
  if (raw === null) return MAX_LIST;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIST)
    throw new HttpError(400, `limit must be an integer from 1 to ${MAX_LIST}, got "${raw}".`);
  return n;
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
