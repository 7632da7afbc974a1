import { CLOSE_INTENT_STATES, DIALOG_ACTION_TYPES } from '../types';
import { orList } from '../problem-text';
import { isRecord, sentence, type Issues } from './kit';

/**
 * The rules that span fields, run on the raw input beside the fields' own problems (see ALWAYS),
 * so that every broken rule is reported at once.
 */

/** Runs whatever else failed. */
export const ALWAYS = { when: () => true };

/** ElicitSlot names the slot: the one rule a client's dialog action and the Lambda's share. */
export function elicitSlotRule(state: unknown, ctx: Issues): void {
  if (!isRecord(state) || !isRecord(state.dialogAction)) return;
  const action = state.dialogAction;
  if (action.type === 'ElicitSlot' && action.slotToElicit === undefined) {
    sentence(
      ctx,
      action,
      'dialogAction ElicitSlot requires sessionState.dialogAction.slotToElicit',
    );
  }
}

/** What each dialog action of a Lambda response requires (Lex V2 developer guide). */
export function dialogActionRules(response: unknown, ctx: Issues): void {
  if (!isRecord(response) || !isRecord(response.sessionState)) return;
  const state = response.sessionState;
  const action = state.dialogAction;
  if (!isRecord(action)) return;
  const type = action.type;
  if (typeof type !== 'string' || !(DIALOG_ACTION_TYPES as readonly string[]).includes(type)) {
    return;
  }
  const intent = isRecord(state.intent) ? state.intent : undefined;
  const named = typeof intent?.name === 'string' && intent.name.length > 0;
  const messages = Array.isArray(response.messages) ? response.messages.length : 0;
  const fail = (message: string) => sentence(ctx, response, message);
  const requireIntentName = () => {
    if (!named) fail(`dialogAction ${type} requires sessionState.intent.name`);
  };
  const requireMessage = () => {
    if (messages < 1) fail(`dialogAction ${type} requires at least one message in messages`);
  };

  switch (type) {
    case 'Close':
      requireIntentName();
      if (intent && !(CLOSE_INTENT_STATES as readonly unknown[]).includes(intent.state)) {
        const got = typeof intent.state === 'string' ? `"${intent.state}"` : 'nothing';
        fail(
          `dialogAction Close requires sessionState.intent.state to be ${orList(CLOSE_INTENT_STATES)}, got ${got}`,
        );
      }
      break;
    case 'ConfirmIntent':
      requireIntentName();
      if (intent && intent.slots === undefined) {
        fail('dialogAction ConfirmIntent requires sessionState.intent.slots');
      }
      requireMessage();
      break;
    case 'ElicitIntent':
      requireMessage();
      break;
    case 'ElicitSlot':
      requireIntentName();
      elicitSlotRule(state, ctx);
      break;
  }
  if (type !== 'ElicitSlot') {
    for (const field of ['slotToElicit', 'slotElicitationStyle', 'subSlotToElicit']) {
      if (action[field] !== undefined)
        fail(`dialogAction ${field} is only allowed with ElicitSlot`);
    }
  }
  if (type !== 'Delegate' && intent?.state === 'ReadyForFulfillment') {
    fail(
      `sessionState.intent.state ReadyForFulfillment is only allowed with dialogAction Delegate, got ${type}`,
    );
  }
}
