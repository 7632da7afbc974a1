import { createFulfillment } from '../src/intents';
import { lexEvent, type EventSpec } from '../tests/support/lex-events';
import { benchDynamo } from './dynamo';
import { percentile, printTable } from './stats';

/**
 * The Lambda's work per turn, in process, against DynamoDB Local: dialog hooks and fulfillments
 * of the main intents, p50/p99 latency and DynamoDB requests per turn. (Lex's own hop and the
 * Lambda's network are not in these numbers.)
 */
const TURNS = 60;

export async function benchHandler(): Promise<void> {
  const env = await benchDynamo();
  const { clock, counter } = env;
  const fulfil = createFulfillment({ store: env.store, now: () => clock.now });
  const rows: (string | number)[][] = [];

  const measure = async (label: string, spec: (i: number) => EventSpec, between?: () => void) => {
    const latencies: number[] = [];
    const before = counter.requests;
    for (let i = 0; i < TURNS; i++) {
      const event = lexEvent(spec(i));
      const t0 = performance.now();
      const response = await fulfil(event);
      latencies.push(performance.now() - t0);
      if (!response.sessionState.dialogAction) throw new Error(`no dialog action for ${label}`);
      between?.();
    }
    latencies.sort((a, b) => a - b);
    rows.push([
      label,
      percentile(latencies, 50),
      percentile(latencies, 99),
      (counter.requests - before) / TURNS,
    ]);
  };

  const target = (i: number) => (i % 2 === 0 ? 'host-b' : 'host-a');
  await measure('MigrateVm dialog (confirm prompt)', () => ({
    intent: 'MigrateVm',
    slots: { VmName: 'VM 3', TargetHost: 'host B' },
  }));
  await measure(
    'MigrateVm fulfillment (start)',
    (i) => ({
      intent: 'MigrateVm',
      slots: { VmName: 'vm-3', TargetHost: target(i) },
      source: 'FulfillmentCodeHook',
      confirmationState: 'Confirmed',
      originatingRequestId: `bench-${i}`,
    }),
    // Let each migration finish before the next turn moves vm-3 back.
    () => (clock.now += 3_600_000),
  );
  await measure('MigrationReport fulfillment', () => ({
    intent: 'MigrationReport',
    slots: { VmName: 'vm-3' },
    source: 'FulfillmentCodeHook',
  }));
  await measure('WhereIsVm fulfillment', () => ({
    intent: 'WhereIsVm',
    slots: { VmName: 'vm-5' },
    source: 'FulfillmentCodeHook',
  }));
  await measure('ListHosts fulfillment', () => ({
    intent: 'ListHosts',
    slots: {},
    source: 'FulfillmentCodeHook',
  }));
  await measure('RecommendHost fulfillment', () => ({
    intent: 'RecommendHost',
    slots: { VmName: 'vm-2' },
    source: 'FulfillmentCodeHook',
  }));
  await env.drop();
  printTable(
    'handler: one turn in process against DynamoDB Local',
    ['turn', 'p50 ms', 'p99 ms', 'requests'],
    rows,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchHandler();
  const { stopBenchDynamo } = await import('./dynamo');
  await stopBenchDynamo();
}
