import http2 from 'node:http2';
import type { Http1Answer } from './http1';

/**
 * One HTTP/2 request (cleartext, prior knowledge, as the JS SDK's NodeHttp2Handler sends it) on
 * a session of its own. Headers go as given: `:authority` included, to name another host. An
 * event stream is answered with its headers and the stream is closed at once.
 */
export async function http2Request(
  url: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Http1Answer> {
  const session = http2.connect(url);
  session.on('error', () => {});
  try {
    return await new Promise<Http1Answer>((resolve, reject) => {
      const stream = session.request({ ':method': method, ':path': path, ...headers });
      stream.on('error', reject);
      stream.on('response', (answer) => {
        const { ':status': status, ...rest } = answer;
        const result = { status: Number(status), headers: rest as Http1Answer['headers'] };
        if (String(rest['content-type']).startsWith('text/event-stream')) {
          stream.close();
          resolve({ ...result, body: '' });
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () =>
          resolve({ ...result, body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      stream.end(body);
    });
  } finally {
    session.close();
  }
}
