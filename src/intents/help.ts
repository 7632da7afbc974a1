import { elicitIntent, type LexRequest, type LexResponse } from '../lex';
import { done } from './respond';

/** HelpIntent and FallbackIntent: what the bot can do, with phrases to try. */
export const HELP_TEXT = [
  'I live-migrate VMs between hosts and keep track of the fleet. I can migrate a VM (with auto-converge if it writes memory fast), report on a migration round by round, find a VM, list the hosts, recommend a host, create a VM from an appliance, and evacuate a host for maintenance.',
  'Try: "migrate vm-3 to host B", "where should vm-2 go?" or "evacuate host-f".',
];

export async function help(_ctx: unknown, req: LexRequest): Promise<LexResponse> {
  return done(req, HELP_TEXT);
}

export async function fallback(_ctx: unknown, req: LexRequest): Promise<LexResponse> {
  return elicitIntent(req.sessionState, {
    messages: ["Sorry, I didn't get that.", ...HELP_TEXT],
  });
}
