import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * SimGrid's live-migration plugin as a reference beside the engine, when this machine has it:
 * Debian's `libsimgrid-dev` (3.32 on bookworm) and g++. The driver (bench/simgrid/migrate.cpp)
 * is compiled into a temporary directory for the run. Each actor gets a 64 KiB stack
 * (`contexts/stack-size`): with SimGrid's default 8 MiB, mapping the stacks of the two actors
 * each migration creates costs more than the simulation itself.
 */
export interface SimGridRun {
  simulatedMs: number;
  usPerMigration: number;
}

export type SimGrid = ((
  memoryMiB: number,
  bandwidthMiBps: number,
  dirtyRateMiBps: number,
  workingSetMiB: number,
  migrations: number,
) => SimGridRun) & { version: string };

/** A runner for the scenarios, or the reason there is none. */
export function simGrid(): SimGrid | string {
  const binary = join(mkdtempSync(join(tmpdir(), 'vmbot-simgrid-')), 'migrate');
  const source = new URL('./simgrid/migrate.cpp', import.meta.url).pathname;
  try {
    execFileSync('g++', ['-O2', '-std=c++17', source, '-o', binary, '-lsimgrid'], {
      stdio: 'pipe',
    });
  } catch {
    return 'SimGrid not measured: needs g++ and SimGrid (apt-get install libsimgrid-dev)';
  }
  const banner = execFileSync(binary, ['--version'], { encoding: 'utf8' });
  const version = /SimGrid version ([\d.]+)/.exec(banner)?.[1] ?? '?';
  return Object.assign(
    (memory: number, bandwidth: number, dirty: number, ws: number, migrations: number) => {
      const out = execFileSync(
        binary,
        [
          ...[memory, bandwidth, dirty, ws, migrations].map(String),
          '--cfg=contexts/stack-size:64',
          '--log=root.thres:critical',
        ],
        { encoding: 'utf8' },
      );
      const m = /simulated_s ([\d.]+) us_per_migration ([\d.]+)/.exec(out);
      if (!m) throw new Error(`unexpected SimGrid output: ${out}`);
      return { simulatedMs: Number(m[1]) * 1000, usPerMigration: Number(m[2]) };
    },
    { version },
  );
}
