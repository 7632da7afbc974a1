import type { DialogAction, Interpretation, Message } from '../api/types';
import { isLive } from './contexts';
import { newOutput, runDialog } from './dialog';
import type { TurnOutput } from './dialog';
import { validationError } from './errors';
import { DEFAULT_ORDER, ELICIT_INTENT, CLOSE } from './next';
import type { Next } from './next';
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
 * retries. Each step returns what it says and what comes next (next.ts); dialog.ts runs them.
 */
export class DialogTurn {
  private readonly turn: Turn;
  private readonly output: TurnOutput = newOutput();

  constructor(deps: DialogDeps, session: Session, input: TurnInput) {
    this.turn = new Turn(deps, session, input);
  }

  get messages(): Message[] {
    return this.output.messages;
  }

  get responseRequestAttributes(): Record<string, string> | undefined {
    return this.output.requestAttributes;
  }

  /** How many times this turn called the Lambda. */
  get lambdaCalls(): number {
    return this.output.lambdaCalls;
  }

  /** A user utterance: a slot value, a confirmation answer, or a new request. */
  async userInput(): Promise<void> {
    const t = this.turn;
    const now = t.deps.clock();
    const contexts = t.session.activeContexts.filter((c) => isLive(c, now)).map((c) => c.name);
    t.nlu = t.deps.nlu.recognize(t.input.text, { activeContexts: contexts });
    return runDialog(t, this.firstStep(), this.output);
  }

  /** What the session was waiting for decides how the input is read. */
  private firstStep(): Next {
    const t = this.turn;
    const pending = t.session.dialogAction;
    const intent = t.session.intent;
    const model = intent ? t.model.intent(intent.name) : undefined;
    if (pending?.type === 'ElicitSlot' && model && pending.slotToElicit) {
      if (model.slotByName.has(pending.slotToElicit)) {
        return { kind: 'slot-answer', slot: pending.slotToElicit };
      }
    }
    if (pending?.type === 'ConfirmIntent' && model) return { kind: 'confirmation-answer' };
    return { kind: 'new-request' };
  }

  /**
   * PutSession: the session now waits for what its dialog action says. With Delegate, Lex picks
   * the next step of the session's intent (code hooks included); otherwise the configured
   * prompt of the slot or confirmation is said unless the client gave messages.
   */
  async putState(action: DialogAction | undefined, messagesGiven: boolean): Promise<void> {
    return runDialog(this.turn, this.putStep(action, messagesGiven), this.output);
  }

  private putStep(action: DialogAction | undefined, quiet: boolean): Next {
    const t = this.turn;
    const known = !!t.session.intent && !!t.model.intent(t.session.intent.name);
    switch (action?.type) {
      case 'Delegate':
        return known ? DEFAULT_ORDER : ELICIT_INTENT;
      case 'ElicitSlot':
        if (!known || !t.currentModel().slotByName.has(action.slotToElicit ?? '')) {
          throw validationError(
            `Invalid sessionState: ElicitSlot needs a slot of the session's intent, got ${action.slotToElicit}`,
          );
        }
        return {
          kind: 'elicit-slot',
          slot: action.slotToElicit ?? '',
          attempt: 0,
          quiet,
          style: action,
        };
      case 'ConfirmIntent':
        if (!known) throw validationError('Invalid sessionState: ConfirmIntent needs an intent');
        return { kind: 'confirm', attempt: 0, quiet };
      case 'Close':
        return CLOSE;
      default:
        return ELICIT_INTENT;
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
