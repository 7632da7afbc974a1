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
  HelpIntent: 'HelpIntent',
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

/** Session attributes the Lambda's fulfillment sets and the chains read. */
export const SESSION_ATTRIBUTE = {
  offerReportFor: 'offerReportFor',
  recommendedVm: 'recommendedVm',
  recommendedHost: 'recommendedHost',
} as const;

/** Labels of step code hooks, seen by the Lambda as `invocationLabel`. */
export const INVOCATION_LABEL = {
  offerReport: 'offer-report',
} as const;

export type IntentName = (typeof INTENT)[keyof typeof INTENT];
export type SlotName = (typeof SLOT)[keyof typeof SLOT];
