import type { EventSpec } from './lex-events';

/**
 * The sample events of lambda/events/, by file name: scripts/sample-events.ts writes them with
 * lexEvent(), and a test checks that the files are still what it would write.
 */
export const SAMPLE_EVENTS: Record<string, EventSpec> = {
  'MigrateVm-dialog': {
    intent: 'MigrateVm',
    slots: { VmName: 'VM 3', TargetHost: 'host B', AutoConverge: null },
    inputTranscript: 'migrate VM 3 to host B',
  },
  'MigrateVm-dialog-missing-host': {
    intent: 'MigrateVm',
    slots: { VmName: 'vm3', TargetHost: null, AutoConverge: null },
    inputTranscript: 'migrate vm3',
    proposedSlot: 'TargetHost',
  },
  'MigrateVm-dialog-denied': {
    intent: 'MigrateVm',
    slots: { VmName: 'vm-3', TargetHost: 'host-b', AutoConverge: null },
    confirmationState: 'Denied',
  },
  'MigrateVm-fulfillment': {
    intent: 'MigrateVm',
    slots: { VmName: 'vm-3', TargetHost: 'host-b', AutoConverge: null },
    source: 'FulfillmentCodeHook',
    confirmationState: 'Confirmed',
  },
  'MigrateVm-fulfillment-auto-converge': {
    intent: 'MigrateVm',
    slots: { VmName: 'vm-6', TargetHost: 'host-b', AutoConverge: 'auto-converge' },
    source: 'FulfillmentCodeHook',
    confirmationState: 'Confirmed',
    originatingRequestId: '5e0c8e62-7a4d-4b8f-a1c9-3f2d6b8e4a10',
  },
  'MigrationReport-follow': {
    intent: 'MigrationReport',
    slots: { VmName: 'vm-3', Follow: 'yes' },
    inputTranscript: 'yes',
  },
  'MigrationReport-dialog': {
    intent: 'MigrationReport',
    slots: { VmName: 'vm 3' },
    inputTranscript: 'how is vm 3 doing',
  },
  'MigrationReport-fulfillment': {
    intent: 'MigrationReport',
    slots: { VmName: 'vm-3' },
    source: 'FulfillmentCodeHook',
    inputTranscript: 'how did the migration of vm-3 go',
  },
  'WhereIsVm-dialog': {
    intent: 'WhereIsVm',
    slots: { VmName: 'vm twelve' },
    inputTranscript: 'where is vm twelve',
  },
  'WhereIsVm-fulfillment': {
    intent: 'WhereIsVm',
    slots: { VmName: 'vm-5' },
    source: 'FulfillmentCodeHook',
    inputTranscript: 'where is vm-5',
  },
  'ListHosts-dialog': {
    intent: 'ListHosts',
    slots: { HostName: 'host z' },
    inputTranscript: 'show me host z',
  },
  'ListHosts-fulfillment': {
    intent: 'ListHosts',
    slots: { HostName: null },
    source: 'FulfillmentCodeHook',
    inputTranscript: 'list hosts',
  },
  'RecommendHost-dialog': {
    intent: 'RecommendHost',
    slots: { VmName: 'vm-2' },
    inputTranscript: 'where should vm-2 go',
  },
  'RecommendHost-fulfillment': {
    intent: 'RecommendHost',
    slots: { VmName: 'vm-2' },
    source: 'FulfillmentCodeHook',
    inputTranscript: 'which host is best for vm-2',
  },
  'CreateVm-dialog': {
    intent: 'CreateVm',
    slots: { ApplianceName: 'cache', VmName: null, TargetHost: null, MemoryGiB: '8' },
    inputTranscript: 'create a cache with 8 GiB',
  },
  'CreateVm-fulfillment': {
    intent: 'CreateVm',
    slots: { ApplianceName: 'cache', VmName: null, TargetHost: null, MemoryGiB: '8' },
    source: 'FulfillmentCodeHook',
    confirmationState: 'Confirmed',
    originatingRequestId: '9b1f2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
  },
  'EvacuateHost-dialog': {
    intent: 'EvacuateHost',
    slots: { HostName: 'host a' },
    inputTranscript: 'evacuate host a',
  },
  'EvacuateHost-fulfillment': {
    intent: 'EvacuateHost',
    slots: { HostName: 'host-f' },
    source: 'FulfillmentCodeHook',
    confirmationState: 'Confirmed',
    originatingRequestId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e',
  },
  'HelpIntent-dialog': { intent: 'HelpIntent', inputTranscript: 'what can you do' },
  'UnsupportedRequest-dialog': {
    intent: 'UnsupportedRequest',
    slots: { HostName: 'host-c' },
    inputTranscript: 'reboot host-c',
  },
  'FallbackIntent-dialog': { intent: 'FallbackIntent', inputTranscript: 'order me a pizza' },
  'FallbackIntent-fulfillment': {
    intent: 'FallbackIntent',
    source: 'FulfillmentCodeHook',
    inputTranscript: 'order me a pizza',
  },
};
