import { describe, expect, it } from 'vitest';
import { valueSimilarity } from '../../../../src/runtime/nlu/similarity';
import { words } from '../../../../src/runtime/nlu/text';

/** Forms (value and synonyms) as the vmbot slot types list them. */
function formsOf(values: Record<string, string[]>) {
  return Object.entries(values).flatMap(([canonical, synonyms]) =>
    [canonical, ...synonyms].map((form) => ({ canonical, words: words(form) })),
  );
}

const vms = valueSimilarity(
  formsOf({
    'vm-1': ['vm 1', 'vm1', 'vm one', 'virtual machine 1', 'instance 1'],
    'vm-2': ['vm 2', 'vm2', 'vm two', 'virtual machine 2', 'instance 2'],
  }),
);
const hosts = valueSimilarity(
  formsOf({
    'host-a': ['host a', 'hosta', 'host alpha', 'hypervisor a'],
    'host-b': ['host b', 'hostb', 'host bravo', 'hypervisor b'],
  }),
);
const similar = (similarity: typeof vms, text: string) => similarity(words(text), text);

describe('ORIGINAL_VALUE: a new value is similar to the listed ones', () => {
  it.each(['vm 12', 'vm twelve', 'virtual machine 10', 'instance 7'])(
    'word for word like a listed form: %j is a VM',
    (text) => expect(similar(vms, text)).toBe(true),
  );

  it.each(['vm-9', 'web-2', 'db-eu-1', 'vm12', 'web2'])(
    'one name written like the values: %j is a VM',
    (text) => expect(similar(vms, text)).toBe(true),
  );

  it.each(['host z', 'host-z', 'hypervisor q', 'b', 'bravo', 'esx01', 'rack-7'])(
    '%j is a host',
    (text) => expect(similar(hosts, text)).toBe(true),
  );

  it.each(['zzzz qqqq', 'frontend', '16 gigs', '16', 'every vm', 'the database'])(
    '%j is not a VM',
    (text) => expect(similar(vms, text)).toBe(false),
  );

  it.each(['zzzz qqqq', 'every hypervisor', 'joke', 'z', 'host c in maint', '443'])(
    '%j is not a host',
    (text) => expect(similar(hosts, text)).toBe(false),
  );

  it('takes a description by a catalogue value of the bot (an appliance) as a VM', () => {
    const catalogue = (w: readonly string[]) => ['web server', 'cache'].includes(w.join(' '));
    const described = valueSimilarity(
      formsOf({ 'vm-1': ['vm 1', 'vm one'], 'vm-2': ['vm 2', 'vm two'] }),
      catalogue,
    );
    expect(described(words('web server vm'), 'web server vm')).toBe(true);
    expect(described(words('cache'), 'cache')).toBe(true);
    expect(described(words('vm'), 'vm')).toBe(false);
    expect(described(words('weather'), 'weather')).toBe(false);
  });

  it('takes any value for a type that lists none', () => {
    expect(valueSimilarity([])(['anything', 'at', 'all'], 'anything at all')).toBe(true);
  });
});
