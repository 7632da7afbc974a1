import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexEvent } from '../../support/lex-events';
import { expectValidLex, textOf } from '../../unit/intents/support/lex-checks';
import { dialog, fulfilment, say, seededBot, type Bot } from './support/bot';

/** ListHosts, HelpIntent, FallbackIntent, intents the bot does not have, and name spellings. */
let bot: Bot;
beforeAll(async () => {
  bot = await seededBot();
});
afterAll(async () => {
  await bot.table.drop();
});

describe('ListHosts', () => {
  it('lists the fleet: capacity, hypervisor and VMs of every host', async () => {
    const asked = await say(bot, dialog({ intent: 'ListHosts', slots: { HostName: null } }));
    expect(asked.action).toBe('Delegate');

    const t = await say(bot, fulfilment({ intent: 'ListHosts' }));

    expect(t.intentState).toBe('Fulfilled');
    expect(t.text.split('\n')).toEqual([
      '6 hosts:',
      'host-a (KVM, hardware-assisted, Intel): 44 GiB of 64 GiB and 22 of 32 vCPUs free; runs vm-1, vm-2, vm-3, vm-6.',
      'host-b (KVM, hardware-assisted, Intel): 60 GiB of 64 GiB and 30 of 32 vCPUs free; runs vm-4.',
      'host-c (KVM, hardware-assisted, AMD): 47 GiB of 48 GiB and 22 of 24 vCPUs free; runs vm-5.',
      'host-d (Xen, paravirtualization, Intel): 24 GiB of 32 GiB and 12 of 16 vCPUs free; runs vm-7.',
      'host-e (ESXi, binary-translation, Intel): 28 GiB of 32 GiB and 14 of 16 vCPUs free; runs vm-8.',
      'host-f (KVM, hardware-assisted, Intel): 16 GiB of 16 GiB and 8 of 8 vCPUs free; no VMs.',
    ]);
  });

  it('shows one host with its VMs and link when a host is named', async () => {
    const asked = await say(bot, dialog({ intent: 'ListHosts', slots: { HostName: 'host A' } }));
    expect(asked.action).toBe('Delegate');
    expect(asked.slot('HostName')).toBe('host-a');

    const t = await say(bot, fulfilment({ intent: 'ListHosts', slots: { HostName: 'a' } }));

    expect(t.text).toBe(
      [
        'host-a (KVM, hardware-assisted, Intel): 44 GiB of 64 GiB and 22 of 32 vCPUs free; migration link 1180 MiB/s.',
        'VMs: vm-1 (4 GiB, web-server), vm-2 (8 GiB, database), vm-3 (4 GiB, web-server), vm-6 (4 GiB, memory-muncher).',
      ].join('\n'),
    );
    const empty = await say(bot, fulfilment({ intent: 'ListHosts', slots: { HostName: 'f' } }));
    expect(empty.text).toContain('No VMs run on it.');
  });

  it('asks again for a host it does not know', async () => {
    const t = await say(bot, dialog({ intent: 'ListHosts', slots: { HostName: 'host-q' } }));
    expect(t.action).toBe('ElicitSlot');
    expect(t.slotToElicit).toBe('HostName');
    expect(t.text).toMatch(/^There is no host called host-q\./);
  });
});

describe('HelpIntent and FallbackIntent', () => {
  it('answers help with what the bot does and phrases to try', async () => {
    const t = await say(bot, fulfilment({ intent: 'HelpIntent' }));
    expect(t.action).toBe('Close');
    expect(t.intentState).toBe('Fulfilled');
    expect(t.messages[0]).toMatch(/^I live-migrate VMs between hosts/);
    expect(t.messages[1]).toBe(
      'Try: "migrate vm-3 to host B", "where should vm-2 go?" or "evacuate host-f". At any point you can say "cancel", "start over" or "repeat that".',
    );
    // No dialog hook of its own: Lex goes on.
    const hook = await say(bot, dialog({ intent: 'HelpIntent' }));
    expect(hook.action).toBe('Delegate');
  });

  it('answers what it did not get with the help, waiting for a new request', async () => {
    for (const source of ['DialogCodeHook', 'FulfillmentCodeHook'] as const) {
      const t = await say(bot, { intent: 'FallbackIntent', source, inputTranscript: 'make tea' });
      expect(t.action).toBe('ElicitIntent');
      expect(t.messages[0]).toBe("Sorry, I didn't get that.");
      expect(t.text).toContain('Try: "migrate vm-3 to host B"');
    }
  });

  it('closes an intent it does not have, saying so', async () => {
    const raw = await bot.fulfil(lexEvent({ intent: 'OrderPizza', source: 'FulfillmentCodeHook' }));
    // Not an intent of the bot: only the plain response rules apply.
    const response = expectValidLex(raw, { strict: false });
    expect(response.sessionState.dialogAction.type).toBe('Close');
    expect(response.sessionState.intent?.state).toBe('Failed');
    expect(textOf(response)).toMatch(/^I can't help with "OrderPizza" yet\./);
  });
});

describe('names as people type them', () => {
  it.each([
    'vm-3',
    'vm 3',
    'VM-3',
    'VM3',
    'vm3',
    'Vm 3',
    'virtual machine 3',
    'VM three',
    ' vm-3 ',
  ])('%j is vm-3', async (said) => {
    const t = await say(bot, dialog({ intent: 'WhereIsVm', slots: { VmName: said } }));
    expect(t.action).toBe('Delegate');
    expect(t.slot('VmName')).toBe('vm-3');
    expect(t.original('VmName')).toBe(said);
  });

  it.each(['host-b', 'host B', 'Host-B', 'b', 'B', 'host b', 'bravo', 'HOST_B'])(
    '%j is host-b',
    async (said) => {
      const t = await say(bot, dialog({ intent: 'ListHosts', slots: { HostName: said } }));
      expect(t.action).toBe('Delegate');
      expect(t.slot('HostName')).toBe('host-b');
    },
  );
});
