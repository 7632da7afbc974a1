import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  confirmed,
  dialog,
  expectInvariants,
  itemsOfType,
  say,
  seededBot,
  snapshot,
  type Bot,
} from './support/bot';

/** MigrateVm against DynamoDB Local: every way a request can be wrong, then confirm and fulfil. */
const MIGRATE = 'MigrateVm';
const ESTIMATE =
  /Expected downtime about \d+(\.\d+)? (ms|s), about \d+(\.\d+)? (ms|s|min) in all\.$/;

describe('MigrateVm dialog hook: checking the request (one seeded fleet, reads only)', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await seededBot();
  });
  afterAll(async () => {
    await bot.table.drop();
  });

  it('asks for confirmation with the estimate, names normalised and what was said kept', async () => {
    // Act
    const t = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm 3', TargetHost: 'host B' } }),
    );

    // Assess
    expect(t.action).toBe('ConfirmIntent');
    expect(t.intentName).toBe(MIGRATE);
    expect(t.text).toMatch(
      /^Live-migrate vm-3 \(4 GiB, web server\) from host-a to host-b\? Expected downtime about /,
    );
    expect(t.text).toMatch(ESTIMATE);
    expect(t.slot('VmName')).toBe('vm-3');
    expect(t.original('VmName')).toBe('vm 3');
    expect(t.slot('TargetHost')).toBe('host-b');
    expect(t.original('TargetHost')).toBe('host B');
  });

  it('lets Lex ask for a missing VM; asks for the host itself, naming those that would take it', async () => {
    const noVm = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: null, TargetHost: null } }),
    );
    expect(noVm.action).toBe('Delegate');
    expect(noVm.slot('VmName')).toBeNull();

    const noHost = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'VM3', TargetHost: null } }),
    );
    expect(noHost.action).toBe('ElicitSlot');
    expect(noHost.slotToElicit).toBe('TargetHost');
    expect(noHost.slot('VmName')).toBe('vm-3');
    expect(noHost.slot('TargetHost')).toBeNull();
    expect(noHost.text).toBe('Which host should vm-3 go to? host-b would take it.');
  });

  it('asks for the VM again when there is no such VM, suggesting close matches', async () => {
    const t = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm-33', TargetHost: 'host-b' } }),
    );

    expect(t.action).toBe('ElicitSlot');
    expect(t.slotToElicit).toBe('VmName');
    // Only the closest names: vm-3 is one edit away, vm-1 and vm-2 two.
    expect(t.text).toBe("I can't find a VM called vm-33. Did you mean vm-3?");
    // The wrong value is emptied so that Lex elicits it; the other slot is kept.
    expect(t.slot('VmName')).toBeNull();
    expect(t.slot('TargetHost')).toBe('host-b');
  });

  it('lists the fleet when no name stands out, and refuses what cannot be a name', async () => {
    const far = await say(bot, dialog({ intent: MIGRATE, slots: { VmName: 'vm-9' } }));
    expect(far.slotToElicit).toBe('VmName');
    expect(far.text).toBe(
      "I can't find a VM called vm-9. The fleet has vm-1, vm-2, vm-3, vm-4, vm-5, vm-6, vm-7, vm-8.",
    );

    const junk = await say(bot, dialog({ intent: MIGRATE, slots: { VmName: 'the 😀 one!' } }));
    expect(junk.slotToElicit).toBe('VmName');
    expect(junk.text).toBe(`"the 😀 one!" doesn't look like a VM name. VMs are named like vm-3.`);
  });

  it('asks for the host again when there is no such host', async () => {
    const z = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm-3', TargetHost: 'host-z' } }),
    );
    expect(z.action).toBe('ElicitSlot');
    expect(z.slotToElicit).toBe('TargetHost');
    expect(z.text).toBe(
      'There is no host called host-z. The hosts are host-a, host-b, host-c, host-d, host-e, host-f. Which host should vm-3 go to? host-b would take it.',
    );
    expect(z.slot('VmName')).toBe('vm-3');

    const typo = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm-3', TargetHost: 'hots-b' } }),
    );
    expect(typo.slotToElicit).toBe('TargetHost');
    expect(typo.text).toMatch(/^There is no host called hots-b\. Did you mean host-b\b/);
  });

  it('says the VM is already there when the target is its own host', async () => {
    const t = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm-4', TargetHost: 'b' } }),
    );
    expect(t.action).toBe('ElicitSlot');
    expect(t.slotToElicit).toBe('TargetHost');
    expect(t.text).toBe(
      'vm-4 is already on host-b. Which host should vm-4 go to? host-a would take it.',
    );

    const a = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm-3', TargetHost: 'host-a' } }),
    );
    expect(a.text).toBe(
      'vm-3 is already on host-a. Which host should vm-3 go to? host-b would take it.',
    );
  });

  it.each([
    ['host-d', 'hypervisor family', 'host-d runs Xen and vm-3 runs on KVM'],
    ['host-e', 'hypervisor family', 'host-e runs ESXi and vm-3 runs on KVM'],
    ['host-c', 'CPU vendor', 'host-c has AMD CPUs and vm-3 runs on Intel'],
    ['host-f', 'CPU feature level', "host-f's CPU feature level is 3, below vm-3's level 4"],
  ])('refuses %s (%s) and names a host that would take the VM', async (host, _why, reason) => {
    const t = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm-3', TargetHost: host } }),
    );

    expect(t.action).toBe('ElicitSlot');
    expect(t.slotToElicit).toBe('TargetHost');
    expect(t.text).toContain(`${host} can't take vm-3: ${reason}`);
    expect(t.text).toMatch(/ Which host should vm-3 go to\? host-b would take it\.$/);
    expect(t.slot('TargetHost')).toBeNull();
  });

  it('refuses vm-6 (memory muncher) because pre-copy would make no progress, suggesting auto-converge', async () => {
    const t = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm-6', TargetHost: 'host-b' } }),
    );

    expect(t.action).toBe('Close');
    expect(t.intentState).toBe('Failed');
    expect(t.text).toMatch(
      /^I won't start that migration: vm-6 would make no progress, as it dirties its working set faster than the link copies it \(1500 MiB\/s against 1180 MiB\/s\)\. vm-6 stays on host-a\./,
    );
    expect(t.text).toContain('say "migrate vm-6 to host-b with auto-converge"');
  });

  it('offers vm-6 with auto-converge', async () => {
    const t = await say(
      bot,
      dialog({
        intent: MIGRATE,
        slots: { VmName: 'vm-6', TargetHost: 'host-b', AutoConverge: 'auto-converge' },
      }),
    );

    expect(t.action).toBe('ConfirmIntent');
    expect(t.text).toMatch(
      /^Live-migrate vm-6 \(4 GiB, memory muncher\) from host-a to host-b with auto-converge\? /,
    );
    expect(t.text).toMatch(ESTIMATE);
    expect(t.slot('AutoConverge')).toBe('auto-converge');
  });

  it('lets a confirmed dialog turn go on to fulfillment without asking again', async () => {
    const t = await say(
      bot,
      dialog({
        intent: MIGRATE,
        slots: { VmName: 'vm-3', TargetHost: 'host-b' },
        confirmationState: 'Confirmed',
      }),
    );
    expect(t.action).toBe('Delegate');
    expect(t.text).toBe('');
  });
});

