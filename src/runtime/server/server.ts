import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import http2 from 'node:http2';
import type { Http2ServerRequest, Http2ServerResponse, Http2Session } from 'node:http2';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { LexRuntime } from '../dialog/runtime';
import { PrefixedSocket } from './prefixed-socket';
import { errorResponse, route } from './routes';
import type { HttpResponse } from './routes';

export interface LexServerOptions {
  readonly runtime: LexRuntime;
  /** Default 8300; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1: the runtime is for local use. */
  readonly host?: string;
  /**
   * Serves requests outside the Lex API on the same port (the web console); returns true when it
   * took the request, false to leave it to the Lex routes.
   */
  readonly otherRequests?: OtherRequestHandler;
}

export type OtherRequestHandler = (request: AnyRequest, response: AnyResponse) => boolean;

export interface LexServer {
  readonly port: number;
  /** `http://host:port`: the endpoint for the SDK (`endpoint`) and the AWS CLI (`--endpoint-url`). */
  readonly url: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8300;
const MAX_BODY_BYTES = 1024 * 1024;
/** The HTTP/2 connection preface a client with prior knowledge (h2c) starts with. */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

function readBody(request: AnyRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        request.destroy?.();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: AnyResponse, result: HttpResponse): void {
  const headers = {
    ...result.headers,
    'content-length': String(Buffer.byteLength(result.body)),
    'x-amzn-requestid': randomUUID(),
  };
  (response as ServerResponse).writeHead(result.status, headers);
  response.end(result.body);
}

function handler(runtime: LexRuntime, otherRequests?: OtherRequestHandler) {
  return (request: AnyRequest, response: AnyResponse) => {
    if (otherRequests?.(request, response)) return;
    readBody(request)
      .then((body) =>
        route(runtime, {
          method: request.method ?? 'GET',
          path: request.url ?? '/',
          headers: request.headers,
          body,
        }),
      )
      .catch(() => errorResponse('ValidationException', 400, 'The request body is too large'))
      .then((result) => send(response, result))
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
  const onRequest = handler(options.runtime, options.otherRequests);
  const h1 = http.createServer(onRequest);
  const h2 = http2.createServer({}, onRequest);
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
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const n = Math.min(buffered.length, H2_PREFACE.length);
      const isH2 = buffered.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
      // Undecided while the bytes so far could still be the start of the HTTP/2 preface.
      if (isH2 && buffered.length < H2_PREFACE.length) return;
      socket.removeListener('data', onData);
      (isH2 ? h2 : h1).emit('connection', new PrefixedSocket(socket, buffered));
    };
    socket.on('data', onData);
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port ?? DEFAULT_PORT, host, () => {
      tcp.removeListener('error', reject);
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
      await closed;
    },
  };
}
