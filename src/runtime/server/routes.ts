import type { LexRuntime } from '../dialog/runtime';
import { LexRuntimeError, validationError } from '../dialog/errors';
import { checkDepth } from '../dialog/limits';
import { encodeHeaderJson } from './codec';

/** A request as both the HTTP/1.1 and the HTTP/2 servers see it. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const JSON_TYPE = 'application/json';
const SESSION_PATH =
  /^\/bots\/([^/]+)\/botAliases\/([^/]+)\/botLocales\/([^/]+)\/sessions\/([^/]+)(?:\/([^/]+))?\/?$/;

function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: JSON.stringify(value),
  };
}

/** An error as Lex answers it: status, x-amzn-errortype and {"message"}. */
export function errorResponse(type: string, status: number, message: string): HttpResponse {
  return json(status, { message }, { 'x-amzn-errortype': type });
}

function parseBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw validationError('The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validationError('The request body must be a JSON object');
  }
  checkDepth('The request body', value);
  return value as Record<string, unknown>;
}

function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The Lex Runtime V2 API: RecognizeText, PutSession, GetSession, DeleteSession. */
export async function route(runtime: LexRuntime, request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.path, 'http://localhost');
  const match = url.pathname.match(SESSION_PATH);
  if (!match) {
    return errorResponse(
      'UnknownOperationException',
      404,
      `No Lex Runtime V2 operation at ${url.pathname}`,
    );
  }
  let ref;
  try {
    const [botId, botAliasId, localeId, sessionId] = match
      .slice(1, 5)
      .map((s) => decodeURIComponent(s ?? ''));
    ref = { botId, botAliasId, localeId, sessionId: sessionId ?? '' };
  } catch {
    return errorResponse('ValidationException', 400, 'The request path is not valid URL encoding');
  }
  const operation = match[5];
  try {
    if (operation === 'text' && request.method === 'POST') {
      const body = parseBody(request.body);
      const output = await runtime.recognizeText({
        ...ref,
        text: body.text as string,
        ...(body.sessionState === undefined ? {} : { sessionState: body.sessionState as never }),
        ...(body.requestAttributes === undefined
          ? {}
          : { requestAttributes: body.requestAttributes as Record<string, string> }),
      });
      return json(200, output);
    }
    if (operation === 'utterance' || operation === 'conversation') {
      throw validationError(
        `${operation === 'utterance' ? 'RecognizeUtterance' : 'StartConversation'} is not supported by the local Lex runtime: use RecognizeText`,
      );
    }
    if (operation !== undefined) {
      return errorResponse(
        'UnknownOperationException',
        404,
        `No Lex Runtime V2 operation at ${url.pathname}`,
      );
    }
    switch (request.method) {
      case 'GET':
        return json(200, await runtime.getSession(ref));
      case 'DELETE':
        return json(200, await runtime.deleteSession(ref));
      case 'POST': {
        const body = parseBody(request.body);
        const contentType = header(request, 'ResponseContentType');
        const output = await runtime.putSession({
          ...ref,
          sessionState: body.sessionState as never,
          ...(body.messages === undefined ? {} : { messages: body.messages as never }),
          ...(body.requestAttributes === undefined
            ? {}
            : { requestAttributes: body.requestAttributes as Record<string, string> }),
          ...(contentType === undefined ? {} : { responseContentType: contentType }),
        });
        const headers: Record<string, string> = {
          'content-type': output.contentType,
          'x-amz-lex-session-state': encodeHeaderJson(output.sessionState),
          'x-amz-lex-session-id': output.sessionId,
        };
        if (output.messages) headers['x-amz-lex-messages'] = encodeHeaderJson(output.messages);
        if (output.requestAttributes) {
          headers['x-amz-lex-request-attributes'] = encodeHeaderJson(output.requestAttributes);
        }
        return { status: 200, headers, body: '' };
      }
      default:
        return errorResponse(
          'UnknownOperationException',
          404,
          `No ${request.method} operation at ${url.pathname}`,
        );
    }
  } catch (error) {
    if (error instanceof LexRuntimeError)
      return errorResponse(error.type, error.status, error.message);
    const message = error instanceof Error ? error.message : String(error);
    return errorResponse('InternalServerException', 500, `Internal error: ${message}`);
  }
}
