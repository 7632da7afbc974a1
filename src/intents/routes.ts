import { INTENT, INVOCATION_LABEL, type IntentName } from '../../bot-definition/names';
import type { LexRequest, LexResponse, RouteTable } from '../lex';
import type { IntentContext } from './context';
import type { Conversation } from './conversation/conversation';
import * as replies from './conversation/replies';
import type * as fleetIntents from './fleet-intents';

type ReplyFn = (conversation: Conversation, req: LexRequest) => Promise<LexResponse>;

/** Every intent of the bot: dialog hook and fulfillment (and labelled step hooks). */
export function routes(ctx: IntentContext, conversation: Conversation): RouteTable<IntentName> {
  // The fleet intents' module is loaded by the first event that needs it (in the Lambda bundle,
  // `import()` makes it a chunk of its own, loaded only then); the module system keeps it.
  const on = (hook: keyof typeof fleetIntents) => async (req: LexRequest) =>
    (await import('./fleet-intents'))[hook](ctx, req);
  const reply = (fn: ReplyFn) => ({
    FulfillmentCodeHook: (req: LexRequest) => fn(conversation, req),
  });
  const act = (a: 'cancel' | 'stop' | 'startOver' | 'repeat') =>
    reply((c, req) => replies.repair(a, req, c));
  return {
    [INTENT.MigrateVm]: {
      DialogCodeHook: on('migrateVmDialog'),
      FulfillmentCodeHook: on('migrateVmFulfill'),
    },
    [INTENT.MigrationReport]: {
      DialogCodeHook: {
        labels: { [INVOCATION_LABEL.offerReport]: on('offerReport') },
        otherwise: on('migrationReportDialog'),
      },
      FulfillmentCodeHook: on('migrationReportFulfill'),
    },
    [INTENT.WhereIsVm]: {
      DialogCodeHook: on('whereIsVmDialog'),
      FulfillmentCodeHook: on('whereIsVmFulfill'),
    },
    [INTENT.ListHosts]: {
      DialogCodeHook: on('listHostsDialog'),
      FulfillmentCodeHook: on('listHostsFulfill'),
    },
    [INTENT.RecommendHost]: {
      DialogCodeHook: on('recommendHostDialog'),
      FulfillmentCodeHook: on('recommendHostFulfill'),
    },
    [INTENT.CreateVm]: {
      DialogCodeHook: on('createVmDialog'),
      FulfillmentCodeHook: on('createVmFulfill'),
    },
    [INTENT.EvacuateHost]: {
      DialogCodeHook: on('evacuateHostDialog'),
      FulfillmentCodeHook: on('evacuateHostFulfill'),
    },
    [INTENT.EndMaintenance]: {
      DialogCodeHook: on('endMaintenanceDialog'),
      FulfillmentCodeHook: on('endMaintenanceFulfill'),
    },
    [INTENT.HelpIntent]: reply(replies.help),
    [INTENT.Greeting]: reply(replies.greeting),
    [INTENT.ThankYou]: reply(replies.thankYou),
    [INTENT.Goodbye]: reply(replies.goodbye),
    [INTENT.AboutBot]: reply(replies.aboutBot),
    [INTENT.CancelIntent]: act('cancel'),
    [INTENT.StopIntent]: act('stop'),
    [INTENT.StartOverIntent]: act('startOver'),
    [INTENT.RepeatIntent]: act('repeat'),
    [INTENT.FallbackIntent]: {
      DialogCodeHook: (req) => replies.notUnderstood(conversation, req),
      FulfillmentCodeHook: (req) => replies.notUnderstood(conversation, req),
    },
  };
}
