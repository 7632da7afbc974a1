import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it reached the proxy: when, and which DynamoDB operation. */
export interface SeenRequest {
  atMs: number;
  operation: string;
}

export interface DynamoProxy {
  endpoint: string;
  seen: SeenRequest[];
  /** Called as each request arrives, before it is passed on (a test stalls DynamoDB here). */
  onRequest: (operation: string) => void;
  close(): Promise<void>;
}

/**
 * A witness between the code under test and DynamoDB Local: it notes every request that was
 * sent (time and X-Amz-Target operation) and passes it on. Like a network, it does not call a
 * request back once passed on, even if the sender gives up on it.
 */
export async function startDynamoProxy(upstream: string): Promise<DynamoProxy> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true });
  const proxy: DynamoProxy = {
    endpoint: '',
    seen: [],
    onRequest: () => {},
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      proxy.seen.push({ atMs: Date.now(), operation });
      proxy.onRequest(operation);
      const out = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      out.end(Buffer.concat(chunks));
    });
    res.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
