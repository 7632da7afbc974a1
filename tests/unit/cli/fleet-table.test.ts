import { describe, expect, it } from 'vitest';
import { columns, renderFleet } from '../../../src/cli/commands/fleet';
import { exposureWarning } from '../../../src/cli/commands/serve';
import { DEMO_HOSTS, type HostView, type VmView } from '../../../src/store';

/** Start of each column in a line: where a run of two spaces ends. */
const starts = (line: string) => [
  0,
  ...[...line.matchAll(/ {2,}(?=\S)/g)].map((m) => m.index! + m[0].length),
];

const host = (id: string): HostView => ({
  ...DEMO_HOSTS[0]!,
  id,
  usage: { allocatedMemoryMiB: 4096, reservedMemoryMiB: 0, allocatedVcpus: 2, reservedVcpus: 0 },
  free: { memoryMiB: 0, vcpus: 0 },
});
const vm = (id: string, hostId: string): VmView => ({
  id,
  hostId,
  applianceId: 'memory-muncher',
  memoryMiB: 4096,
  vcpus: 2,
  cpuFeatureLevel: 3,
  workload: { dirtyRateMiBps: 1, workingSetMiB: 1, pattern: 'sweep' },
  createdAt: 0,
});

describe('vmbot fleet', () => {
  it('aligns every column under its header, whatever the length of the names', () => {
    const lines = renderFleet(
      [host('host-a'), host('a-host-with-a-very-long-name')],
      [vm('vm-1', 'host-a'), vm('a-vm-named-at-length-12345', 'a-host-with-a-very-long-name')],
    );
    const blank = lines.indexOf('');
    const hostTable = lines.slice(0, blank);
    const vmTable = lines.slice(blank + 1);

    for (const table of [hostTable, vmTable]) {
      const header = starts(table[0]!);
      for (const row of table.slice(1))
        expect(starts(row).slice(0, header.length - 1)).toEqual(header.slice(0, -1));
    }
  });

  it('pads columns to the widest cell and leaves the last one ragged', () => {
    expect(
      columns(
        ['A', 'B', 'C'],
        [
          ['long cell', 'x', 'last'],
          ['y', 'z', ''],
        ],
      ),
    ).toEqual(['A          B  C', 'long cell  x  last', 'y          z']);
  });
});

describe('vmbot serve --host', () => {
  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1'])('stays quiet on loopback (%s)', (h) => {
    expect(exposureWarning(h)).toBeUndefined();
  });

  it.each(['0.0.0.0', '::', '192.0.2.10'])('warns that the API has no authentication (%s)', (h) => {
    expect(exposureWarning(h)).toMatch(
      /^Warning: serving on .* web console have no authentication/,
    );
  });
});
