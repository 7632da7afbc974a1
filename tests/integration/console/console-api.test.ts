import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalBot, type LocalBot } from '../../../src/cli/backend/local-bot';
import type {
  FleetSnapshot,
  LambdaCall,
  MigrationDetail,
  SimulationResult,
} from '../../../src/console';
import { planMigration } from '../../../src/engine';
import type { RecognizeTextOutput } from '../../../src/runtime';

/**
 * The web console's HTTP side on the local runtime's port, against DynamoDB Local and the real
 * Lambda handler: the page and its assets, the JSON API, the live fleet feed, and the Lex Runtime
 * V2 API still answering next to them.
 */
let local: LocalBot;
let base: string;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.TABLE_NAME = `vmbot-console-${randomUUID().slice(0, 8)}`;
  process.env.VMBOT_TIME_SCALE = '1';
  local = await startLocalBot({ port: 0, console: true });
  base = local.server!.url;
});

afterAll(async () => {
  await local?.close();
});

async function api<T>(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${base}/console/api${path}`, init);
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

async function say(sessionId: string, text: string): Promise<RecognizeTextOutput> {
  const response = await fetch(
    `${base}/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/${sessionId}/text`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as RecognizeTextOutput;
}

async function callsOf(sessionId: string, turn: RecognizeTextOutput): Promise<LambdaCall[]> {
  const requestId = turn.sessionState.originatingRequestId!;
  const { body } = await api<{ calls: LambdaCall[] }>(
    `/sessions/${sessionId}/turns/${requestId}/lambda-calls`,
  );
  return body.calls;
}

/** As the page posts it: JSON, from its own origin. */
const JSON_POST = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
const reset = () => api<FleetSnapshot>('/fleet/reset', JSON_POST);
const hostOf = (fleet: FleetSnapshot, vmId: string) =>
  fleet.hosts.find((h) => h.vms.some((v) => v.id === vmId))?.id;

/** Reads server-sent events until `done` says so (or the time is up). */
async function readFleetEvents(
  until: (seen: FleetSnapshot[]) => boolean,
  act: () => Promise<void>,
  timeoutMs = 15_000,
): Promise<FleetSnapshot[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const response = await fetch(`${base}/console/api/fleet/events`, { signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const seen: FleetSnapshot[] = [];
  let buffer = '';
  let acted = false;
  try {
    while (!until(seen)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (block.includes('event: fleet') && data)
          seen.push(JSON.parse(data.slice(6)) as FleetSnapshot);
      }
      if (!acted && seen.length > 0) {
        acted = true;
        await act();
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return seen;
}

describe('the page and its assets', () => {
  it('serves the page with a policy that keeps every request on this server, and its bundle', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/console/app.js">');

    const script = await fetch(`${base}/console/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await script.text();
    expect(code.length).toBeGreaterThan(10_000);
    // Offline: no address of another host in the bundle.
    expect(code).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z]/i);
    const style = await fetch(`${base}/console/app.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${base}/console/icon.svg`)).status).toBe(200);
  });

  it('answers 404 in JSON for what it does not have, and leaves other paths to the Lex API', async () => {
    const missing = await fetch(`${base}/console/nothing.js`);
    expect(missing.status).toBe(404);
    expect(await api('/nothing')).toMatchObject({
      status: 404,
      body: { message: expect.stringContaining('No console API') },
    });
    const lex = await fetch(`${base}/nowhere`);
    expect(lex.status).toBe(404);
    expect(lex.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});

describe('the JSON API', () => {
  it('names the bot the page talks to over the Lex Runtime V2 API, and its yes-or-no slots', async () => {
    expect((await api('/bot')).body).toEqual({
      botId: 'VMBOTLOCAL',
      botAliasId: 'TSTALIASID',
      localeId: 'en_US',
      botName: 'vmbot',
      yesNoSlots: { MigrationReport: ['Follow'] },
    });
  });

  it("records each turn's Lambda calls with their events, responses and DynamoDB requests", async () => {
    // Prepare: every request the handler's client sends, counted independently.
    await reset();
    const { dynamo } = await import('../../../lambda/handler');
    let sent = 0;
    dynamo.middlewareStack.add(
      (next) => async (args) => {
        sent++;
        return next(args);
      },
      { step: 'initialize', name: 'testRequestCounter' },
    );
    const session = `api-${randomUUID().slice(0, 8)}`;
    // Act
    sent = 0;
    const ask = await say(session, 'migrate vm-3 to host B');
    const askCalls = await callsOf(session, ask);
    const askSent = sent;
    sent = 0;
    const yes = await say(session, 'yes');
    const yesCalls = await callsOf(session, yes);
    const yesSent = sent;
    // Assess
    expect(askCalls.map((c) => [c.invocationSource, c.intentName])).toEqual([
      ['DialogCodeHook', 'MigrateVm'],
    ]);
    expect(askCalls[0]!.event).toMatchObject({
      sessionId: session,
      inputTranscript: 'migrate vm-3 to host B',
    });
    expect(askCalls[0]!.response).toMatchObject({
      sessionState: { dialogAction: { type: 'ConfirmIntent' } },
    });
    expect(askCalls[0]!.dynamoRequests).toBe(askSent);
    expect(askSent).toBeGreaterThan(0);
    expect(yesCalls.map((c) => c.invocationSource)).toContain('FulfillmentCodeHook');
    expect(yesCalls.reduce((n, c) => n + c.dynamoRequests, 0)).toBe(yesSent);
    expect(
      yesCalls.every(
        (c) => c.durationMs > 0 && c.requestId === yes.sessionState.originatingRequestId,
      ),
    ).toBe(true);
    expect(await callsOf('nobody', yes)).toEqual([]);
  });

  it('shows the fleet with the migration in flight, and the migration with its plan', async () => {
    await reset();
    const session = `fleet-${randomUUID().slice(0, 8)}`;
    await say(session, 'migrate vm-3 to host B');
    await say(session, 'yes');
    const { body: fleet } = await api<FleetSnapshot>('/fleet');
    const [migration] = fleet.migrations;
    expect(migration).toMatchObject({
      vmId: 'vm-3',
      sourceHostId: 'host-a',
      destinationHostId: 'host-b',
    });
    expect(fleet.hosts.find((h) => h.id === 'host-b')!.usage.reservedMemoryMiB).toBe(4096);

    const { body: detail } = await api<MigrationDetail>(`/migrations/${migration!.id}`);
    expect(detail.migration).toMatchObject({
      id: migration!.id,
      vmId: 'vm-3',
      status: 'in-flight',
    });
    expect(detail.migration.plan.precopy.rounds.length).toBe(migration!.rounds);
    expect(detail.elapsedMs).toBeGreaterThanOrEqual(0);
    const { body: latest } = await api<{ migrations: MigrationDetail[] }>(
      '/vms/vm-3/migrations?limit=1',
    );
    expect(latest.migrations.map((m) => m.migration.id)).toEqual([migration!.id]);
    expect((await api<{ migrations: unknown[] }>('/vms/vm-5/migrations')).body.migrations).toEqual(
      [],
    );
  });

  it('refuses what it cannot answer with a sentence', async () => {
    expect(await api('/vms/vm-99/migrations')).toMatchObject({
      status: 404,
      body: { message: 'There is no VM vm-99.' },
    });
    expect(await api('/migrations/nope')).toMatchObject({ status: 404 });
    expect(await api('/vms/vm-3/migrations?limit=0')).toMatchObject({ status: 400 });
    const post = await api('/fleet', JSON_POST);
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('resets the fleet only when asked with POST from the console itself', async () => {
    const session = `reset-${randomUUID().slice(0, 8)}`;
    await reset();
    await say(session, 'migrate vm-1 to host B');
    await say(session, 'yes');
    const inFlight = async () => (await api<FleetSnapshot>('/fleet')).body.migrations.length;
    expect(await inFlight()).toBe(1);

    const get = await api('/fleet/reset');
    expect(get).toMatchObject({ status: 405 });
    const foreign = await api('/fleet/reset', {
      ...JSON_POST,
      headers: { ...JSON_POST.headers, origin: 'http://evil.example' },
    });
    expect(foreign).toMatchObject({ status: 403 });
    const plain = await api('/fleet/reset', { method: 'POST', body: '{}' });
    expect(plain).toMatchObject({ status: 415 });
    expect(await inFlight()).toBe(1);

    const host = new URL(base).host;
    const done = await api<FleetSnapshot>('/fleet/reset', {
      ...JSON_POST,
      headers: { ...JSON_POST.headers, origin: `http://${host}` },
    });
    expect(done.status).toBe(200);
    expect(done.body.migrations).toEqual([]);
    expect(hostOf(done.body, 'vm-1')).toBe('host-a');
    expect(done.body.hosts.find((h) => h.id === 'host-b')!.usage.reservedMemoryMiB).toBe(0);
  });

  it('simulates vmbot simulate parameters into the plan the engine makes, or says what is wrong', async () => {
    const { status, body } = await api<SimulationResult>(
      '/simulate?memoryMiB=4096&bandwidthMiBps=128&dirtyRateMiBps=32',
    );
    expect(status).toBe(200);
    expect(body.plan).toEqual(
      planMigration({
        precopy: { memoryMiB: 4096, bandwidthMiBps: 128, dirtyRateMiBps: 32 },
        startedAt: 0,
      }),
    );
    expect(body.plan.precopy.rounds).toHaveLength(4);
    const bad = await api(
      '/simulate?memoryMiB=4096&bandwidthMiBps=128&dirtyRateMiBps=32&policy=xen&autoConverge=true',
    );
    expect(bad).toMatchObject({
      status: 400,
      body: { message: "auto-converge is QEMU's throttling; the xen policy has no such thing" },
    });
  });
});

describe('the live fleet feed', () => {
  it(
    'sends the fleet at once, then each change while a migration runs, up to its end',
    { timeout: 30_000 },
    async () => {
      await reset();
      const session = `feed-${randomUUID().slice(0, 8)}`;
      const seen = await readFleetEvents(
        (s) =>
          s.length > 1 &&
          s.at(-1)!.migrations.length === 0 &&
          hostOf(s.at(-1)!, 'vm-3') === 'host-b',
        async () => {
          await say(session, 'migrate vm-3 to host B');
          await say(session, 'yes');
        },
      );
      expect(seen[0]!.migrations).toEqual([]);
      expect(hostOf(seen[0]!, 'vm-3')).toBe('host-a');
      const running = seen.filter((s) => s.migrations.length > 0);
      expect(running.length).toBeGreaterThan(0);
      expect(running[0]!.migrations[0]).toMatchObject({
        vmId: 'vm-3',
        stageName: expect.any(String),
      });
      expect(hostOf(seen.at(-1)!, 'vm-3')).toBe('host-b');
    },
  );
});
