import type { DialogAction, Interpretation } from '../api/types';
import { askConfirmation, confirmationAnswer } from './confirmation';
import { isLive } from './contexts';
import { elicitSlot, slotAnswer } from './elicitation';
import { validationError } from './errors';
import { continueDefault, newRequest } from './flow';
import { Turn } from './turn-state';
import type { DialogDeps, TurnInput } from './turn-state';
import type { Session } from './sessions';

export type { DialogDeps, TurnInput } from './turn-state';

/**
 * One turn of a conversation: the user's input taken through the flow of the bot definition
 * until the bot waits for the user again (ElicitSlot, ConfirmIntent, ElicitIntent) or the
 * conversation ends (Close). Mutates the session; the runtime stores it afterwards.
 *
 * The flow is in its own modules, one per part of a Lex dialog: flow (intent start and the
 * default order), elicitation, confirmation, fulfillment (and closing), code-hooks, next-steps,
 * retries; turn-state holds what they share.
 */
export class DialogTurn {
  private readonly turn: Turn;

  constructor(deps: DialogDeps, session: Session, input: TurnInput) {
    this.turn = new Turn(deps, session, input);
  }

  get messages() {
    return this.turn.messages;
  }

  get responseRequestAttributes(): Record<string, string> | undefined {
    return this.turn.responseRequestAttributes;
  }

  /** A user utterance: a slot value, a confirmation answer, or a new request. */
  async userInput(): Promise<void> {
    const t = this.turn;
    const now = t.deps.clock();
    const contexts = t.session.activeContexts.filter((c) => isLive(c, now)).map((c) => c.name);
    t.nlu = t.deps.nlu.recognize(t.input.text, { activeContexts: contexts });
    const pending = t.session.dialogAction;
    const intent = t.session.intent;
    const model = intent ? t.model.intent(intent.name) : undefined;
    if (pending?.type === 'ElicitSlot' && model && pending.slotToElicit) {
      const slot = model.slotByName.get(pending.slotToElicit);
      if (slot) return slotAnswer(t, model, slot);
    }
    if (pending?.type === 'ConfirmIntent' && model) return confirmationAnswer(t, model);
    return newRequest(t);
  }

  /**
   * PutSession: the session now waits for what its dialog action says. With Delegate, Lex picks
   * the next step of the session's intent (code hooks included); otherwise the configured
   * prompt of the slot or confirmation is said unless the client gave messages.
   */
  async putState(action: DialogAction | undefined, messagesGiven: boolean): Promise<void> {
    const t = this.turn;
    const known = !!t.session.intent && !!t.model.intent(t.session.intent.name);
    switch (action?.type) {
      case 'Delegate':
        return known ? continueDefault(t) : t.elicitIntent();
      case 'ElicitSlot':
        if (!known || !t.currentModel().slotByName.has(action.slotToElicit ?? '')) {
          throw validationError(
            `Invalid sessionState: ElicitSlot needs a slot of the session's intent, got ${action.slotToElicit}`,
          );
        }
        return elicitSlot(t, action.slotToElicit ?? '', { given: messagesGiven, style: action });
      case 'ConfirmIntent':
        if (!known) throw validationError('Invalid sessionState: ConfirmIntent needs an intent');
        return askConfirmation(t, { given: messagesGiven });
      case 'Close':
        return t.endConversation();
      default:
        return t.elicitIntent();
    }
  }

  /** The interpretations of this turn, as RecognizeText reports them. */
  interpretations(): Interpretation[] {
    return this.turn.orderedInterpretations().map(({ entry, intent }) => ({
      ...(entry.score === undefined ? {} : { nluConfidence: { score: entry.score } }),
      intent,
      interpretationSource: 'Lex',
    }));
  }
}
