import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wallClockAt } from '../../../src/engine';
import type { MigrationRecord } from '../../../src/store';
import {
  confirmed,
  dialog,
  fulfilment,
  say,
  seededBot,
  snapshot,
  type Bot,
  type Turn,
} from './support/bot';

/**
 * MigrationReport, WhereIsVm and RecommendHost, and the chains between intents, each driven by
 * the Lambda naming the next intent in its answer: MigrateVm → MigrationReport's Follow slot
 * (the offer of the report), RecommendHost → MigrateVm's confirmation, WhereIsVm → the offer of
 * the report while the VM migrates. Time is a TestClock shared with the store.
 */
const REPORT = 'MigrationReport';

async function migrationOf(bot: Bot, vmId: string): Promise<MigrationRecord> {
  const vm = await bot.store.getVm(vmId);
  const m = await bot.store.getMigration(vm!.migration!.id);
  return m!;
}

/** Sets the clock to `atMs` simulated ms into the migration's plan. */
function at(bot: Bot, m: MigrationRecord, atMs: number): void {
  bot.clock.now = wallClockAt(m.plan, atMs);
}

const percent = (t: Turn) => Number(/, (\d+) % copied/.exec(t.text)?.[1]);
const secondsLeft = (t: Turn) => {
  const [, n, unit] = /about ([\d.]+) (ms|s) left\.$/.exec(t.messages[0] ?? '') ?? [];
  return Number(n) / (unit === 'ms' ? 1000 : 1);
};

describe('chain 1: MigrateVm → the offer of the report → MigrationReport', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await seededBot();
  });
  afterAll(async () => {
    await bot.table.drop();
  });

  it('offers the report after the migration starts, then reports on yes', async () => {
    // Act: the migration, as the user confirmed it.
    const started = await say(
      bot,
      confirmed({ intent: 'MigrateVm', slots: { VmName: 'vm-3', TargetHost: 'host-b' } }),
    );

    // Assess: the answer goes on to MigrationReport and asks its Follow slot.
    expect(started.action).toBe('ElicitSlot');
    expect(started.intentName).toBe(REPORT);
    expect(started.slotToElicit).toBe('Follow');
    expect(started.slot('VmName')).toBe('vm-3');
    expect(started.messages[0]).toMatch(/^Migrating vm-3 from host-a to host-b: /);
    expect(started.messages[1]).toBe("Do you want to follow vm-3's migration?");
    expect(started.attributes.migrationInProgress).toBe('vm-3');

    // The yes, captured by Lex as the slot's value (AMAZON.Confirmation), reports at once.
    const report = await say(
      bot,
      dialog({
        intent: REPORT,
        slots: { VmName: 'vm-3', Follow: 'Yes' },
        sessionAttributes: started.attributes,
      }),
    );
    expect(report.action).toBe('Close');
    expect(report.intentState).toBe('Fulfilled');
    expect(report.text).toMatch(/^vm-3 is migrating from host-a to host-b: stage 2/);
  });

  it('says OK and nothing else when the user declines the offer', async () => {
    const no = await say(bot, dialog({ intent: REPORT, slots: { VmName: 'vm-3', Follow: 'No' } }));
    expect(no.action).toBe('Close');
    expect(no.intentState).toBe('Failed');
    expect(no.text).toBe('OK. Ask "how is vm-3 doing?" any time.');
  });

  it('asks again for an answer that is neither yes nor no', async () => {
    const maybe = await say(
      bot,
      dialog({ intent: REPORT, slots: { VmName: 'vm-3', Follow: 'Maybe' } }),
    );
    expect(maybe.action).toBe('ElicitSlot');
    expect(maybe.slotToElicit).toBe('Follow');
  });

  it('does not offer when the report was asked for directly', async () => {
    const direct = await say(bot, dialog({ intent: REPORT, slots: { VmName: 'vm-3' } }));
    expect(direct.action).toBe('Delegate');
    expect(direct.text).toBe('');
  });
});

