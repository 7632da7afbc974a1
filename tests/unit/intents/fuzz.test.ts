import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTENT } from '../../../bot-definition';
import { createFulfillment } from '../../../src/intents';
import { lexResponseProblems, parseLexEvent, type LexResponse } from '../../../src/lex';
import { lexEvent } from '../../support/lex-events';
import {
  anything,
  isConfirmedFleetChange,
  WRITE_INTENTS,
  mutate,
  mutation,
  nastyString,
  vouched,
  wellShapedEvent,
  type EventShape,
} from './support/hostile';
import { isUnreadableAnswer } from './support/lex-checks';
import { demoFleet, recording, T0, type RecordedWrite } from './support/memory-fleet';

/**
 * Thousands of malformed and hostile events into the fulfillment, each over a fresh demo fleet
 * in memory whose writes are recorded. Whatever comes in: a valid Lex V2 response comes out (or,
 * for an event that cannot be read, the ElicitIntent answer), nothing throws, nothing is written
 * unless the event is a confirmed fulfillment of an intent that changes the fleet, and no
 * prototype is touched.
 */
const DEMO_VM_IDS = new Set(['vm-1', 'vm-2', 'vm-3', 'vm-4', 'vm-5', 'vm-6', 'vm-7', 'vm-8']);
const DEMO_HOST_IDS = new Set(['host-a', 'host-b', 'host-c', 'host-d', 'host-e', 'host-f']);

let writes: RecordedWrite[] = [];

/** Object.prototype as it was before the run: its properties and their descriptors. */
const prototypeBefore = Object.getOwnPropertyDescriptors(Object.prototype);

/** Runs one event and checks everything that must hold for any event. */
async function check(raw: unknown): Promise<LexResponse> {
  // A fleet of its own: no event sees what an earlier one changed.
  const recorded = recording(await demoFleet());
  writes = recorded.writes;
  const response = await createFulfillment({ store: recorded.store, now: () => T0 })(raw);
  const readable = parseLexEvent(raw).ok;
  if (!readable) expect(isUnreadableAnswer(response), JSON.stringify(response)).toBe(true);
  expect(lexResponseProblems(response)).toEqual([]);
  if (!isConfirmedFleetChange(raw, T0)) {
    expect(writes).toEqual([]);
  } else {
    // Writes name fleet records that exist: the intents validated them first.
    for (const w of writes) {
      const arg = w.args[0] as Record<string, unknown>;
      if (w.method === 'startMigration') {
        expect(DEMO_VM_IDS).toContain(arg.vmId);
        expect(DEMO_HOST_IDS).toContain(arg.destinationHostId);
      } else if (w.method === 'createVm') {
        expect(DEMO_HOST_IDS).toContain(arg.hostId);
      } else {
        expect(w.method).toBe('setHostState');
        expect(DEMO_HOST_IDS).toContain(w.args[0]);
      }
    }
  }
  return response;
}

describe('fuzz: any value at all', () => {
  it('answers values that are not events with the ElicitIntent fallback', async () => {
    await fc.assert(
      fc.asyncProperty(anything, async (raw) => {
        await check(raw);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers values that cannot be serialised or inspected', async () => {
    const cyclic: Record<string, unknown> = { messageVersion: '1.0' };
    cyclic.self = cyclic;
    const getter = Object.defineProperty({}, 'sessionState', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    const jsonThrows = { toJSON: () => ({ sneaky: true }), ...lexEvent({ intent: 'HelpIntent' }) };
    for (const raw of [
      undefined,
      null,
      0,
      '',
      'migrate vm-3 to host-b',
      [],
      [lexEvent({ intent: 'HelpIntent' })],
      cyclic,
      getter,
      proxy,
      jsonThrows,
      10n,
      Symbol('event'),
      () => lexEvent({ intent: 'HelpIntent' }),
    ]) {
      const recorded = recording(await demoFleet());
      const response = await createFulfillment({ store: recorded.store, now: () => T0 })(raw);
      expect(lexResponseProblems(response)).toEqual([]);
      expect(recorded.writes).toEqual([]);
    }
  });
});

describe('fuzz: events in the Lex shape with hostile contents', () => {
  it('validates every slot, name and attribute before anything is written', async () => {
    await fc.assert(
      fc.asyncProperty(wellShapedEvent, async ({ event }: EventShape) => {
        await check(event);
      }),
      { numRuns: 2000 },
    );
  });

  const confirmedWrite = wellShapedEvent.filter(
    (e) =>
      WRITE_INTENTS.has(e.intent) &&
      e.source === 'FulfillmentCodeHook' &&
      e.confirmationState === 'Confirmed',
  );

  it('keeps confirmed fulfillments of fleet changes to valid writes', async () => {
    let wrote = 0;
    await fc.assert(
      fc.asyncProperty(confirmedWrite, async ({ event }) => {
        await check(vouched(event, T0));
        if (writes.length > 0) wrote += 1;
      }),
      { numRuns: 300 },
    );
    // Some of them were valid requests: the property was put to the test.
    expect(wrote).toBeGreaterThan(0);
  });

  it('never writes for a Confirmed the bot did not ask for', async () => {
    await fc.assert(
      fc.asyncProperty(confirmedWrite, async ({ event }) => {
        await check(event);
        expect(writes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fuzz: real events with fields broken, removed or retyped', () => {
  const intents = Object.values(INTENT);
  const base = fc
    .record({
      intent: fc.constantFrom(...intents),
      source: fc.constantFrom('DialogCodeHook' as const, 'FulfillmentCodeHook' as const),
      confirmationState: fc.constantFrom('None' as const, 'Confirmed' as const, 'Denied' as const),
      vm: fc.oneof(fc.constantFrom('vm-3', 'vm 6', 'VM2'), nastyString),
      host: fc.oneof(fc.constantFrom('host-b', 'b', 'host F'), nastyString),
    })
    .map(
      (b) =>
        lexEvent({
          intent: b.intent,
          source: b.source,
          confirmationState: b.confirmationState,
          slots: { VmName: b.vm, TargetHost: b.host, HostName: b.host, ApplianceName: 'cache' },
          invocationLabel: b.intent === INTENT.MigrationReport ? 'offer-report' : undefined,
          sessionAttributes: { offerReportFor: 'vm-3' },
        }) as unknown as Record<string, unknown>,
    );

  it('never throws and never writes for a broken event', async () => {
    await fc.assert(
      fc.asyncProperty(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), async (e, ms) => {
        await check(mutate(e, ms));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('after thousands of hostile events', () => {
  it('leaves Object.prototype as it was', () => {
    expect(Object.getOwnPropertyDescriptors(Object.prototype)).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
