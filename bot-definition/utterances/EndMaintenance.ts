/**
 * EndMaintenance: a host leaves maintenance and takes VMs again (the lead's intent, slot
 * HostName). The undoing of EvacuateHost: out of maintenance, back in service, uncordon.
 */
export const endMaintenanceUtterances: readonly string[] = [
  'take {HostName} out of maintenance',
  'end maintenance on {HostName}',
  'end maintenance',
  'exit maintenance mode on {HostName}',
  'finish maintenance on {HostName}',
  'stop maintenance on {HostName}',
  'maintenance on {HostName} is done',
  'maintenance is over for {HostName}',
  '{HostName} is done with maintenance',
  'release {HostName} from maintenance',
  'bring {HostName} back',
  'bring {HostName} back online',
  'put {HostName} back in service',
  'return {HostName} to service',
  'put {HostName} back into the pool',
  'reactivate {HostName}',
  're-enable {HostName}',
  'activate {HostName}',
  'mark {HostName} as active',
  'uncordon {HostName}',
  '{HostName} is patched and ready',
  '{HostName} can take VMs again',
  'let {HostName} run VMs again',
  'resume scheduling on {HostName}',
  '{HostName} is back',
  'take a host out of maintenance',
  'a host is back from maintenance',
];