describe('MigrationReport while a migration runs and when it is done (a fresh fleet each)', () => {
  let bot: Bot;
  beforeEach(async () => {
    bot = await seededBot();
  });
  afterEach(async () => {
    await bot.table.drop();
  });

  const report = (vm: string) => say(bot, fulfilment({ intent: REPORT, slots: { VmName: vm } }));

  it('follows the stage, the round, the share copied and the time left', async () => {
    // Prepare: vm-2 (8 GiB database, dirtying 150 MiB/s) needs several pre-copy rounds.
    await bot.store.startMigration({ vmId: 'vm-2', destinationHostId: 'host-b' });
    const m = await migrationOf(bot, 'vm-2');
    const rounds = m.plan.precopy.rounds;
    expect(rounds.length).toBeGreaterThan(1);
    const n = m.plan.precopy.precopyRounds;

    // Act and assess: the start, then the middle of round 2.
    const first = await report('vm-2');
    expect(first.text).toMatch(
      new RegExp(
        `^vm-2 is migrating from host-a to host-b: stage 2 \\(Iterative Pre-Copy\\), round 1 of ${n}, 0 % copied \\(0 MiB of [\\d.]+ GiB\\), about [\\d.]+ s left\\.$`,
      ),
    );
    expect(first.attributes.migrationInProgress).toBe('vm-2');

    at(bot, m, rounds[0]!.durationMs + rounds[1]!.durationMs / 2);
    const second = await report('vm-2');
    expect(second.text).toContain(`stage 2 (Iterative Pre-Copy), round 2 of ${n}, `);
    expect(percent(second)).toBeGreaterThan(percent(first));
    expect(percent(second)).toBeLessThan(100);
    expect(secondsLeft(second)).toBeLessThan(secondsLeft(first));

    // The middle of stop-and-copy: the VM is paused.
    const stop = m.plan.stages.find((s) => s.stage === 3)!;
    at(bot, m, (stop.startMs + stop.endMs) / 2);
    const paused = await report('vm-2');
    expect(paused.text).toMatch(
      /^vm-2 is migrating from host-a to host-b: stage 3 \(Stop-and-Copy\), /,
    );
    expect(paused.text).toContain('vm-2 is paused on host-a for the final copy');
    expect(percent(paused)).toBeGreaterThanOrEqual(percent(second));
  });

  it('gives the timeline of stages 0 to 5, the rounds and the downtime when it is done', async () => {
    await bot.store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' });
    const m = await migrationOf(bot, 'vm-3');
    at(bot, m, m.plan.endMs + 1);

    const done = await say(
      bot,
      fulfilment({
        intent: REPORT,
        slots: { VmName: 'vm-3' },
        sessionAttributes: { migrationInProgress: 'vm-3' },
      }),
    );

    expect(done.intentState).toBe('Fulfilled');
    const [headline, timeline, table] = done.messages;
    expect(headline).toMatch(
      /^vm-3 moved from host-a to host-b: 1 pre-copy round, 4\.1 GiB sent, downtime \d+ ms, [\d.]+ s in all\.$/,
    );
    const stages = timeline!.split('\n');
    expect(stages[0]).toBe('Timeline (Clark et al., Figure 1):');
    for (const [i, name] of [
      'Pre-Migration',
      'Reservation',
      'Iterative Pre-Copy',
      'Stop-and-Copy',
      'Commitment',
      'Activation',
    ].entries()) {
      expect(stages[i + 1]).toMatch(new RegExp(`^${i} ${name}\\s`));
    }
    expect(timeline).toMatch(/downtime \d+ ms \(stages 3 to 5\)/);
    expect(table!.split('\n')[0]).toBe('Pre-copy rounds:');
    expect(table!.split('\n').slice(2)).toHaveLength(m.plan.precopy.rounds.length);
    // Done: the progress attribute goes.
    expect(done.attributes).not.toHaveProperty('migrationInProgress');
  });

  it('says when a VM has never been migrated, and asks again for an unknown VM', async () => {
    const never = await report('vm-5');
    expect(never.intentState).toBe('Fulfilled');
    expect(never.text).toBe('vm-5 has never been migrated. It runs on host-c.');

    const unknown = await say(bot, dialog({ intent: REPORT, slots: { VmName: 'vm-31' } }));
    expect(unknown.action).toBe('ElicitSlot');
    expect(unknown.slotToElicit).toBe('VmName');
    expect(unknown.text).toMatch(/^I can't find a VM called vm-31\. Did you mean /);
    expect(unknown.text).toContain('vm-3');
  });
});

describe('WhereIsVm, and its switch to MigrationReport while the VM migrates', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await seededBot();
  });
  afterAll(async () => {
    await bot.table.drop();
  });

  it('names the host, the hypervisor and the appliance', async () => {
    const asked = await say(bot, dialog({ intent: 'WhereIsVm', slots: { VmName: 'VM5' } }));
    expect(asked.action).toBe('Delegate');
    expect(asked.slot('VmName')).toBe('vm-5');

    const t = await say(bot, fulfilment({ intent: 'WhereIsVm', slots: { VmName: 'vm-5' } }));
    expect(t.intentState).toBe('Fulfilled');
    expect(t.text).toBe(
      'vm-5 runs on host-c (KVM, hardware-assisted, AMD): 1 GiB, 2 vCPUs, Quake-style game server (Debian 12: ioquake3 dedicated server).',
    );
  });

  it('asks again for a VM it cannot find', async () => {
    const t = await say(bot, dialog({ intent: 'WhereIsVm', slots: { VmName: 'vm-77' } }));
    expect(t.action).toBe('ElicitSlot');
    expect(t.slotToElicit).toBe('VmName');
    expect(t.text).toMatch(/^I can't find a VM called vm-77\./);
  });

  it('offers the progress report, as MigrationReport, while the VM migrates; plain again after', async () => {
    await bot.store.startMigration({ vmId: 'vm-1', destinationHostId: 'host-b' });
    const m = await migrationOf(bot, 'vm-1');
    at(bot, m, m.plan.endMs / 2);

    const t = await say(bot, fulfilment({ intent: 'WhereIsVm', slots: { VmName: 'vm-1' } }));

    expect(t.action).toBe('ElicitSlot');
    expect(t.slotToElicit).toBe('Follow');
    expect(t.intentName).toBe(REPORT);
    expect(t.slot('VmName')).toBe('vm-1');
    expect(t.messages[0]).toMatch(/^vm-1 runs on host-a \(KVM, hardware-assisted, Intel\): 4 GiB/);
    expect(t.messages[1]).toMatch(/^vm-1 is migrating from host-a to host-b: stage \d/);
    expect(t.messages[2]).toBe('Want the progress report for vm-1?');

    at(bot, m, m.plan.endMs + 1);
    const after = await say(bot, fulfilment({ intent: 'WhereIsVm', slots: { VmName: 'vm-1' } }));
    expect(after.action).toBe('Close');
    expect(after.text).toMatch(/^vm-1 runs on host-b \(KVM, hardware-assisted, Intel\)/);
  });
});

