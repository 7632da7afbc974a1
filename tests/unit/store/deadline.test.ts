import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDynamo,
  DeadlinePassedError,
  DynamoFleetStore,
  isStoreError,
  withDeadline,
  type FleetStore,
} from '../../../src/store';

/**
 * The invocation's deadline and abort signal bind every request the store's plain DynamoDB
 * client sends within it, whichever way a unit of work reads (GetItem, BatchGetItem, Query) or
 * writes: a request in flight is abandoned when the deadline comes, and none is sent after it.
 * Against a DynamoDB that never answers (a local server that reads each request and holds it),
 * so what ends each call is the deadline, not the client's own 2.5 s request timeout.
 */
let server: http.Server;
let endpoint: string;
let seen: string[];
/** Called as each request arrives. */
let arrived: () => void;

beforeAll(async () => {
  server = http.createServer((req) => {
    seen.push(
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '',
    );
    arrived();
    req.resume(); // read it, never answer
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen = [];
  arrived = () => {};
});

function unit(): FleetStore {
  const { client } = createDynamo({ endpoint });
  return new DynamoFleetStore({ client, tableName: 'vmbot-deadline' }).unitOfWork();
}

/** The StoreError a call ends with, and what caused it. */
async function failure(call: Promise<unknown>) {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStoreError(err, 'unavailable')).toBe(true);
  const { data, cause } = err as { data: unknown; cause: unknown };
  return { data, cause: (cause as Error).name };
}

describe('a unit of work under a deadline', () => {
  it('abandons its BatchGetItem at the deadline and sends nothing after it', async () => {
    const store = unit();

    // Act: two VMs asked for together go out as one BatchGetItem.
    const started = performance.now();
    const batch = await withDeadline({ remainingMs: 1_000 }, () =>
      failure(Promise.all([store.getVm('vm-1'), store.getVm('vm-2')])),
    );
    const endedMs = performance.now() - started;
    const afterwards = await withDeadline({ remainingMs: 0 }, () => failure(store.listHosts()));

    // Assess: ended by the deadline (its abort, or the request timeout cut to it; a retry is not
    // sent after it), well before one attempt's own 2.5 s; the next call never went out.
    expect(batch.data).toMatchObject({ cause: 'timed-out' });
    expect(endedMs).toBeLessThan(2_000);
    expect(afterwards).toEqual({
      data: { cause: 'timed-out', error: 'DeadlinePassedError' },
      cause: DeadlinePassedError.name,
    });
    expect(seen).toEqual(['BatchGetItem']);
  });

  it('stops a write in flight when the caller aborts, before its deadline', async () => {
    const store = unit();
    const aborter = new AbortController();
    const sent = new Promise<void>((r) => (arrived = r));
    const write = withDeadline({ remainingMs: 60_000, signal: aborter.signal }, () =>
      failure(store.setHostState('host-a', 'maintenance')),
    );
    await sent;

    aborter.abort(new Error('the runtime stopped waiting'));

    expect(await write).toEqual({
      data: { cause: 'timed-out', error: 'AbortError' },
      cause: 'AbortError',
    });
    expect(seen).toEqual(['UpdateItem']);
  });
});
