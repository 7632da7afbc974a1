/**
 * Names shared by the bot definition and the Lambda: slots, slot types and session attributes.
 * Renaming one here renames it on both sides of the contract. Intent names are the definitions'
 * own (see index.ts: INTENT is derived from the registered intents).
 */

export const SLOT = {
  VmName: 'VmName',
  TargetHost: 'TargetHost',
  AutoConverge: 'AutoConverge',
  HostName: 'HostName',
  ApplianceName: 'ApplianceName',
  MemoryGiB: 'MemoryGiB',
  Follow: 'Follow',
} as const;

export const SLOT_TYPE = {
  VmName: 'VmNameType',
  HostName: 'HostNameType',
  ApplianceName: 'ApplianceNameType',
  AutoConverge: 'AutoConvergeType',
  Number: 'AMAZON.Number',
  Confirmation: 'AMAZON.Confirmation',
} as const;

/**
 * Session attributes, every one of them the Lambda's own (it signs them: see `seal`): its
 * conversation memory (the request that is open, one set aside by a digression, the last one
 * refused, what a yes would take, the VM and host last talked about), the VM whose migration a
 * chat client may follow, writes whose outcome is not known yet, the confirmation the bot asked
 * for (what a yes would do, and until when), and the seal: the MAC of all of these, so that a
 * client cannot make them up.
 */
export const SESSION_ATTRIBUTE = {
  memory: 'memory',
  migrationInProgress: 'migrationInProgress',
  unsettledWrites: 'unsettledWrites',
  confirmation: 'confirmation',
  seal: 'seal',
} as const;

export type SlotName = (typeof SLOT)[keyof typeof SLOT];
