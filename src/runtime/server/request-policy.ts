import { isIP } from 'node:net';

/**
 * Who may send a request to the local server: the rules that keep web pages of other sites out
 * of an API with no authentication (see src/runtime/README.md, "Who can send what"). Pure: the
 * server applies them to every request, before its body is read and before any route runs.
 *
 * 1. Host (HTTP/2: `:authority` too) must be one of the names the server answers to, with its
 *    port: a page of another site whose name was made to resolve to 127.0.0.1 (DNS rebinding)
 *    sends its own name and is refused (421).
 * 2. Origin, when present, must be this server's own (`http://` + the Host): browsers send it on
 *    every cross-origin request they can make with a body, and on CORS reads (403).
 * 3. Sec-Fetch-Site, when present, must be `same-origin` or `none` (typed by the user), except
 *    for a plain navigation: an `<img>`, `<script>` or no-cors fetch from another site carries
 *    no Origin but does carry this (403).
 * 4. A POST (PUT, PATCH) must say `Content-Type: application/json`: a page can send `text/plain`,
 *    a form or a typeless blob to another site without asking, but not JSON (415).
 */

export interface RequestFacts {
  readonly method: string;
  /** The request target as received: origin-form ("/path?query") for everything we serve. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface Refusal {
  readonly status: number;
  /** x-amzn-errortype, as the Lex Runtime V2 API names its errors. */
  readonly type: 'AccessDeniedException' | 'ValidationException';
  readonly message: string;
}

/** The host names (and addresses) a server answers to, whatever its port. */
export interface HostAllowList {
  readonly names: readonly string[];
  /** Any IP address as Host (a server bound to 0.0.0.0 or ::, reached by any of its addresses). */
  readonly anyAddress: boolean;
  readonly port: number;
}

export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/**
 * The names a server bound to `host` answers to: the loopback names, `host` itself, and any
 * `extra`. Bound to every interface (0.0.0.0, ::), it also answers to any IP address and to this
 * machine's host name: an IP address cannot be rebound (the page's origin would be that address,
 * that is, this server), so only names need listing.
 */
export function hostAllowList(
  host: string,
  port: number,
  extra: readonly string[] = [],
  machineName?: string,
): HostAllowList {
  const wildcard = host === '0.0.0.0' || host === '::';
  const names = new Set<string>([...LOOPBACK_NAMES, ...extra.map(hostName)]);
  if (!wildcard) names.add(hostName(host));
  if (wildcard && machineName) names.add(hostName(machineName));
  return { names: [...names], anyAddress: wildcard, port };
}

/** A host name as it appears in a Host header: lower case, an IPv6 address in brackets. */
function hostName(name: string): string {
  const lower = name.trim().toLowerCase();
  return isIP(lower) === 6 ? `[${lower}]` : lower;
}

/** Whether a Host header value names this server (name and port; no port means 80). */
export function hostAllowed(value: string, allow: HostAllowList): boolean {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim().toLowerCase());
  if (!match) return false;
  const [, name, port] = match;
  if (Number(port ?? 80) !== allow.port) return false;
  if (allow.names.includes(name!)) return true;
  return allow.anyAddress && isIP(name!.replace(/^\[|\]$/g, '')) !== 0;
}

const JSON_MEDIA_TYPE = 'application/json';
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const describeAllowList = (allow: HostAllowList) =>
  `${allow.names.map((n) => `${n}:${allow.port}`).join(', ')}${allow.anyAddress ? ' and any of its IP addresses' : ''}`;

/** Why this request is refused, or undefined when it may go on to the routes. */
export function refusal(request: RequestFacts, allow: HostAllowList): Refusal | undefined {
  const { headers } = request;
  const hosts = [first(headers.host), first(headers[':authority'])].filter(
    (h): h is string => h !== undefined,
  );
  if (hosts.length === 0) {
    return {
      status: 400,
      type: 'ValidationException',
      message: 'The request has no Host header; this server answers only requests that name it',
    };
  }
  const foreign = hosts.find((h) => !hostAllowed(h, allow));
  if (foreign !== undefined) {
    return {
      status: 421,
      type: 'AccessDeniedException',
      message: `This server answers to ${describeAllowList(allow)}, not to "${foreign.slice(0, 200)}": a page of another site cannot reach it under a name of its own`,
    };
  }
  // Absolute-form targets ("GET http://elsewhere/ HTTP/1.1") name a host of their own.
  if (!request.url.startsWith('/')) {
    return {
      status: 400,
      type: 'ValidationException',
      message: 'The request target must be a path on this server',
    };
  }
  const origin = first(headers.origin);
  if (origin !== undefined && origin.toLowerCase() !== `http://${hosts[0]!.toLowerCase()}`) {
    return {
      status: 403,
      type: 'AccessDeniedException',
      message: `Requests from ${origin.slice(0, 200)} are refused: only the console's own page (http://${hosts[0]}) may call this server from a browser`,
    };
  }
  const site = first(headers['sec-fetch-site']);
  const navigation =
    (request.method === 'GET' || request.method === 'HEAD') &&
    first(headers['sec-fetch-mode']) === 'navigate';
  if (site !== undefined && site !== 'same-origin' && site !== 'none' && !navigation) {
    return {
      status: 403,
      type: 'AccessDeniedException',
      message: `A ${site} request is refused: only the console's own page may call this server from a browser`,
    };
  }
  if (METHODS_WITH_BODY.has(request.method)) {
    const type = first(headers['content-type']);
    const mediaType = type?.split(';')[0]!.trim().toLowerCase();
    if (mediaType !== JSON_MEDIA_TYPE) {
      return {
        status: 415,
        type: 'ValidationException',
        message: `A ${request.method} body must be sent as Content-Type: application/json (as the AWS SDKs and CLI send it), got ${type === undefined ? 'none' : `"${type.slice(0, 100)}"`}`,
      };
    }
  }
  return undefined;
}
