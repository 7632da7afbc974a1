import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, SimulationError, type Simulator } from '../../../src/console/simulations';
import { planMigration, type PrecopyParams } from '../../../src/engine';

/**
 * The console's simulator: the engine's planMigration in a worker thread, with a time limit, a
 * bounded queue, and simulations dropped when their client goes. (The HTTP side, and a chat turn
 * beside a heavy simulation, are in heavy-simulation.test.ts.)
 */
const NORMAL: PrecopyParams = { memoryMiB: 4096, bandwidthMiBps: 128, dirtyRateMiBps: 32 };
/** A million rounds of a 256 GiB VM: over a minute in-process (see heavy-simulation.test.ts). */
const HEAVY: PrecopyParams = {
  memoryMiB: 262144,
  bandwidthMiBps: 10_000_000,
  dirtyRateMiBps: 9_999_999,
  pattern: 'random',
  downtimeLimitMs: 0,
};

let simulator: Simulator | undefined;
afterEach(() => simulator?.close());

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as SimulationError,
  );

describe('the simulator', () => {
  it('answers with the plan the engine makes in-process, or the engine refusal (400)', async () => {
    simulator = createSimulator();
    expect(await simulator.plan(NORMAL)).toEqual(planMigration({ precopy: NORMAL, startedAt: 0 }));
    const refused = await refusal(simulator.plan({ ...NORMAL, policy: 'xen', autoConverge: true }));
    expect(refused).toBeInstanceOf(SimulationError);
    expect(refused).toMatchObject({
      status: 400,
      message: "auto-converge is QEMU's throttling; the xen policy has no such thing",
    });
  });

  it('stops a simulation past its time limit (422, the limit named) and goes on with the next', async () => {
    simulator = createSimulator({ timeLimitMs: 300 });
    const started = Date.now();
    const over = await refusal(simulator.plan(HEAVY));
    expect(over).toMatchObject({
      status: 422,
      message: expect.stringContaining('more than 0.3 s of computing'),
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await simulator.plan(NORMAL)).precopy.rounds).toHaveLength(4);
  });

  it('keeps a few waiting and refuses more at once (503)', async () => {
    simulator = createSimulator({ timeLimitMs: 1_000, maxWaiting: 1 });
    const running = refusal(simulator.plan(HEAVY));
    const waiting = simulator.plan(NORMAL);
    const busy = await refusal(simulator.plan(NORMAL));
    expect(busy).toMatchObject({ status: 503, message: expect.stringContaining('busy') });
    expect(await running).toMatchObject({ status: 422 });
    expect((await waiting).precopy.rounds).toHaveLength(4);
  });

  it('drops a waiting simulation whose client went, and stops a running one', async () => {
    simulator = createSimulator({ timeLimitMs: 10_000, maxWaiting: 1 });
    const heavy = new AbortController();
    const running = refusal(simulator.plan(HEAVY, heavy.signal));
    const queued = new AbortController();
    const dropped = refusal(simulator.plan(NORMAL, queued.signal));
    queued.abort();
    expect(await dropped).toMatchObject({ status: 503 });
    const next = simulator.plan(NORMAL); // room again in the queue
    const started = Date.now();
    heavy.abort();
    expect(await running).toMatchObject({ status: 503 });
    expect((await next).precopy.rounds).toHaveLength(4);
    // Long before the heavy one's 10 s limit: its worker was ended when its client went.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses everything once closed', async () => {
    simulator = createSimulator();
    const pending = refusal(simulator.plan(HEAVY));
    simulator.close();
    expect(await pending).toMatchObject({ status: 503 });
    expect(await refusal(simulator.plan(NORMAL))).toMatchObject({ status: 503 });
  });
});