describe('MigrateVm: fleets that refuse (a fresh fleet each)', () => {
  let bot: Bot;
  beforeEach(async () => {
    bot = await seededBot();
  });
  afterEach(async () => {
    await bot.table.drop();
  });

  it('refuses a full host, and ends the request when no other host would take the VM', async () => {
    // Prepare: host-b has 60 GiB free; a 60 GiB VM fills it.
    await bot.store.createVm({
      id: 'big-1',
      applianceId: 'database',
      hostId: 'host-b',
      memoryMiB: 61_440,
      vcpus: 1,
    });

    const t = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm-3', TargetHost: 'host-b' } }),
    );

    // A dead end: no question that could only be answered with another impossible host.
    expect(t.action).toBe('Close');
    expect(t.intentState).toBe('Failed');
    expect(t.text).toMatch(/^vm-3 can't move anywhere right now; it stays on host-a\.\n/);
    expect(t.text).toMatch(/host-b has no room for vm-3: needs 4 GiB, 0 (MiB|GiB) free/);
  });

  it('refuses a host in maintenance', async () => {
    await bot.store.setHostState('host-b', 'maintenance');

    const t = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm-3', TargetHost: 'host-b' } }),
    );

    expect(t.action).toBe('Close');
    expect(t.text).toBe(
      "vm-3 can't move anywhere right now; it stays on host-a.\nhost-b is in maintenance; host-c has AMD CPUs and vm-3 runs on Intel: live migration cannot cross CPU vendors; host-d and host-e run other hypervisors than vm-3's KVM; host-f's CPU feature level is 3, below vm-3's level 4.",
    );
  });

  it('refuses a VM that is already migrating, at the dialog hook and at fulfillment', async () => {
    await bot.store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' });
    const before = await snapshot(bot);

    const asked = await say(
      bot,
      dialog({ intent: MIGRATE, slots: { VmName: 'vm-3', TargetHost: 'host-b' } }),
    );
    const fulfilled = await say(
      bot,
      confirmed({
        intent: MIGRATE,
        slots: { VmName: 'vm-3', TargetHost: 'host-b' },
        originatingRequestId: 'another-request',
      }),
    );

    for (const t of [asked, fulfilled]) {
      expect(t.action).toBe('Close');
      expect(t.intentState).toBe('Failed');
      expect(t.text).toBe(
        'vm-3 is already migrating to host-b (stage 2). Ask "how is vm-3 doing?" to follow it.',
      );
    }
    expect(await snapshot(bot)).toEqual(before);
  });
});

