import { describe, expect, it } from 'vitest';
import { parseSimulateQuery } from '../../../src/console/simulate-query';

const parse = (query: string) => parseSimulateQuery(new URLSearchParams(query));
const base = 'memoryMiB=4096&bandwidthMiBps=128&dirtyRateMiBps=32';

describe("the simulator's query string", () => {
  it('reads vmbot simulate parameters under the engine names, leaving out what is empty', () => {
    expect(
      parse(
        `${base}&workingSetMiB=&pattern=random&seed=7&policy=qemu&downtimeLimitMs=250&autoConverge=true&resumeMs=5`,
      ),
    ).toEqual({
      memoryMiB: 4096,
      bandwidthMiBps: 128,
      dirtyRateMiBps: 32,
      pattern: 'random',
      seed: 7,
      policy: 'qemu',
      downtimeLimitMs: 250,
      autoConverge: true,
      resumeMs: 5,
    });
    expect(parse(base)).toEqual({ memoryMiB: 4096, bandwidthMiBps: 128, dirtyRateMiBps: 32 });
  });

  it.each([
    ['memoryMiB=4096&bandwidthMiBps=128', 'dirtyRateMiBps is required'],
    [`${base}&memory=1`, 'unknown parameter "memory"'],
    [`${base}&seed=seven`, 'seed must be a number, got "seven"'],
    [
      'memoryMiB=4096&bandwidthMiBps=Infinity&dirtyRateMiBps=32',
      'bandwidthMiBps must be a number, got "Infinity"',
    ],
    [`${base}&memoryMiB=8192`, 'memoryMiB is given more than once'],
    [`${base}&policy=vmware`, 'policy must be one of qemu, xen, xen-v2, got "vmware"'],
    [`${base}&pattern=zigzag`, 'pattern must be one of sweep, random, got "zigzag"'],
    [`${base}&autoConverge=yes`, 'autoConverge must be one of true, false, got "yes"'],
    [
      'memoryMiB=300000&bandwidthMiBps=128&dirtyRateMiBps=32',
      'the console simulates up to 262144 MiB (256 GiB) of memory',
    ],
  ])('refuses %s: %s', (query, message) => {
    expect(() => parse(query)).toThrow(message);
  });
});
