import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/program';

/** Runs `vmbot simulate ...` in process and returns its exit code and what it printed. */
async function simulate(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  const code = await main(['simulate', ...args]);
  vi.restoreAllMocks();
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const MUNCHER = [
  '--memory-mib',
  '1024',
  '--bandwidth-mibps',
  '128',
  '--dirty-rate-mibps',
  '256',
  '--working-set-mib',
  '256',
];

describe('vmbot simulate: the qemu stop rules', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reports no-progress after 76 rounds with the JSON fields of the new rules', async () => {
    // Act
    const { code, stdout } = await simulate(...MUNCHER, '--json');

    // Assess
    const r = JSON.parse(stdout) as Record<string, unknown> & { params: Record<string, unknown> };
    expect(code).toBe(0);
    expect(r).toMatchObject({
      precopyRounds: 76,
      precopyTimeMs: 158_000,
      stopReason: 'no-progress',
      outcome: 'aborted',
      downtimeMs: null,
      totalTimeMs: null,
      transferredMiB: 20_224,
    });
    expect(r.params).toMatchObject({
      maxRounds: null,
      progressTimeoutMs: 150_000,
      completionTimeoutPerGiBMs: 800_000,
    });
  });

  it('takes the timeouts in seconds, and a round cap when asked', async () => {
    // Act
    const progress = await simulate(...MUNCHER, '--progress-timeout-s', '20', '--json');
    const timeout = await simulate(...MUNCHER, '--completion-timeout-per-gib-s', '60', '--json');
    const capped = await simulate(...MUNCHER, '--max-rounds', '30', '--json');

    // Assess
    expect(JSON.parse(progress.stdout)).toMatchObject({
      stopReason: 'no-progress',
      precopyRounds: 11,
    });
    expect(JSON.parse(timeout.stdout)).toMatchObject({
      stopReason: 'timeout',
      precopyTimeMs: 60_000,
    });
    expect(JSON.parse(capped.stdout)).toMatchObject({
      stopReason: 'not-converging',
      precopyRounds: 30,
    });
  });

  it('says which rule aborted it and when, in the text summary', async () => {
    // Act
    const { stdout } = await simulate(...MUNCHER);

    // Assess
    // The outcome leads; the limits read as rules, not as what happened.
    expect(stdout.split('\n')[0]).toMatch(/^Aborted after 76 pre-copy rounds/);
    expect(stdout).toContain('gives up after 2 min 30 s without progress or 13 min 20 s in all');
    expect(stdout).toMatch(
      /Aborted after 76 pre-copy rounds \(no-progress\) at 158 s: 20224 MiB sent, the VM stays on the source\. Try --auto-converge\./,
    );
  });

  it.each([
    ['--progress-timeout-s', '0'],
    ['--completion-timeout-per-gib-s', '-5'],
    ['--completion-timeout-per-gib-s', 'soon'],
  ])('refuses %s %s with exit code 2', async (flag, value) => {
    // Act
    const { code, stderr } = await simulate(...MUNCHER, flag, value);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(`${flag} must be a positive number`);
  });
});
