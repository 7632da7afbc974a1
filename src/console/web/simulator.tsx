import { useState } from 'preact/hooks';
import type { MigrationPlan } from '../../engine';
import { DIRTY_PATTERNS } from '../../engine/model';
import { POLICIES, resolvePrecopyParams } from '../../engine/precopy';
import { formatMiB } from '../../engine/units';
import { PlanCharts, planSummary, sharedAxes } from './charts/migration-charts';
import { parseSimulateQuery } from '../simulate-query';
import { consoleApi } from './console-api';

interface Run {
  name: string;
  params: Record<string, string>;
  plan: MigrationPlan;
}

const DEFAULTS: Record<string, string> = {
  memoryMiB: '4096',
  bandwidthMiBps: '128',
  dirtyRateMiBps: '32',
  workingSetMiB: '',
  pattern: 'sweep',
  seed: '1',
  policy: 'qemu',
  downtimeLimitMs: '300',
  autoConverge: 'false',
};

const NUMBER_FIELDS: { key: string; label: string; hint?: string }[] = [
  { key: 'memoryMiB', label: 'Memory (MiB)' },
  { key: 'bandwidthMiBps', label: 'Bandwidth (MiB/s)' },
  { key: 'dirtyRateMiBps', label: 'Dirty rate (MiB/s)' },
  { key: 'workingSetMiB', label: 'Working set (MiB)', hint: 'empty: all memory' },
  { key: 'seed', label: 'Seed (random pattern)' },
  { key: 'downtimeLimitMs', label: 'Downtime limit (ms, qemu)' },
];

const CHOICES: { key: string; label: string; values: readonly string[] }[] = [
  { key: 'pattern', label: 'Pattern', values: DIRTY_PATTERNS },
  { key: 'policy', label: 'Policy', values: POLICIES },
];

/**
 * `vmbot simulate` in the page: its parameters, the same two pictures as a real migration, and
 * one run kept aside to compare with the next.
 */
export function Simulator() {
  const [params, setParams] = useState(DEFAULTS);
  const [current, setCurrent] = useState<Run | undefined>();
  const [kept, setKept] = useState<Run | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (key: string, value: string) => setParams((old) => ({ ...old, [key]: value }));

  async function simulate() {
    setError(undefined);
    const query = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== ''));
    // The server's own checks, run here first: a mistake is told at once, without a request.
    try {
      resolvePrecopyParams(parseSimulateQuery(new URLSearchParams(query)));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    setBusy(true);
    try {
      const { plan } = await consoleApi.simulate(query);
      setCurrent({ name: describe(params), params, plan });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const runs = [
    kept && { label: 'A', run: kept },
    current && { label: kept ? 'B' : '', run: current },
  ].filter((r): r is { label: string; run: Run } => Boolean(r));
  const axes = runs.length > 1 ? sharedAxes(runs.map((r) => r.run.plan)) : undefined;
  return (
    <section class="panel simulator" aria-labelledby="simulator-heading">
      <h2 id="simulator-heading">Simulator</h2>
      <form
        class="sim-form"
        onSubmit={(event) => {
          event.preventDefault();
          void simulate();
        }}
      >
        {NUMBER_FIELDS.map((f) => (
          <label>
            <span>{f.label}</span>
            <input
              type="number"
              name={f.key}
              min={0}
              step="any"
              inputMode="decimal"
              placeholder={f.hint}
              value={params[f.key]}
              onInput={(e) => set(f.key, e.currentTarget.value)}
            />
          </label>
        ))}
        {CHOICES.map((c) => (
          <label>
            <span>{c.label}</span>
            <select
              name={c.key}
              value={params[c.key]}
              onChange={(e) => set(c.key, e.currentTarget.value)}
            >
              {c.values.map((v) => (
                <option value={v}>{v}</option>
              ))}
            </select>
          </label>
        ))}
        <label class="check">
          <input
            type="checkbox"
            name="autoConverge"
            checked={params.autoConverge === 'true'}
            onChange={(e) => set('autoConverge', String(e.currentTarget.checked))}
          />
          <span>Auto-converge (qemu)</span>
        </label>
        <div class="sim-actions">
          <button type="submit" disabled={busy}>
            Simulate
          </button>
          <button type="button" disabled={!current} onClick={() => setKept(current)}>
            Keep for comparison
          </button>
          {kept ? (
            <button type="button" onClick={() => setKept(undefined)}>
              Stop comparing
            </button>
          ) : null}
        </div>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class={runs.length > 1 ? 'runs compare' : 'runs'}>
        {runs.map(({ label, run }) => (
          <article class="run" aria-label={`Run ${label ? `${label}: ` : ''}${run.name}`}>
            <h3>
              {label ? `${label}: ` : ''}
              {run.name}
            </h3>
            <p class="summary">{planSummary(run.plan)}</p>
            <PlanCharts
              plan={run.plan}
              subject={`simulated run${label ? ` ${label}` : ''}`}
              axes={axes}
            />
          </article>
        ))}
      </div>
    </section>
  );
}

function describe(p: Record<string, string>): string {
  const parts = [
    `${formatMiB(Number(p.memoryMiB))} over ${p.bandwidthMiBps} MiB/s`,
    `dirtying ${p.dirtyRateMiBps} MiB/s (${p.pattern}${p.workingSetMiB ? `, working set ${formatMiB(Number(p.workingSetMiB))}` : ''})`,
    p.policy,
  ];
  if (p.autoConverge === 'true') parts.push('auto-converge');
  return parts.join(', ');
}
