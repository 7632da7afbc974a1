import { describe, expect, it } from 'vitest';
import { bot } from '../../../../bot-definition';
import { compileBotModel, compileNlu } from '../../../../src/runtime';
import type { NluInterpretation } from '../../../../src/runtime';

// The real bot definition through the runtime's NLU: every sample utterance, and the everyday
// variations an operator types.
const model = compileBotModel(bot);
const nlu = compileNlu(model);

/** A value of each slot type, to put in the placeholders of the sample utterances. */
function sampleValue(slotTypeName: string): string {
  if (slotTypeName === 'AMAZON.Number') return '8';
  const type = model.slotTypes.get(slotTypeName);
  const first = type?.slotTypeValues?.[0];
  if (!first) throw new Error(`no sample value for ${slotTypeName}`);
  return first.sampleValue.value;
}

const cases = model.intents
  .filter((intent) => intent.recognisable)
  .flatMap((intent) =>
    intent.utterances.map((utterance) => {
      const filled: Record<string, string> = {};
      const text = utterance.replace(/\{(\w+)\}/g, (_, name: string) => {
        const slot = intent.slotByName.get(name);
        const value = sampleValue(slot?.slotTypeName ?? '');
        filled[name] = value;
        return value;
      });
      return { intent: intent.name, utterance, text, filled };
    }),
  );

const interpretedValues = (i: NluInterpretation | undefined) =>
  Object.fromEntries(
    Object.entries(i?.slots ?? {}).flatMap(([name, slot]) =>
      slot?.value ? [[name, slot.value.interpretedValue]] : [],
    ),
  );

describe('the vmbot definition through the NLU', () => {
  it('has sample utterances to test', () => {
    expect(cases.length).toBeGreaterThan(60);
  });

  it.each(cases)('$intent: "$text"', ({ intent, text, filled }) => {
    // Act
    const [top] = nlu.recognize(text);
    // Assess
    expect(top?.intent).toBe(intent);
    expect(top?.score).toBeGreaterThanOrEqual(0.9);
    expect(interpretedValues(top)).toEqual(filled);
  });
});

describe('everyday variations of the vmbot requests', () => {
  it.each([
    ['migrate vm 3 to host B', 'MigrateVm', { VmName: 'vm 3', TargetHost: 'host B' }],
    [
      'please migrate VM three over to host bravo',
      'MigrateVm',
      { VmName: 'VM three', TargetHost: 'host bravo' },
    ],
    ['migarte vm-3 to host-b', 'MigrateVm', { VmName: 'vm-3', TargetHost: 'host-b' }],
    ['to host-c, migrate vm-2', 'MigrateVm', { VmName: 'vm-2', TargetHost: 'host-c' }],
    [
      'migrate vm-3 to host-b with autoconverge',
      'MigrateVm',
      { VmName: 'vm-3', TargetHost: 'host-b', AutoConverge: 'auto-converge' },
    ],
    ['could you move vm-12 over to host-z', 'MigrateVm', { VmName: 'vm-12', TargetHost: 'host-z' }],
    ['where is vm7', 'WhereIsVm', { VmName: 'vm7' }],
    ['which host is vm-2 running on', 'WhereIsVm', { VmName: 'vm-2' }],
    ['how is vm3 doing?', 'MigrationReport', { VmName: 'vm3' }],
    ['list the hosts', 'ListHosts', {}],
    ['how full is host d', 'ListHosts', { HostName: 'host d' }],
    ['recommend a host for vm-5', 'RecommendHost', { VmName: 'vm-5' }],
    ['spin up a quake server', 'CreateVm', { ApplianceName: 'game-server' }],
    [
      'deploy a postgres with sixteen GiB',
      'CreateVm',
      { ApplianceName: 'database', MemoryGiB: '16' },
    ],
    [
      'create a web server called web-1 on host-a with 4 GiB',
      'CreateVm',
      { ApplianceName: 'web-server', VmName: 'web-1', TargetHost: 'host-a', MemoryGiB: '4' },
    ],
    ['drain host-c please', 'EvacuateHost', { HostName: 'host-c' }],
    ['what can you do?', 'HelpIntent', {}],
  ] as const)('%j → %s %j', (text, intent, slots) => {
    const [top] = nlu.recognize(text);
    expect(top?.intent).toBe(intent);
    expect(interpretedValues(top)).toEqual(slots);
  });

  it.each(["what's the weather in Paris", 'yes', 'asdf qwerty', 'vm-3', 'tell me a joke'])(
    '%j → FallbackIntent',
    (text) => {
      expect(nlu.recognize(text)[0]?.intent).toBe('FallbackIntent');
    },
  );
});

describe('answers to a slot prompt', () => {
  it('reads "a cache" as the cache appliance, not as a typo of the synonym apache', () => {
    expect(nlu.captureSlot('CreateVm', 'ApplianceName', 'a cache')?.value).toMatchObject({
      interpretedValue: 'cache',
      resolvedValues: ['cache'],
    });
    expect(nlu.captureSlot('CreateVm', 'ApplianceName', 'redis')?.value.interpretedValue).toBe(
      'cache',
    );
    // A real typo of a listed value is still read as that value.
    expect(nlu.captureSlot('CreateVm', 'ApplianceName', 'databse')?.value.interpretedValue).toBe(
      'database',
    );
  });
});

