import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmedByBot } from '../../support/confirmed';
import { lexEvent as eventOf, type EventSpec } from '../../support/lex-events';
import {
  confirmed,
  expectInvariants,
  itemsOfType,
  say,
  seededBot,
  snapshot,
  turnOf,
  type Bot,
} from './support/bot';

/**
 * Lex may invoke the same fulfillment twice (a retry after a timeout, a client resending): the
 * same sessionId and originatingRequestId. The fleet must change once, and the second answer
 * must be the first one, not a refusal of what the first call did.
 */
let bot: Bot;
beforeEach(async () => {
  bot = await seededBot();
});
afterEach(async () => {
  await bot.table.drop();
});

/** The event Lex sends; after a yes, with the bot's record of asking (as in a conversation). */
const lexEvent = (spec: EventSpec) =>
  spec.confirmationState === 'Confirmed'
    ? confirmedByBot(eventOf(spec), bot.clock.read())
    : eventOf(spec);

const twice = async (bot: Bot, event: unknown) => {
  const first = turnOf(await bot.fulfil(structuredClone(event)));
  const second = turnOf(await bot.fulfil(structuredClone(event)));
  return [first, second] as const;
};

describe('the same fulfillment event twice', () => {
  it('migrates once, and answers the retry with the same plan', async () => {
    const event = lexEvent(
      confirmed({ intent: 'MigrateVm', slots: { VmName: 'vm-3', TargetHost: 'host-b' } }),
    );

    const [first, second] = await twice(bot, event);

    expect(await itemsOfType(bot, 'migration')).toHaveLength(1);
    expect(first.text).toMatch(/^Migrating vm-3 /);
    expect(second.action).toBe(first.action);
    expect(second.text).toBe(first.text);
    expect(second.attributes).toEqual(first.attributes);
    await expectInvariants(bot);
  });

  it('creates one VM, and answers the retry with the same VM', async () => {
    const event = lexEvent(confirmed({ intent: 'CreateVm', slots: { ApplianceName: 'cache' } }));

    const [first, second] = await twice(bot, event);

    expect(await itemsOfType(bot, 'vm')).toHaveLength(9);
    expect(first.text).toBe(
      'Created vm-9 (cache, 4 GiB, 2 vCPUs) on host-b (KVM, hardware-assisted, Intel).',
    );
    expect(second.intentState).toBe('Fulfilled');
    expect(second.text).toBe(first.text);
    await expectInvariants(bot);
  });

  it('creates one named VM, and answers the retry with it rather than "the name is taken"', async () => {
    const event = lexEvent(
      confirmed({
        intent: 'CreateVm',
        slots: { ApplianceName: 'database', VmName: 'db-1', TargetHost: 'host-b' },
      }),
    );

    const [first, second] = await twice(bot, event);

    expect((await itemsOfType(bot, 'vm')).filter((v) => v.id === 'db-1')).toHaveLength(1);
    expect(first.text).toMatch(/^Created db-1 \(database, 8 GiB, 4 vCPUs\) on host-b /);
    expect(second.intentState).toBe('Fulfilled');
    expect(second.text).toBe(first.text);
    await expectInvariants(bot);
  });

  it('evacuates once, and answers the retry with the same moves', async () => {
    const event = lexEvent(confirmed({ intent: 'EvacuateHost', slots: { HostName: 'host-a' } }));

    const [first, second] = await twice(bot, event);

    expect(await itemsOfType(bot, 'migration')).toHaveLength(3);
    expect(second.intentState).toBe('Fulfilled');
    expect(second.text).toBe(first.text);
    await expectInvariants(bot);
  });

  it('still refuses a different request for a VM that is migrating', async () => {
    await say(bot, confirmed({ intent: 'MigrateVm', slots: { VmName: 'vm-3', TargetHost: 'b' } }));

    const other = await say(
      bot,
      confirmed({
        intent: 'MigrateVm',
        slots: { VmName: 'vm-3', TargetHost: 'b' },
        originatingRequestId: 'a-new-request',
      }),
    );

    expect(other.intentState).toBe('Failed');
    expect(other.text).toMatch(/^vm-3 is already migrating to host-b/);
    expect(await itemsOfType(bot, 'migration')).toHaveLength(1);
  });
});

describe('a request repeated after it has finished', () => {
  it('answers a Lex retry as the first time, a new request that the VM is already there', async () => {
    const event = lexEvent(
      confirmed({ intent: 'MigrateVm', slots: { VmName: 'vm-3', TargetHost: 'host-b' } }),
    );
    const first = turnOf(await bot.fulfil(structuredClone(event)));
    const [m] = await itemsOfType(bot, 'migration');
    bot.clock.now = Number(m!.endsAt) + 1;
    await bot.store.advance();
    const before = await snapshot(bot);

    // The same event again (Lex retrying the fulfillment): the first answer, nothing written
    // (without the offer to follow it now that it is done).
    const retry = turnOf(await bot.fulfil(structuredClone(event)));
    expect(retry.intentState).toBe('Fulfilled');
    expect(retry.text).toBe(first.messages[0]);

    // The same words in a new request: the VM is already there.
    const again = turnOf(
      await bot.fulfil(
        lexEvent(
          confirmed({
            intent: 'MigrateVm',
            slots: { VmName: 'vm-3', TargetHost: 'host-b' },
            originatingRequestId: 'said-again',
          }),
        ),
      ),
    );
    expect(again.intentState).toBe('Failed');
    expect(again.text).toMatch(/^vm-3 is already on host-b\./);
    expect(await snapshot(bot)).toEqual(before);
  });
});

describe('what the idempotency key covers', () => {
  it('never answers a different request with an earlier one, even with the same request id', async () => {
    // Whatever span Lex's originatingRequestId covers, what is asked is part of the key.
    const first = turnOf(
      await bot.fulfil(
        lexEvent(
          confirmed({
            intent: 'MigrateVm',
            slots: { VmName: 'vm-3', TargetHost: 'host-b' },
            originatingRequestId: 'same',
          }),
        ),
      ),
    );
    const second = turnOf(
      await bot.fulfil(
        lexEvent(
          confirmed({
            intent: 'MigrateVm',
            slots: { VmName: 'vm-1', TargetHost: 'host-b' },
            originatingRequestId: 'same',
          }),
        ),
      ),
    );
    expect(first.text).toMatch(/^Migrating vm-3 /);
    expect(second.text).toMatch(/^Migrating vm-1 /);
    const migrations = await itemsOfType(bot, 'migration');
    expect(migrations.map((m) => m.vmId).sort()).toEqual(['vm-1', 'vm-3']);
    await expectInvariants(bot);
  });
});

describe('a session Lex would not take back', () => {
  // The event's session state is read with the rules of the response's: a session the Lambda
  // could not echo is refused as it is read, before anything is asked of the store.
  it('writes nothing for a confirmed change whose session cannot be echoed', async () => {
    const before = await snapshot(bot);
    const event = lexEvent(
      confirmed({ intent: 'MigrateVm', slots: { VmName: 'vm-3', TargetHost: 'host-b' } }),
    );
    // An active context Lex would refuse in a response (name and time to live out of bounds).
    event.sessionState.activeContexts = [
      {
        name: 'bad name!',
        contextAttributes: {},
        timeToLive: { timeToLiveInSeconds: 1, turnsToLive: 1 },
      },
    ];
    const t = turnOf(await bot.fulfil(event));
    expect(t.action).toBe('ElicitIntent');
    expect(t.text).toMatch(/^Sorry, I couldn't read that request, so nothing was done\./);
    expect(await snapshot(bot)).toEqual(before);
  });
});
