import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import http2 from 'node:http2';
import type { Http2ServerRequest, Http2ServerResponse, Http2Session } from 'node:http2';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { hostname } from 'node:os';
import type { LexRuntime } from '../dialog/runtime';
import { PrefixedSocket } from './prefixed-socket';
import { hostAllowList, refusal, type HostAllowList } from './request-policy';
import { errorResponse, route } from './routes';
import type { HttpResponse } from './routes';

export interface LexServerOptions {
  readonly runtime: LexRuntime;
  /** Default 8300; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1: the runtime is for local use. */
  readonly host?: string;
  /**
   * Host names the server answers to besides 127.0.0.1, localhost, [::1] and `host` (with its
   * port; bound to 0.0.0.0 or ::, also any IP address and this machine's name). A request naming
   * another in Host or `:authority` is refused with 421: the defence against DNS rebinding.
   */
  readonly allowedHosts?: readonly string[];
  /** Tighter limits (tests); SERVER_LIMITS by default. */
  readonly limits?: Partial<ServerLimits>;
  /**
   * Serves requests outside the Lex API on the same port (the web console); returns true when it
   * took the request, false to leave it to the Lex routes. Everything the server enforces holds
   * for its requests too: who may send them (request-policy.ts) and the limits; it is handed
   * the body the server has read.
   */
  readonly otherRequests?: OtherRequestHandler;
}

export type OtherRequestHandler = (
  request: AnyRequest,
  response: AnyResponse,
  body: string,
) => boolean;

