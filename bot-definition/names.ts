/**
 * Names shared by the bot definition and the Lambda: intents, slots, slot types, session
 * attributes and invocation labels. Renaming one here renames it on both sides of the contract.
 */

export const INTENT = {
  MigrateVm: 'MigrateVm',
  MigrationReport: 'MigrationReport',
  WhereIsVm: 'WhereIsVm',
  ListHosts: 'ListHosts',
  RecommendHost: 'RecommendHost',
  CreateVm: 'CreateVm',
  EvacuateHost: 'EvacuateHost',
  EndMaintenance: 'EndMaintenance',
  HelpIntent: 'HelpIntent',
  Greeting: 'Greeting',
  ThankYou: 'ThankYou',
  Goodbye: 'Goodbye',
  AboutBot: 'AboutBot',
  CancelIntent: 'CancelIntent',
  StopIntent: 'StopIntent',
  StartOverIntent: 'StartOverIntent',
  RepeatIntent: 'RepeatIntent',
  FallbackIntent: 'FallbackIntent',
} as const;

export const SLOT = {
  VmName: 'VmName',
  TargetHost: 'TargetHost',
  AutoConverge: 'AutoConverge',
  HostName: 'HostName',
  ApplianceName: 'ApplianceName',
  MemoryGiB: 'MemoryGiB',
} as const;

export const SLOT_TYPE = {
  VmName: 'VmNameType',
  HostName: 'HostNameType',
  ApplianceName: 'ApplianceNameType',
  AutoConverge: 'AutoConvergeType',
  Number: 'AMAZON.Number',
} as const;

/**
 * Session attributes, every one of them the Lambda's own (it signs them: see `seal`). The chains
 * read what the Lambda's fulfillments set (offerReportFor, recommendedVm, recommendedHost); the
 * conversation memory is kept here so that it survives Lex switching intents: the request that
 * is open (what was asked, with its slots), one request set aside by a digression, the last
 * request refused ("try again with auto-converge") and the VM last talked about. Besides: the
 * VM whose migration a chat client may follow (migrationInProgress), writes whose outcome is
 * not known yet (unsettledWrites), the confirmation the bot asked for (what a yes would do, and
 * until when), and the seal: the MAC of all of these, so that a client cannot make them up.
 */
export const SESSION_ATTRIBUTE = {
  offerReportFor: 'offerReportFor',
  recommendedVm: 'recommendedVm',
  recommendedHost: 'recommendedHost',
  openTask: 'openTask',
  pausedTask: 'pausedTask',
  refusedTask: 'refusedTask',
  lastVm: 'lastVm',
  migrationInProgress: 'migrationInProgress',
  unsettledWrites: 'unsettledWrites',
  confirmation: 'confirmation',
  seal: 'seal',
} as const;

/** Labels of step code hooks, seen by the Lambda as `invocationLabel`. */
export const INVOCATION_LABEL = {
  offerReport: 'offer-report',
} as const;

export type IntentName = (typeof INTENT)[keyof typeof INTENT];
export type SlotName = (typeof SLOT)[keyof typeof SLOT];
