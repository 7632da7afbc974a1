import { describe, expect, it } from 'vitest';
import { createFulfillment } from '../../../src/intents';
import { CONFIRMATION_TTL_MS } from '../../../src/intents/trust/confirmations';
import { sealAttributes, trustedAttributes } from '../../../src/intents/trust/sealed-session';
import { sessionKey } from '../../../src/intents/trust/session-key';
import type { LexResponse } from '../../../src/lex';
import { lexEvent, type EventSpec } from '../../support/lex-events';
import { expectValidLex, textOf } from './support/lex-checks';
import { demoFleet, recording, T0 } from './support/memory-fleet';

const key = sessionKey('k'.repeat(32));
const other = sessionKey('o'.repeat(32));

describe('the seal over the Lambda’s own session attributes', () => {
  const own = { memory: '{"lastVm":"vm-3"}', confirmation: '{}', clientNote: 'mine' };

  it('vouches for them in the session it was made for, with the key that made it', () => {
    const sealed = sealAttributes(own, 's1', key);
    expect(trustedAttributes(sealed, 's1', key)).toEqual(sealed);
  });

  it.each([
    ['another session', (a: Record<string, string>) => trustedAttributes(a, 's2', key)],
    ['another key', (a: Record<string, string>) => trustedAttributes(a, 's1', other)],
    [
      'a changed value',
      (a: Record<string, string>) =>
        trustedAttributes({ ...a, memory: '{"lastVm":"vm-1"}' }, 's1', key),
    ],
    [
      'an added attribute',
      (a: Record<string, string>) => trustedAttributes({ ...a, unsettledWrites: '[]' }, 's1', key),
    ],
    [
      'a removed attribute',
      ({ confirmation: _c, ...a }: Record<string, string>) => trustedAttributes(a, 's1', key),
    ],
  ])('drops all of them after %s, and keeps the client’s own', (_, read) => {
    const kept = read(sealAttributes(own, 's1', key));
    expect(kept).toEqual({ clientNote: 'mine' });
  });

  it('lets a client change its own attributes without breaking the seal', () => {
    const sealed = sealAttributes(own, 's1', key);
    expect(trustedAttributes({ ...sealed, clientNote: 'changed' }, 's1', key)).toMatchObject({
      memory: '{"lastVm":"vm-3"}',
    });
  });

  it('refuses a key too short to be one', () => {
    expect(() => sessionKey('short')).toThrow(/at least 16 bytes/);
  });
});

describe('a yes that comes too late', () => {
  it('asks again, saying why, and writes nothing', async () => {
    const recorded = recording(await demoFleet());
    let now = T0;
    const fulfil = createFulfillment({ store: recorded.store, now: () => now, sessionKey: key });
    const spec: EventSpec = {
      intent: 'MigrateVm',
      slots: { VmName: 'vm-3', TargetHost: 'host-b' },
    };
    const asked = expectValidLex(await fulfil(lexEvent(spec)));
    expect(asked.sessionState.dialogAction.type).toBe('ConfirmIntent');
    const yes = (response: LexResponse) =>
      lexEvent({
        ...spec,
        source: 'FulfillmentCodeHook',
        confirmationState: 'Confirmed',
        sessionAttributes: response.sessionState.sessionAttributes ?? {},
      });

    now = T0 + CONFIRMATION_TTL_MS + 1;
    const late = expectValidLex(await fulfil(yes(asked)));
    expect(late.sessionState.dialogAction.type).toBe('ConfirmIntent');
    expect(textOf(late)).toMatch(/^That question was a while ago/);
    expect(recorded.writes).toEqual([]);

    // A yes to the question asked again, in time, is a yes.
    const done = expectValidLex(await fulfil(yes(late)));
    expect(textOf(done)).toMatch(/^Migrating vm-3 from host-a to host-b/);
    expect(recorded.writes.map((w) => w.method)).toEqual(['startMigration']);
  });
});
