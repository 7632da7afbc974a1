import { benchDynamo } from './dynamo';
import { percentile, printTable } from './stats';

/**
 * A complete migration through the store against DynamoDB Local: start (stages 0-1), then the
 * transitions as time passes. Two ways of looking: "lazy" reads once after the end (everything
 * due is applied in one transaction), "stepwise" advances at each transition. The clock is
 * injected, so no time is spent waiting; what is measured is the store and DynamoDB Local.
 */
const MIGRATIONS = 60;

export async function benchStore(): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const mode of ['lazy', 'stepwise'] as const) {
    const env = await benchDynamo();
    const { store, clock, counter } = env;
    const latencies: number[] = [];
    let requests = 0;
    let writes = 0;
    const t0 = performance.now();
    for (let i = 0; i < MIGRATIONS; i++) {
      // vm-3 goes back and forth between host-a and host-b.
      const to = i % 2 === 0 ? 'host-b' : 'host-a';
      const before = counter.requests;
      const writesBefore = counter.byCommand.get('TransactWriteItemsCommand') ?? 0;
      const start = performance.now();
      const { value: m } = await store.startMigration({ vmId: 'vm-3', destinationHostId: to });
      const instants =
        mode === 'lazy'
          ? [m.endsAt]
          : m.plan.transitions.map((t) => m.startedAt + t.atMs / m.plan.timeScale);
      for (const at of instants) {
        clock.now = Math.ceil(at) + 1;
        await store.advance();
      }
      latencies.push(performance.now() - start);
      requests += counter.requests - before;
      writes += (counter.byCommand.get('TransactWriteItemsCommand') ?? 0) - writesBefore;
      clock.now += 1000;
    }
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    rows.push([
      mode,
      MIGRATIONS,
      percentile(latencies, 50),
      percentile(latencies, 99),
      MIGRATIONS / seconds,
      requests / MIGRATIONS,
      writes / MIGRATIONS,
    ]);
    await env.drop();
  }
  printTable(
    'store: one complete migration (start + advances) against DynamoDB Local',
    ['mode', 'n', 'p50 ms', 'p99 ms', 'migrations/s', 'requests', 'writes'],
    rows,
  );
  console.log(
    'requests per migration: start = get VM + query the fleet (hosts) + 1 transaction;\n' +
      'each advance = query due (GSI2) + 1 transaction per due batch. Two writes are the floor:\n' +
      'the reservation must be written when the migration starts, the commit when it falls due.',
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchStore();
  const { stopBenchDynamo } = await import('./dynamo');
  await stopBenchDynamo();
}
