import type { TaskIntentName } from '../../bot-definition';
import type { LexRequest, LexResponse } from '../lex';
import type { IntentContext } from './context';

/**
 * The Lambda's half of each intent that holds a request: its dialog hook (checks the slots as
 * they come, asks again, asks to confirm) and its fulfillment. One entry per intent of the
 * registry's changes and questions: the type requires every one of them, so an intent registered
 * in bot-definition/index.ts without its handler does not compile. Each module is loaded by the
 * first event that needs it (in the Lambda bundle, `import()` makes it a chunk of its own), so a
 * cold start loads neither the handlers nor the engine they plan with.
 */
export interface IntentHooks {
  dialog(ctx: IntentContext, req: LexRequest): Promise<LexResponse>;
  fulfil(ctx: IntentContext, req: LexRequest): Promise<LexResponse>;
}

type Load = () => Promise<{ hooks: IntentHooks }>;

const HANDLERS: { readonly [N in TaskIntentName]: Load } = {
  MigrateVm: () => import('./migrate-vm'),
  MigrationReport: () => import('./migration-report'),
  WhereIsVm: () => import('./where-is-vm'),
  ListHosts: () => import('./list-hosts'),
  RecommendHost: () => import('./recommend-host'),
  CreateVm: () => import('./create-vm'),
  DeleteVm: () => import('./delete-vm'),
  EvacuateHost: () => import('./evacuate-host'),
  EndMaintenance: () => import('./end-maintenance'),
};

/** The hooks of an intent that holds requests; undefined for any other name. */
export async function hooksOf(intent: string): Promise<IntentHooks | undefined> {
  const load = Object.prototype.hasOwnProperty.call(HANDLERS, intent)
    ? HANDLERS[intent as TaskIntentName]
    : undefined;
  return load ? (await load()).hooks : undefined;
}
