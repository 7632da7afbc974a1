import type { GetSessionOutput, RecognizeTextOutput } from '../../runtime/api/types';
import type { BotInfo } from '../api-types';

/**
 * The chat's side of the page: the Lex Runtime V2 API on the same origin, the very operations
 * the AWS CLI and the SDK call (RecognizeText, GetSession, DeleteSession), with Lex's paths and
 * JSON bodies. Lex's errors come back as LexError with their type (x-amzn-errortype).
 */
export class LexError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class LexClient {
  constructor(private readonly bot: BotInfo) {}

  private sessionUrl(sessionId: string): string {
    const { botId, botAliasId, localeId } = this.bot;
    const part = encodeURIComponent;
    return `/bots/${part(botId)}/botAliases/${part(botAliasId)}/botLocales/${part(localeId)}/sessions/${part(sessionId)}`;
  }

  recognizeText(sessionId: string, text: string): Promise<RecognizeTextOutput> {
    return this.call(`${this.sessionUrl(sessionId)}/text`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
  }

  getSession(sessionId: string): Promise<GetSessionOutput> {
    return this.call(this.sessionUrl(sessionId), { method: 'GET' });
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.call(this.sessionUrl(sessionId), { method: 'DELETE' });
  }

  private async call<T>(url: string, init: RequestInit): Promise<T> {
    const response = await fetch(url, init);
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    if (!response.ok) {
      throw new LexError(
        response.headers.get('x-amzn-errortype') ?? 'Error',
        response.status,
        body.message ?? `HTTP ${response.status}`,
      );
    }
    return body as T;
  }
}
