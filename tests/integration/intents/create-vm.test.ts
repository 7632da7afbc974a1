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

/** CreateVm against DynamoDB Local: placement, names, memory sizes, full hosts, yes and no. */
const CREATE = 'CreateVm';

describe('CreateVm dialog hook (one seeded fleet, reads only)', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await seededBot();
  });
  afterAll(async () => {
    await bot.table.drop();
  });

  it('lets Lex ask for the appliance first', async () => {
    const t = await say(bot, dialog({ intent: CREATE, slots: { ApplianceName: null } }));
    expect(t.action).toBe('Delegate');
    expect(t.text).toBe('');
  });

  it('places the VM on the host with the most free memory when no host is named', async () => {
    const t = await say(bot, dialog({ intent: CREATE, slots: { ApplianceName: 'database' } }));

    expect(t.action).toBe('ConfirmIntent');
    expect(t.text).toBe(
      "Create a new VM from the database appliance (Ubuntu 24.04: PostgreSQL 16; 8 GiB, 4 vCPUs) on host-b (placement's choice: the most free memory)?",
    );
    expect(t.slot('ApplianceName')).toBe('database');
  });

  it('uses the name and the host given', async () => {
    const t = await say(
      bot,
      dialog({
        intent: CREATE,
        slots: { ApplianceName: 'Web Server', VmName: 'Web 9', TargetHost: 'host C' },
      }),
    );

    expect(t.action).toBe('ConfirmIntent');
    expect(t.text).toBe(
      'Create web-9 from the web server appliance (Debian 12: nginx 1.22, Node.js 20; 4 GiB, 2 vCPUs) on host-c?',
    );
    expect(t.slot('VmName')).toBe('web-9');
    expect(t.slot('TargetHost')).toBe('host-c');
    expect(t.slot('ApplianceName')).toBe('web-server');
  });

  it('takes a memory size in GiB', async () => {
    const t = await say(
      bot,
      dialog({ intent: CREATE, slots: { ApplianceName: 'cache', MemoryGiB: '6' } }),
    );
    expect(t.action).toBe('ConfirmIntent');
    expect(t.text).toContain('(Alpine 3.20: Redis 7; 6 GiB, 2 vCPUs)');
    expect(t.slot('MemoryGiB')).toBe('6');
  });

  it('asks for another name when the name is taken', async () => {
    const t = await say(
      bot,
      dialog({ intent: CREATE, slots: { ApplianceName: 'cache', VmName: 'VM 2' } }),
    );
    expect(t.action).toBe('ElicitSlot');
    expect(t.slotToElicit).toBe('VmName');
    expect(t.text).toBe('There is already a VM called vm-2. What should the new one be called?');
    expect(t.slot('VmName')).toBeNull();
    expect(t.slot('ApplianceName')).toBe('cache');
  });

  it('asks again for an appliance it does not have', async () => {
    // A synonym ("webserver") would reach the Lambda resolved: a typo Lex passed on would not.
    const t = await say(bot, dialog({ intent: CREATE, slots: { ApplianceName: 'webservr' } }));
    expect(t.slotToElicit).toBe('ApplianceName');
    expect(t.text).toMatch(/^There is no appliance called "webservr"\. Did you mean web-server/);
  });

  it.each(['0.1', '0', '-4', '2000', 'lots', 'NaN'])(
    'asks again for a memory size of %j',
    async (size) => {
      const t = await say(
        bot,
        dialog({ intent: CREATE, slots: { ApplianceName: 'cache', MemoryGiB: size } }),
      );
      expect(t.action).toBe('ElicitSlot');
      expect(t.slotToElicit).toBe('MemoryGiB');
      // A number is said back as it is, anything else quoted.
      const said = /^[\d.]+$/.test(size) ? size : `"${size}"`;
      expect(t.text).toBe(
        `${said} GiB won't do: give a size from 0.25 to 1024 GiB in quarters, like 4 or 8.`,
      );
    },
  );

  it('asks for another host when the named host is full', async () => {
    const t = await say(
      bot,
      dialog({
        intent: CREATE,
        slots: { ApplianceName: 'cache', TargetHost: 'f', MemoryGiB: '64' },
      }),
    );
    expect(t.action).toBe('ElicitSlot');
    expect(t.slotToElicit).toBe('TargetHost');
    expect(t.text).toBe(
      'host-f has no room for the new VM: needs 64 GiB, 16 GiB free. Which host should it go on?',
    );
  });

  it('asks for less memory when no host has room', async () => {
    const t = await say(
      bot,
      dialog({ intent: CREATE, slots: { ApplianceName: 'cache', MemoryGiB: '1000' } }),
    );
    expect(t.slotToElicit).toBe('MemoryGiB');
    expect(t.text).toBe(
      'No host has room for 1000 GiB and 2 vCPUs right now; host-b could take up to 60 GiB. How many GiB should it have?',
    );
  });
});

