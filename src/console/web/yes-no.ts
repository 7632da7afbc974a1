import type { DialogAction, IntentState } from '../../runtime/api/types';

/**
 * Whether the bot's turn asks a yes or a no: a confirmation of the intent, or a slot of type
 * AMAZON.Confirmation elicited (`yesNoSlots`, from the bot's definition: the response names
 * the slot, not its type). The page then offers Yes and No to click.
 */
export function asksYesNo(
  action: DialogAction | undefined,
  intent: IntentState | undefined,
  yesNoSlots: Readonly<Record<string, readonly string[]>>,
): boolean {
  if (action?.type === 'ConfirmIntent') return true;
  if (action?.type !== 'ElicitSlot' || !action.slotToElicit || !intent) return false;
  return Object.hasOwn(yesNoSlots, intent.name)
    ? yesNoSlots[intent.name]!.includes(action.slotToElicit)
    : false;
}
