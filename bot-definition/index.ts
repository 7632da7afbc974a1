/**
 * The vmbot bot: the single source of truth for the CDK stack (infra/), the local Lex runtime
 * (src/runtime/) and the import/export archive (vmbot export-bot). Pure data, typed with the
 * CloudFormation property types (type-only imports: nothing of aws-cdk-lib is loaded at run time).
 */
import { cancelIntent, repeatIntent, startOverIntent, stopIntent } from './intents/BuiltIns';
import { aboutBot, goodbye, greeting, thankYou } from './intents/Chitchat';
import { createVm } from './intents/CreateVm';
import { endMaintenance } from './intents/EndMaintenance';
import { evacuateHost } from './intents/EvacuateHost';
import { fallbackIntent } from './intents/FallbackIntent';
import { helpIntent } from './intents/HelpIntent';
import { listHosts } from './intents/ListHosts';
import { migrateVm } from './intents/MigrateVm';
import { migrationReport } from './intents/MigrationReport';
import { recommendHost } from './intents/RecommendHost';
import { whereIsVm } from './intents/WhereIsVm';
import { slotTypes } from './slot-types';
import type { BotDefinition } from './types';

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
    intents: [
      migrateVm,
      migrationReport,
      whereIsVm,
      listHosts,
      recommendHost,
      createVm,
      evacuateHost,
      endMaintenance,
      helpIntent,
      greeting,
      thankYou,
      goodbye,
      aboutBot,
      cancelIntent,
      stopIntent,
      startOverIntent,
      repeatIntent,
      fallbackIntent,
    ],
  },
};

export { INTENT, INVOCATION_LABEL, SESSION_ATTRIBUTE, SLOT, SLOT_TYPE } from './names';
export { QUESTION } from './questions';
export type { IntentName, SlotName } from './names';
export type {
  BotDefinition,
  IntentDefinition,
  LocaleDefinition,
  Resolved,
  SlotDefinition,
  SlotTypeDefinition,
} from './types';