export interface LexServer {
  readonly port: number;
  /** `http://host:port`: the endpoint for the SDK (`endpoint`) and the AWS CLI (`--endpoint-url`). */
  readonly url: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8300;

/**
 * What one connection may cost. Bodies: far above anything the Lex contract carries (a session
 * state of 12 KB, 10 messages of 1000 characters). Time: a connection must show its protocol and,
 * for HTTP/1.1, its request headers within seconds; an HTTP/2 connection with nothing in flight
 * is closed after a while (longer than any turn, which may wait 30 s for each of two code hooks).
 */
export const SERVER_LIMITS = {
  maxBodyBytes: 128 * 1024,
  /** A body over the limit is read to its end (so the client gets its 413, not a reset), up to this. */
  maxDrainBytes: 16 * 1024 * 1024,
  handshakeTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  h2IdleTimeoutMs: 120_000,
  /** HTTP/2 streams open at once on one connection (SETTINGS_MAX_CONCURRENT_STREAMS). */
  h2MaxConcurrentStreams: 100,
  maxConnections: 512,
};
export type ServerLimits = typeof SERVER_LIMITS;

/** The HTTP/2 connection preface a client with prior knowledge (h2c) starts with. */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** The preface and the header of the frame that must follow it (the client's SETTINGS). */
const H2_HANDSHAKE_BYTES = H2_PREFACE.length + 9;

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

const TOO_LARGE = Symbol('too large');
const TOO_LATE = Symbol('too late');

/**
 * The body as text; TOO_LARGE (read to its end and dropped) when over the limit. HTTP/2: TOO_LATE
 * when it has not ended within the request deadline (node's HTTP/1.1 server enforces that one).
 */
function readBody(
  request: AnyRequest,
  limits: ServerLimits,
): Promise<string | typeof TOO_LARGE | typeof TOO_LATE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    if (request.httpVersionMajor === 2) {
      const deadline = setTimeout(() => resolve(TOO_LATE), limits.requestTimeoutMs);
      deadline.unref();
      const clear = () => clearTimeout(deadline);
      request.on('end', clear);
      request.on('error', clear);
      (request as Http2ServerRequest).stream.on('close', clear);
    }
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxDrainBytes) {
        reject(new Error('far too large'));
        request.destroy?.();
      } else if (size <= limits.maxBodyBytes) {
        chunks.push(chunk);
      } else {
        chunks.length = 0;
      }
    });
    request.on('end', () =>
      resolve(size > limits.maxBodyBytes ? TOO_LARGE : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

const tooLarge = (limits: ServerLimits) =>
  errorResponse(
    'ValidationException',
    413,
    `The request body is larger than ${limits.maxBodyBytes} bytes, more than any Lex Runtime V2 request carries`,
  );

const tooLate = (limits: ServerLimits) =>
  errorResponse(
    'ValidationException',
    408,
    `The request body did not arrive within ${limits.requestTimeoutMs / 1000} s`,
  );

function send(response: AnyResponse, result: HttpResponse): void {
  const headers = {
    ...result.headers,
    'content-length': String(Buffer.byteLength(result.body)),
    'x-amzn-requestid': randomUUID(),
  };
  (response as ServerResponse).writeHead(result.status, headers);
  response.end(result.body);
}

function handler(
  runtime: LexRuntime,
  limits: ServerLimits,
  allowList: () => HostAllowList,
  otherRequests?: OtherRequestHandler,
) {
  return (request: AnyRequest, response: AnyResponse) => {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const refused = refusal({ method, url: path, headers: request.headers }, allowList());
    if (refused) {
      send(response, errorResponse(refused.type, refused.status, refused.message));
      return;
    }
    readBody(request, limits)
      .then((body) => {
        if (body === TOO_LARGE) return tooLarge(limits);
        if (body === TOO_LATE) {
          // The client may still be sending: after its answer the stream is reset (NO_ERROR),
          // which frees its place among the connection's streams.
          send(response, tooLate(limits));
          (request as Http2ServerRequest).stream.close(http2.constants.NGHTTP2_NO_ERROR);
          return undefined;
        }
        if (otherRequests?.(request, response, body)) return undefined;
        return route(runtime, { method, path, headers: request.headers, body });
      })
      .then((result) => {
        if (result) send(response, result);
      })
      .catch(() => response.destroy?.());
  };
}

/**
 * Serves the Lex Runtime V2 API on one port for both protocols clients use: HTTP/2 cleartext
 * with prior knowledge (the JavaScript SDK's NodeHttp2Handler) and HTTP/1.1 (the AWS CLI, curl).
 * Node's http2 server only takes HTTP/1.1 over TLS, so a plain TCP server reads the first bytes
 * of each connection and hands the socket to the HTTP/2 or the HTTP/1.1 server.
 */
export async function startLexServer(options: LexServerOptions): Promise<LexServer> {
  const limits: ServerLimits = { ...SERVER_LIMITS, ...options.limits };
  const host = options.host ?? '127.0.0.1';
  // Made at the first request: the port is known by then (port 0 picks one when listening).
  let allowList: HostAllowList | undefined;
  const onRequest = handler(
    options.runtime,
    limits,
    () =>
      (allowList ??= hostAllowList(
        host,
        (tcp.address() as AddressInfo).port,
        options.allowedHosts,
        hostname(),
      )),
    options.otherRequests,
  );
  const h1 = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for connections past those limits (default 30 s).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    onRequest,
  );
  // Node arms those two timeouts when a server starts listening; this one is handed its
  // connections by the TCP server below and never listens itself.
  h1.emit('listening');
  const h2 = http2.createServer(
    { settings: { maxConcurrentStreams: limits.h2MaxConcurrentStreams } },
    onRequest,
  );
  // A session with nothing in flight for this long is closed (no 'timeout' listener: destroyed).
  h2.setTimeout(limits.h2IdleTimeoutMs);
  const sockets = new Set<Socket>();
  const sessions = new Set<Http2Session>();
  h2.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });

  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // A connection that never shows its protocol (or never gets past the HTTP/2 preface) holds a
    // socket for nothing: it gets a few seconds.
    const handshake = setTimeout(() => socket.destroy(), limits.handshakeTimeoutMs);
    handshake.unref();
    socket.on('close', () => clearTimeout(handshake));
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const n = Math.min(buffered.length, H2_PREFACE.length);
      const isH2 = buffered.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
      // Undecided while the bytes so far could still be the start of the HTTP/2 preface, and
      // for HTTP/2 until the frame after it has begun: then the client is really talking.
      if (isH2 && buffered.length < H2_HANDSHAKE_BYTES) return;
      socket.removeListener('data', onData);
      clearTimeout(handshake);
      (isH2 ? h2 : h1).emit('connection', new PrefixedSocket(socket, buffered));
    };
    socket.on('data', onData);
  });
  tcp.maxConnections = limits.maxConnections;

  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      h1.close(); // stops its timeout checks: a port taken leaves nothing running
      reject(error);
    };
    tcp.once('error', failed);
    tcp.listen(options.port ?? DEFAULT_PORT, host, () => {
      tcp.removeListener('error', failed);
      resolve();
    });
  });
  const port = (tcp.address() as AddressInfo).port;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;

  return {
    port,
    url: `http://${shownHost}:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      h1.closeAllConnections?.();
      h1.close(); // stops its timeout checks
      await closed;
    },
  };
}
