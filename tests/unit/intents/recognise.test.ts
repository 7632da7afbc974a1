import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  andList,
  closeMatches,
  distance,
  normaliseApplianceName,
  normaliseHostName,
  normaliseVmName,
  orList,
} from '../../../src/intents/recognise';

/** Names as people type or say them, turned into the fleet's ids (src/intents/recognise.ts). */

describe('normaliseVmName', () => {
  it.each([
    'vm-3',
    'vm 3',
    'VM-3',
    'VM3',
    'vm3',
    'Vm 3',
    ' vm-3 ',
    'vm_3',
    'vm.3',
    'vm-03',
    'the vm 3',
    'vm 3?',
    'virtual machine 3',
    'virtual machine three',
    'VM three',
    'machine 3',
    'instance 3',
    'guest 3',
    '3',
    'ｖｍ３',
  ])('%j is vm-3', (said) => {
    expect(normaliseVmName(said)).toBe('vm-3');
  });

  it.each([
    ['web-9', 'web-9'],
    ['Web 9', 'web-9'],
    ['db eu 1', 'db-eu-1'],
    ['three', 'three'],
    ['vm 1234567', 'vm-1234567'],
    ['a'.repeat(40), 'a'.repeat(40)],
  ])('%j is the custom name %j', (said, id) => {
    expect(normaliseVmName(said)).toBe(id);
  });

  it.each([
    '',
    '   ',
    'vm-😀',
    'vm\u00003',
    '-vm',
    'vm--3',
    'vm-',
    'a'.repeat(41),
    'x'.repeat(201),
  ])('%j cannot be a VM name', (said) => {
    expect(normaliseVmName(said)).toBeUndefined();
  });
});

describe('normaliseHostName', () => {
  it.each([
    'host-b',
    'host B',
    'Host-B',
    'HOST_B',
    'host b',
    'hostb',
    'the host b',
    'b',
    'B',
    'b.',
    'bravo',
    'Host Bravo',
    'server b',
  ])('%j is host-b', (said) => {
    expect(normaliseHostName(said)).toBe('host-b');
  });

  it.each([
    ['node c', 'host-c'],
    ['hypervisor d', 'host-d'],
    ['alpha', 'host-a'],
    ['host 12', 'host-12'],
    ['host-z', 'host-z'],
    ['rack-7', 'rack-7'],
  ])('%j is %j', (said, id) => {
    expect(normaliseHostName(said)).toBe(id);
  });

  it.each(['', 'host', 'Server', 'host-', '😀', 'host\u0007b', 'h'.repeat(41)])(
    '%j cannot be a host name',
    (said) => {
      expect(normaliseHostName(said)).toBeUndefined();
    },
  );
});

describe('normaliseApplianceName', () => {
  it.each([
    ['Web Server', 'web-server'],
    ['web-server', 'web-server'],
    ['  Cache ', 'cache'],
    ['game_server', 'game-server'],
  ])('%j is %j', (said, id) => {
    expect(normaliseApplianceName(said)).toBe(id);
  });

  it.each(['', '😀', 'web server\u0000'])('%j is no appliance name', (said) => {
    expect(normaliseApplianceName(said)).toBeUndefined();
  });
});

describe('the normalisers on any text', () => {
  const normalisers = [normaliseVmName, normaliseHostName, normaliseApplianceName];

  it('never throw, and give a name or nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        for (const normalise of normalisers) {
          const id = normalise(text);
          if (id !== undefined) {
            expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(id.length).toBeLessThanOrEqual(40);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('are idempotent: an id normalises to itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        for (const normalise of normalisers) {
          const id = normalise(text);
          if (id !== undefined) expect(normalise(id)).toBe(id);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('closeMatches and distance', () => {
  it('suggests the closest names, closest first', () => {
    const vms = ['vm-1', 'vm-2', 'vm-3', 'vm-4', 'vm-5'];
    // Only the closest tier: vm-3 is one edit away, the others two.
    expect(closeMatches('vm-33', vms)).toEqual(['vm-3']);
    expect(closeMatches('vm-12', vms)).toEqual(['vm-1', 'vm-2']);
    expect(closeMatches('hots-b', ['host-a', 'host-b', 'host-c'])[0]).toBe('host-b');
  });

  it('suggests nothing when many are equally close, or none is close', () => {
    expect(closeMatches('vm-9', ['vm-1', 'vm-2', 'vm-3', 'vm-4', 'vm-5'])).toEqual([]);
    expect(closeMatches('database', ['host-a', 'host-b'])).toEqual([]);
  });

  it('counts edits, an adjacent swap as one', () => {
    expect(distance('vm-3', 'vm-3')).toBe(0);
    expect(distance('ab', 'ba')).toBe(1);
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(distance('', 'abc')).toBe(3);
  });
});

describe('orList and andList', () => {
  it('join like a sentence', () => {
    expect(orList([])).toBe('');
    expect(orList(['a'])).toBe('a');
    expect(orList(['a', 'b'])).toBe('a or b');
    expect(orList(['a', 'b', 'c'])).toBe('a, b or c');
    expect(andList(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
