import { originalValue, setSlot, type LexRequest, type LexResponse, type LexSlots } from '../lex';
import type { IntentContext } from './context';
import { askAgain, carryOn } from './respond';
import { resolveHost, resolveVm, type Resolution } from './resolve';

/** The slot with our id as its interpreted value, keeping what the user said. */
export function normalise(slots: LexSlots, name: string, id: string): LexSlots {
  return setSlot(slots, name, id, originalValue(slots, name) ?? id);
}

/**
 * The dialog hook of an intent whose one name slot is checked as it is filled: an unknown name
 * is asked for again with suggestions, a known one is written back normalised, and Lex goes on.
 */
async function nameSlotDialog(
  req: LexRequest,
  slot: string,
  resolution: Resolution<{ id: string }>,
): Promise<LexResponse> {
  if (resolution.kind === 'problem') return askAgain(req, slot, resolution.message);
  if (resolution.kind === 'missing') return carryOn(req);
  return carryOn(req, { slots: normalise(req.intent.slots, slot, resolution.value.id) });
}

export const vmSlotDialog = async (ctx: IntentContext, req: LexRequest, slot: string) =>
  nameSlotDialog(req, slot, await resolveVm(ctx, req.slot(slot)));

export const hostSlotDialog = async (ctx: IntentContext, req: LexRequest, slot: string) =>
  nameSlotDialog(req, slot, await resolveHost(ctx, req.slot(slot)));
