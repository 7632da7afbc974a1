/**
 * A store client run as a separate process by the crash tests. It performs one operation at a
 * fixed instant; with VMBOT_FAULT_POINT set it announces that point on stderr and hangs there,
 * and the test kills it with SIGKILL, as a crash would.
 */
import { createDynamo, DynamoFleetStore, faultsFromEnv } from '../../../src/store';

const [endpoint, tableName, now, op, ...args] = process.argv.slice(2);
const { client } = createDynamo({ endpoint: endpoint! });
const store = new DynamoFleetStore({
  client,
  tableName: tableName!,
  clock: () => Number(now),
  faults: faultsFromEnv(),
});

switch (op) {
  case 'start':
    await store.startMigration({ vmId: args[0]!, destinationHostId: args[1]! });
    break;
  case 'advance':
    await store.advance();
    break;
  case 'create':
    await store.createVm({ id: args[0]!, applianceId: args[1]!, hostId: args[2]! });
    break;
  case 'delete':
    await store.deleteVm({ vmId: args[0]!, idempotencyKey: args[1] });
    break;
  default:
    throw new Error(`unknown operation ${op}`);
}
process.stdout.write('done\n');
process.exit(0);
