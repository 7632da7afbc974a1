import http from 'node:http';

export interface Http1Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP/1.1 request with node's http module and no keep-alive, as the AWS CLI or curl sends
 * it: a string body goes as it is, anything else as JSON; JSON's content type unless `headers`
 * says otherwise ('' leaves a header out). An event stream is answered with its headers and the
 * connection closed at once.
 */
export function http1(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Http1Answer> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const sent = Object.entries({ 'content-type': 'application/json', ...headers }).filter(
      ([, value]) => value !== '',
    );
    const request = http.request(
      url,
      { method, agent: false, headers: Object.fromEntries(sent) },
      (response) => {
        if (String(response.headers['content-type']).startsWith('text/event-stream')) {
          response.destroy();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: '' });
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(data);
  });
}
