import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  confirmed,
  dialog,
  expectInvariants,
  fulfilment,
  itemsOfType,
  say,
  seededBot,
  snapshot,
  type Bot,
} from './support/bot';

/**
 * EvacuateHost against DynamoDB Local: the per-VM plan in the confirmation, then maintenance and
 * the migrations one after another, vm-6 (which cannot converge) left behind. A fresh fleet
 * each: every test here changes it.
 */
const EVACUATE = 'EvacuateHost';

let bot: Bot;
beforeEach(async () => {
  bot = await seededBot();
});
afterEach(async () => {
  await bot.table.drop();
});

describe('EvacuateHost dialog hook', () => {
  it('asks for confirmation with the plan VM by VM, largest first', async () => {
    const before = await snapshot(bot);

    const t = await say(bot, dialog({ intent: EVACUATE, slots: { HostName: 'host A' } }));

    expect(t.action).toBe('ConfirmIntent');
    expect(t.slot('HostName')).toBe('host-a');
    const lines = t.text.split('\n');
    expect(lines[0]).toBe(
      'Evacuate host-a and put it in maintenance? One at a time, I would live-migrate:',
    );
    expect(lines.slice(1, 4)).toEqual([
      expect.stringMatching(/^- vm-2 \(8 GiB\) to host-b, about [\d.]+ s$/),
      expect.stringMatching(/^- vm-1 \(4 GiB\) to host-b, about [\d.]+ s$/),
      expect.stringMatching(/^- vm-3 \(4 GiB\) to host-b, about [\d.]+ s$/),
    ]);
    expect(lines[4]).toBe(
      '- vm-6 stays: it writes memory faster than any link can copy it; move it later with auto-converge',
    );
    expect(lines[5]).toMatch(/^about [\d.]+ s in all\. Shall I go ahead\?$/);
    expect(await snapshot(bot)).toEqual(before);
  });

  it('asks again for a host it does not know', async () => {
    const t = await say(bot, dialog({ intent: EVACUATE, slots: { HostName: 'host-x' } }));
    expect(t.action).toBe('ElicitSlot');
    expect(t.slotToElicit).toBe('HostName');
    expect(t.text).toMatch(/^There is no host called host-x\./);
  });

  it('changes nothing when the user says no', async () => {
    const before = await snapshot(bot);
    const t = await say(
      bot,
      dialog({ intent: EVACUATE, slots: { HostName: 'host-a' }, confirmationState: 'Denied' }),
    );
    expect(t.action).toBe('Close');
    expect(t.intentState).toBe('Failed');
    expect(t.text).toBe('OK, host-a stays as it is.');
    expect(await snapshot(bot)).toEqual(before);
  });
});

describe('EvacuateHost fulfillment', () => {
  it('puts the host in maintenance and moves its VMs one at a time, leaving vm-6', async () => {
    // Act
    const t = await say(bot, confirmed({ intent: EVACUATE, slots: { HostName: 'host-a' } }));

    // Assess: the answer, VM by VM.
    expect(t.intentState).toBe('Fulfilled');
    const lines = t.text.split('\n');
    expect(lines[0]).toBe('host-a is now in maintenance.');
    expect(lines.slice(1, 4)).toEqual([
      expect.stringMatching(/^vm-2 to host-b: migrating now, about [\d.]+ s\.$/),
      expect.stringMatching(/^vm-1 to host-b: starts in [\d.]+ s, about [\d.]+ s\.$/),
      expect.stringMatching(/^vm-3 to host-b: starts in [\d.]+ s, about [\d.]+ s\.$/),
    ]);
    expect(lines[4]).toBe(
      'vm-6: not moved (it writes memory faster than any link can copy it; move it later with auto-converge).',
    );
    expect(lines[5]).toBe('Still on host-a: vm-6.');

    // The table: maintenance, three migrations queued back to back.
    expect((await bot.store.getHost('host-a'))!.state).toBe('maintenance');
    const migrations = (await itemsOfType(bot, 'migration')).sort(
      (a, b) => Number(a.startedAt) - Number(b.startedAt),
    );
    expect(migrations.map((m) => m.vmId)).toEqual(['vm-2', 'vm-1', 'vm-3']);
    expect(migrations[1]!.startedAt).toBe(migrations[0]!.endsAt);
    expect(migrations[2]!.startedAt).toBe(migrations[1]!.endsAt);
    await expectInvariants(bot);

    // When the last one is done, only vm-6 is left on host-a.
    bot.clock.now = Number(migrations[2]!.endsAt) + 1;
    const hostA = await say(
      bot,
      fulfilment({ intent: 'ListHosts', slots: { HostName: 'host-a' } }),
    );
    expect(hostA.text).toMatch(/^host-a \(KVM, hardware-assisted, Intel, in maintenance\): /);
    expect(hostA.text).toContain('VMs: vm-6 (4 GiB, memory-muncher).');
    await expectInvariants(bot);
  });

  it('offers maintenance for a host without VMs, and says when it is already done', async () => {
    const asked = await say(bot, dialog({ intent: EVACUATE, slots: { HostName: 'f' } }));
    expect(asked.action).toBe('ConfirmIntent');
    expect(asked.text).toBe('host-f runs no VMs. Put it in maintenance?');

    const t = await say(bot, confirmed({ intent: EVACUATE, slots: { HostName: 'f' } }));
    expect(t.intentState).toBe('Fulfilled');
    expect(t.text).toBe('host-f is now in maintenance.');
    expect((await bot.store.getHost('host-f'))!.state).toBe('maintenance');

    const again = await say(bot, dialog({ intent: EVACUATE, slots: { HostName: 'host-f' } }));
    expect(again.action).toBe('Close');
    expect(again.intentState).toBe('Failed');
    expect(again.text).toBe('host-f is already in maintenance and runs no VMs.');
  });
});

describe('EvacuateHost with a VM on its way in', () => {
  it('says the VM is arriving instead of claiming the host is empty', async () => {
    await bot.store.startMigration({ vmId: 'vm-1', destinationHostId: 'host-b' });

    const asked = await say(bot, dialog({ intent: EVACUATE, slots: { HostName: 'host-b' } }));
    expect(asked.action).toBe('ConfirmIntent');
    expect(asked.text).toMatch(
      /vm-1 is migrating here; evacuate host-b again once it has arrived\./,
    );

    const t = await say(bot, confirmed({ intent: EVACUATE, slots: { HostName: 'host-b' } }));
    expect(t.intentState).toBe('Fulfilled');
    expect(t.text).toMatch(/^host-b is now in maintenance\./);
    expect(t.text).toMatch(/vm-1 is migrating here; evacuate host-b again once it has arrived\./);
    await expectInvariants(bot);
  });
});