describe('CreateVm: yes, no, and hosts that cannot take it (a fresh fleet each)', () => {
  let bot: Bot;
  beforeEach(async () => {
    bot = await seededBot();
  });
  afterEach(async () => {
    await bot.table.drop();
  });

  it('refuses a host in maintenance', async () => {
    await bot.store.setHostState('host-f', 'maintenance');
    const t = await say(
      bot,
      dialog({ intent: CREATE, slots: { ApplianceName: 'cache', TargetHost: 'host-f' } }),
    );
    expect(t.slotToElicit).toBe('TargetHost');
    expect(t.text).toBe('host-f is in maintenance. Which host should it go on?');
  });

  it('creates nothing when the user says no', async () => {
    const before = await snapshot(bot);
    const t = await say(
      bot,
      dialog({ intent: CREATE, slots: { ApplianceName: 'cache' }, confirmationState: 'Denied' }),
    );
    expect(t.action).toBe('Close');
    expect(t.intentState).toBe('Failed');
    expect(t.text).toBe('OK, nothing created.');
    expect(await snapshot(bot)).toEqual(before);
  });

  it('creates the next vm-<n> on the placed host on yes', async () => {
    const t = await say(bot, confirmed({ intent: CREATE, slots: { ApplianceName: 'cache' } }));

    expect(t.intentState).toBe('Fulfilled');
    expect(t.text).toBe(
      'Created vm-9 (cache, 4 GiB, 2 vCPUs) on host-b (KVM, hardware-assisted, Intel).',
    );
    expect(t.slot('VmName')).toBe('vm-9');
    expect((await bot.store.getVm('vm-9'))!).toMatchObject({
      hostId: 'host-b',
      applianceId: 'cache',
      memoryMiB: 4096,
    });
    expect(await itemsOfType(bot, 'vm')).toHaveLength(9);
    await expectInvariants(bot);
  });

  it('creates a named VM with the memory asked for on the host asked for', async () => {
    const t = await say(
      bot,
      confirmed({
        intent: CREATE,
        slots: { ApplianceName: 'game server', VmName: 'quake-1', TargetHost: 'c', MemoryGiB: '2' },
      }),
    );

    expect(t.intentState).toBe('Fulfilled');
    expect(t.text).toBe(
      'Created quake-1 (Quake-style game server, 2 GiB, 2 vCPUs) on host-c (KVM, hardware-assisted, AMD).',
    );
    expect((await bot.store.getHost('host-c'))!.usage.allocatedMemoryMiB).toBe(1024 + 2048);
    await expectInvariants(bot);
  });

  it('refuses at fulfillment when the host filled up after the confirmation, writing nothing', async () => {
    await bot.store.createVm({
      id: 'filler',
      applianceId: 'cache',
      hostId: 'host-f',
      memoryMiB: 14_336,
      vcpus: 1,
    });
    const before = await snapshot(bot);

    const t = await say(
      bot,
      confirmed({ intent: CREATE, slots: { ApplianceName: 'cache', TargetHost: 'host-f' } }),
    );

    expect(t.action).toBe('Close');
    expect(t.intentState).toBe('Failed');
    // The fulfillment closes the intent, so it states the problem instead of asking.
    expect(t.text).toBe(
      'host-f has no room for the new VM: needs 4 GiB, 2 GiB free. Nothing was created.',
    );
    expect(await snapshot(bot)).toEqual(before);
  });
});
