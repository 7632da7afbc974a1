/**
 * The vmbot bot: the single source of truth for the CDK stack (infra/), the local Lex runtime
 * (src/runtime/), the import/export archive (vmbot export-bot) and the Lambda's registry
 * (src/intents/registry.ts). Pure data, typed with the CloudFormation property types (type-only
 * imports: nothing of aws-cdk-lib is loaded at run time).
 *
 * Every intent is registered once, in INTENTS below: what the rest of the project knows of the
 * intents (their names, which ones change the fleet, the questions the Lambda asks again, the
 * help text, the Lambda's route table) is derived from this list. Adding an intent: README,
 * "Adding an intent".
 */
import { cancelIntent, repeatIntent, startOverIntent, stopIntent } from './intents/BuiltIns';
import { aboutBot, goodbye, greeting, thankYou } from './intents/Chitchat';
import { createVm } from './intents/CreateVm';
import { deleteVm } from './intents/DeleteVm';
import { endMaintenance } from './intents/EndMaintenance';
import { evacuateHost } from './intents/EvacuateHost';
import { fallbackIntent } from './intents/FallbackIntent';
import { helpIntent } from './intents/HelpIntent';
import { listHosts } from './intents/ListHosts';
import { migrateVm } from './intents/MigrateVm';
import { migrationReport } from './intents/MigrationReport';
import { recommendHost } from './intents/RecommendHost';
import { unsupportedRequest } from './intents/UnsupportedRequest';
import { whereIsVm } from './intents/WhereIsVm';
import type { BotIntent } from './intent';
import { slotTypes } from './slot-types';
import type { BotDefinition } from './types';

/** The intents that hold a request: the fleet's changes and questions. */
const TASKS = [
  migrateVm,
  migrationReport,
  whereIsVm,
  listHosts,
  recommendHost,
  createVm,
  deleteVm,
  evacuateHost,
  endMaintenance,
] as const;

/** What the bot can do, with phrases to try: the help text and the fallback's second half. */
export const HELP_TEXT = [
  `I live-migrate VMs between hosts and keep track of the fleet. I can ${andList(TASKS.flatMap((t) => (t.task.help ? [t.task.help] : [])))}.`,
  'Try: "migrate vm-3 to host B", "where should vm-2 go?" or "evacuate host-f". At any point you can say "cancel", "start over" or "repeat that".',
] as const;

/** Every intent of the bot, once. */
export const INTENTS = [
  ...TASKS,
  helpIntent(HELP_TEXT),
  greeting,
  thankYou,
  goodbye,
  aboutBot,
  cancelIntent,
  stopIntent,
  startOverIntent,
  repeatIntent,
  unsupportedRequest,
  fallbackIntent,
] as const satisfies readonly BotIntent[];

export type RegisteredIntent = (typeof INTENTS)[number];
export type IntentName = RegisteredIntent['name'];
/** The intents whose requests the Lambda handles with hooks of their own. */
export type TaskIntentName = Extract<RegisteredIntent, { kind: 'change' | 'question' }>['name'];

/** Intent names by name, so that code says INTENT.MigrateVm and the compiler checks it. */
export const INTENT = Object.fromEntries(INTENTS.map((i) => [i.name, i.name])) as {
  readonly [N in IntentName]: N;
};

export const bot: BotDefinition = {
  name: 'vmbot',
  description:
    'Live-migrates simulated VMs between hosts: migrate, report, locate, list, recommend, create, evacuate, end maintenance.',
  idleSessionTtlInSeconds: 300,
  dataPrivacy: { childDirected: false },
  locale: {
    localeId: 'en_US',
    description: 'English (US)',
    nluConfidenceThreshold: 0.4,
    slotTypes,
    intents: INTENTS.map((i) => i.definition),
  },
};

function andList(items: readonly string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export { SESSION_ATTRIBUTE, SLOT, SLOT_TYPE } from './names';
export type { SlotName } from './names';
export { fillTemplate } from './intent';
export type { BotIntent, ChitchatSpec, Entity, IntentKind, RepairAct, TaskSpec } from './intent';
export type {
  BotDefinition,
  IntentDefinition,
  LocaleDefinition,
  Resolved,
  SlotDefinition,
  SlotTypeDefinition,
} from './types';