describe('MigrateVm: the answer to the confirmation (a fresh fleet each)', () => {
  let bot: Bot;
  beforeEach(async () => {
    bot = await seededBot();
  });
  afterEach(async () => {
    await bot.table.drop();
  });

  it('changes nothing when the user says no', async () => {
    const before = await snapshot(bot);

    const t = await say(
      bot,
      dialog({
        intent: MIGRATE,
        slots: { VmName: 'vm-3', TargetHost: 'host-b' },
        confirmationState: 'Denied',
      }),
    );

    expect(t.action).toBe('Close');
    expect(t.intentState).toBe('Failed');
    expect(t.text).toBe("OK, I won't migrate vm-3.");
    expect(await snapshot(bot)).toEqual(before);
  });

  it('starts the migration on yes and answers with the plan', async () => {
    const slots = { VmName: 'vm 3', TargetHost: 'host B' };
    const asked = await say(bot, dialog({ intent: MIGRATE, slots }));

    const t = await say(bot, confirmed({ intent: MIGRATE, slots }));

    // The plan, then the offer of the report: MigrationReport's Follow slot (chain 1).
    expect(t.action).toBe('ElicitSlot');
    expect(t.intentName).toBe('MigrationReport');
    expect(t.slotToElicit).toBe('Follow');
    expect(t.messages[0]).toMatch(
      /^Migrating vm-3 from host-a to host-b: 1 pre-copy round, 4\.1 GiB to send, expected downtime about \d+ ms, about \d+(\.\d+)? s in all\.$/,
    );
    expect(t.messages[1]).toBe("Do you want to follow vm-3's migration?");
    // The plan is the estimate the user said yes to.
    const downtime = /downtime (about [^,]+)/.exec(asked.text)![1]!;
    expect(t.text).toContain(`downtime ${downtime}`);
    expect(t.slot('VmName')).toBe('vm-3');
    expect(t.attributes).toMatchObject({ migrationInProgress: 'vm-3' });

    const migrations = await itemsOfType(bot, 'migration');
    expect(migrations).toHaveLength(1);
    expect(migrations[0]).toMatchObject({
      vmId: 'vm-3',
      sourceHostId: 'host-a',
      destinationHostId: 'host-b',
      status: 'in-flight',
    });
    expect((await bot.store.getHost('host-b'))!.usage.reservedMemoryMiB).toBe(4096);
    await expectInvariants(bot);
  });

  it('refuses vm-6 at fulfillment too, writing nothing, and then moves it with auto-converge', async () => {
    const before = await snapshot(bot);

    const refused = await say(
      bot,
      confirmed({ intent: MIGRATE, slots: { VmName: 'vm-6', TargetHost: 'host-b' } }),
    );
    expect(refused.intentState).toBe('Failed');
    expect(refused.text).toContain('with auto-converge');
    expect(await snapshot(bot)).toEqual(before);

    const t = await say(
      bot,
      confirmed({
        intent: MIGRATE,
        slots: { VmName: 'vm-6', TargetHost: 'host-b', AutoConverge: 'auto-converge' },
        originatingRequestId: 'second-try',
      }),
    );
    expect(t.intentName).toBe('MigrationReport');
    expect(t.messages[0]).toMatch(/^Migrating vm-6 from host-a to host-b: \d+ pre-copy rounds?, /);
    expect(t.messages[0]).toMatch(/auto-converge throttling the guest up to \d+ %\.$/);
    const [m] = await itemsOfType(bot, 'migration');
    expect(m).toMatchObject({ vmId: 'vm-6', status: 'in-flight' });
    await expectInvariants(bot);
  });

  it('asks to confirm, and changes nothing, for a fulfillment the user never confirmed', async () => {
    const before = await snapshot(bot);

    const t = await say(bot, {
      intent: MIGRATE,
      source: 'FulfillmentCodeHook',
      slots: { VmName: 'vm-3', TargetHost: 'host-b' },
    });

    expect(t.action).toBe('ConfirmIntent');
    expect(t.text).toMatch(
      /^Before I change anything, I need your yes to this:\nLive-migrate vm-3 /,
    );
    expect(await snapshot(bot)).toEqual(before);
  });
});