describe('chain 2: RecommendHost → MigrateVm', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await seededBot();
  });
  afterAll(async () => {
    await bot.table.drop();
  });

  it("recommends a host, explains the excluded ones, and answers with MigrateVm's confirmation", async () => {
    const before = await snapshot(bot);
    const asked = await say(bot, dialog({ intent: 'RecommendHost', slots: { VmName: 'vm 2' } }));
    expect(asked.action).toBe('Delegate');
    expect(asked.slot('VmName')).toBe('vm-2');

    const t = await say(bot, fulfilment({ intent: 'RecommendHost', slots: { VmName: 'vm 2' } }));

    expect(t.messages[0]).toMatch(
      /^For vm-2 \(on host-a\) I recommend host-b: KVM, hardware-assisted, Intel like host-a, and the most room left after the move \(52 GiB and 26 vCPUs free\)\./,
    );
    expect(t.text).toContain('Excluded: host-c has AMD CPUs');
    expect(t.text).toContain("host-f's CPU feature level is 3, below vm-2's level 4");
    // Chain 2: the Lambda switches to MigrateVm, asking to confirm the recommended migration.
    expect(t.action).toBe('ConfirmIntent');
    expect(t.intentName).toBe('MigrateVm');
    expect(t.slot('VmName')).toBe('vm-2');
    expect(t.slot('TargetHost')).toBe('host-b');
    expect(t.messages[1]).toMatch(
      /^Live-migrate vm-2 \(8 GiB, database\) from host-a to host-b\? Expected downtime about /,
    );
    expect(await snapshot(bot)).toEqual(before);
  });

  it('asks again for an unknown VM', async () => {
    const t = await say(bot, dialog({ intent: 'RecommendHost', slots: { VmName: 'vm-22' } }));
    expect(t.action).toBe('ElicitSlot');
    expect(t.slotToElicit).toBe('VmName');
  });

  it('recommends nothing for a VM that is migrating', async () => {
    await bot.store.startMigration({ vmId: 'vm-1', destinationHostId: 'host-b' });

    const t = await say(bot, fulfilment({ intent: 'RecommendHost', slots: { VmName: 'vm-1' } }));

    expect(t.intentState).toBe('Failed');
    expect(t.text).toBe('vm-1 is migrating to host-b right now; ask again when it has arrived.');
  });
});

describe('advice and options that need no write', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await seededBot();
  });
  afterAll(async () => {
    await bot.table.drop();
  });

  it(
    'RecommendHost only recommends a migration that would converge: ' +
      'has no recommendation for the memory muncher, and points to auto-converge',
    async () => {
      const t = await say(bot, fulfilment({ intent: 'RecommendHost', slots: { VmName: 'vm-6' } }));
      expect(t.intentState).toBe('Failed');
      expect(t.text).toMatch(
        /^vm-6 can't move anywhere right now; it stays on host-a\.\nhost-b would have room, but pre-copy would not converge/,
      );
      expect(t.text).toMatch(/"migrate vm-6 to host-b with auto-converge"/);
    },
  );

  it(
    'MigrateVm reads auto-converge from the resolved slot only: ' +
      'does not take any text in the slot for a yes',
    async () => {
      const t = await say(
        bot,
        dialog({
          intent: 'MigrateVm',
          slots: { VmName: 'vm-3', TargetHost: 'host-b', AutoConverge: 'no' },
        }),
      );
      expect(t.action).toBe('ConfirmIntent');
      expect(t.text).not.toMatch(/auto-converge/);
    },
  );
});