describe('beyond the sample utterances', () => {
  const top = (text: string) => nlu.recognize(text)[0];

  it.each([
    // Synonyms: WordNet ("completed" ~ finished, "propose" ~ suggest, "display" ~ show) and the
    // jargon the definition lists (vMotion, evac, maint, redis → cache).
    ['has the migration of vm-5 completed', 'MigrationReport', { VmName: 'vm-5' }],
    ['propose a host for vm-4', 'RecommendHost', { VmName: 'vm-4' }],
    ['display the fleet', 'ListHosts', {}],
    ['vmotion vm-1 over to host b', 'MigrateVm', { VmName: 'vm-1', TargetHost: 'host b' }],
    ['bring up a redis box', 'CreateVm', { ApplianceName: 'cache' }],
    ['evac host-a', 'EvacuateHost', { HostName: 'host-a' }],
    ['has vm-2 arrived yet', 'MigrationReport', { VmName: 'vm-2' }],
  ] as const)('%j → %s %j', (text, intent, slots) => {
    expect(top(text)?.intent).toBe(intent);
    expect(interpretedValues(top(text))).toEqual(slots);
  });

  it.each([
    // Spans stop at the value.
    ['show me every hypervisor', 'ListHosts', {}],
    ['is vm-3 still going', 'MigrationReport', { VmName: 'vm-3' }],
    ['put host c in maint mode', 'EvacuateHost', { HostName: 'host c' }],
    ['take host-c offline', 'EvacuateHost', { HostName: 'host-c' }],
    // An appliance outside the catalogue: the request still, the slot empty (then asked for).
    ['create a mainframe', 'CreateVm', {}],
    // Sizes wherever they stand, in any unit people write.
    ['spin up a database, 16 gigs', 'CreateVm', { ApplianceName: 'database', MemoryGiB: '16' }],
    ['4GiB web server please', 'CreateVm', { ApplianceName: 'web-server', MemoryGiB: '4' }],
    ['new postgres vm with 8GB', 'CreateVm', { ApplianceName: 'database', MemoryGiB: '8' }],
    ['a redis box, 32 gigs of ram', 'CreateVm', { ApplianceName: 'cache', MemoryGiB: '32' }],
  ] as const)('%j → %s %j', (text, intent, slots) => {
    expect(top(text)?.intent).toBe(intent);
    expect(interpretedValues(top(text))).toEqual(slots);
  });

  it.each([
    'open port 443 on host-a',
    'rotate the TLS certificate on host-d',
    'how was your weekend',
  ])('%j is out of scope → FallbackIntent', (text) => {
    expect(top(text)?.intent).toBe('FallbackIntent');
  });

  it.each([
    ['snapshot vm-2', { VmName: 'vm-2' }],
    ['reboot host-c', { HostName: 'host-c' }],
    ['back up the database', { ApplianceName: 'database' }],
    // A VM described by what it runs, and a size: neither makes it a creation.
    ['restart the postgres vm', { ApplianceName: 'database' }],
    ['resize vm-4 to 16 GB', { VmName: 'vm-4', MemoryGiB: '16' }],
  ] as const)('%j is an operation the bot cannot do → UnsupportedRequest %j', (text, slots) => {
    expect(top(text)?.intent).toBe('UnsupportedRequest');
    expect(interpretedValues(top(text))).toEqual(slots);
  });

  it.each([
    ['delete vm-5', 'DeleteVm', { VmName: 'vm-5' }],
    ['where is the nginx vm', 'WhereIsVm', {}],
    ['migrate the redis vm to host-b', 'MigrateVm', { TargetHost: 'host-b' }],
  ] as const)('%j → %s, slots include %j', (text, intent, slots) => {
    expect(top(text)?.intent).toBe(intent);
    expect(interpretedValues(top(text))).toMatchObject(slots);
  });

  it('fills a slot with a new name written as one, wherever it stands: "vm-21, where is it"', () => {
    expect(top('vm-21, where is it')?.intent).toBe('WhereIsVm');
    expect(interpretedValues(top('vm-21, where is it'))).toEqual({ VmName: 'vm-21' });
  });

  it.each([
    'migrate vm-3 to host B',
    'has the migration of vm-5 completed',
    'bring up a redis box',
    'drain host-c',
    'where is vm-7',
  ])('a clear request wins by a margin: %j', (text) => {
    const [first, ...rest] = nlu.recognize(text).filter((i) => i.score !== undefined);
    const second = rest[0]?.score ?? 0;
    expect((first?.score ?? 0) - second).toBeGreaterThanOrEqual(0.3);
  });

  it('never rates a paraphrase as surely as a sample utterance', () => {
    expect(top('migrate vm-3 to host-b')?.score).toBe(1);
    expect(top('vmotion vm-1 over to host b')?.score).toBeLessThan(1);
  });
});

describe('ORIGINAL_VALUE only takes values like the listed ones (issue 11)', () => {
  it.each([
    ['TargetHost', 'host-z'],
    ['TargetHost', 'b'],
    ['VmName', 'vm-9'],
    ['VmName', 'web-2'],
    ['VmName', 'db-eu-1'],
  ])('%s accepts %j', (slot, text) => {
    expect(nlu.captureSlot('MigrateVm', slot, text)?.value.interpretedValue).toBe(text);
  });

  it.each([
    ['TargetHost', 'zzzz qqqq'],
    ['TargetHost', 'every hypervisor'],
    ['VmName', '16 gigs'],
    ['VmName', 'banana'],
  ])('%s refuses %j: the slot is asked for again', (slot, text) => {
    expect(nlu.captureSlot('MigrateVm', slot, text)).toBeUndefined();
  });
});
