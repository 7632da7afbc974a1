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
