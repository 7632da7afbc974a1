/** What the bot can do, with phrases to try: the help text and the fallback's second half. */
export const HELP_TEXT = [
  'I live-migrate VMs between hosts and keep track of the fleet. I can migrate a VM (with auto-converge if it writes memory fast), report on a migration round by round, find a VM, list the hosts, recommend a host, create a VM from an appliance, evacuate a host for maintenance and bring it back.',
  'Try: "migrate vm-3 to host B", "where should vm-2 go?" or "evacuate host-f". At any point you can say "cancel", "start over" or "repeat that".',
];
