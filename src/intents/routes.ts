import { INTENT, INVOCATION_LABEL, type IntentName } from '../../bot-definition/names';
import type { LexRequest, LexResponse, RouteTable } from '../lex';
import type { IntentContext } from './context';
import { createVmDialog, createVmFulfill } from './create-vm';
import { evacuateHostDialog, evacuateHostFulfill } from './evacuate-host';
import { fallback, help } from './help';
import { listHostsDialog, listHostsFulfill } from './list-hosts';
import { migrateVmDialog, migrateVmFulfill } from './migrate-vm';
import { migrationReportDialog, migrationReportFulfill, offerReport } from './migration-report';
import { recommendHostDialog, recommendHostFulfill } from './recommend-host';
import { whereIsVmDialog, whereIsVmFulfill } from './where-is-vm';

type IntentFn = (ctx: IntentContext, req: LexRequest) => Promise<LexResponse>;

/** Every intent of the bot: dialog hook and fulfillment (and labelled step hooks). */
export function routes(ctx: IntentContext): RouteTable<IntentName> {
  const on = (fn: IntentFn) => (req: LexRequest) => fn(ctx, req);
  return {
    [INTENT.MigrateVm]: {
      DialogCodeHook: on(migrateVmDialog),
      FulfillmentCodeHook: on(migrateVmFulfill),
    },
    [INTENT.MigrationReport]: {
      DialogCodeHook: {
        labels: { [INVOCATION_LABEL.offerReport]: on(offerReport) },
        otherwise: on(migrationReportDialog),
      },
      FulfillmentCodeHook: on(migrationReportFulfill),
    },
    [INTENT.WhereIsVm]: {
      DialogCodeHook: on(whereIsVmDialog),
      FulfillmentCodeHook: on(whereIsVmFulfill),
    },
    [INTENT.ListHosts]: {
      DialogCodeHook: on(listHostsDialog),
      FulfillmentCodeHook: on(listHostsFulfill),
    },
    [INTENT.RecommendHost]: {
      DialogCodeHook: on(recommendHostDialog),
      FulfillmentCodeHook: on(recommendHostFulfill),
    },
    [INTENT.CreateVm]: {
      DialogCodeHook: on(createVmDialog),
      FulfillmentCodeHook: on(createVmFulfill),
    },
    [INTENT.EvacuateHost]: {
      DialogCodeHook: on(evacuateHostDialog),
      FulfillmentCodeHook: on(evacuateHostFulfill),
    },
    [INTENT.HelpIntent]: { FulfillmentCodeHook: on(help) },
    [INTENT.FallbackIntent]: { DialogCodeHook: on(fallback), FulfillmentCodeHook: on(fallback) },
  };
}
