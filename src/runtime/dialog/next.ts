import type { DialogAction, IntentStateName, Message, Slots } from '../api/types';
import type {
  ConditionalSpecification,
  DialogCodeHookInvocationSetting,
  DialogState,
} from '../bot/definition';

/**
 * What comes next in a turn, as data: each step of the dialog returns one of these and the loop
 * in dialog.ts dispatches it. No step calls another, so the steps' modules do not import each
 * other; the turn stops at a `wait` (the bot asks the user something) or a `close`.
 */
export type Next =
  // This turn's input, read against what the session was waiting for.
  | { readonly kind: 'new-request' }
  | { readonly kind: 'slot-answer'; readonly slot: string }
  | { readonly kind: 'confirmation-answer' }
  // The intent's own flow (Lex's default order and its parts).
  | {
      readonly kind: 'start-intent';
      readonly intent: string;
      readonly slots: Slots;
      readonly suppress: boolean;
    }
  | { readonly kind: 'default-order' }
  | {
      readonly kind: 'elicit-slot';
      readonly slot: string;
      readonly attempt: number;
      /** No prompt: the messages were given (Lambda, PutSession) or the next step suppressed it. */
      readonly quiet: boolean;
      readonly style?: DialogAction;
    }
  | { readonly kind: 'confirm'; readonly attempt: number; readonly quiet: boolean }
  | { readonly kind: 'slot-captured'; readonly slot: string }
  | { readonly kind: 'retry'; readonly target: RetryTarget }
  | { readonly kind: 'declined'; readonly answered: boolean }
  | { readonly kind: 'fulfil' }
  | { readonly kind: 'fulfilled' }
  | { readonly kind: 'fulfilment-failed' }
  | { readonly kind: 'closing' }
  // What the definition says: next steps, conditionals, code hooks.
  | { readonly kind: 'next-step'; readonly state: DialogState; readonly stage: Stage }
  | {
      readonly kind: 'conditional';
      readonly conditional: ConditionalSpecification;
      readonly stage: Stage;
      /** Where the default branch goes when it has no next step. */
      readonly otherwise: Next;
    }
  | {
      readonly kind: 'invoke-hook';
      readonly setting: DialogCodeHookInvocationSetting | undefined;
      readonly label: string | undefined;
      readonly stage: Stage;
      /** Where a successful (Delegate) answer goes when the hook's success path says nothing. */
      readonly then: Next;
    }
  // Where the turn stops.
  | { readonly kind: 'wait'; readonly action: DialogAction; readonly attempt: number }
  | { readonly kind: 'close'; readonly state?: IntentStateName };

export type RetryTarget = { readonly slot: string } | { readonly confirmation: true };

/**
 * The step of the flow a next step is taken from: `InvokeDialogCodeHook` runs its code hook,
 * `EvaluateConditional` its conditional, and both continue with `resume` when the hook or the
 * conditional says nothing more: the default order, except on a declined intent's path, where
 * the intent ends (the default order would only decline it again).
 */
export interface Stage {
  readonly codeHook?: DialogCodeHookInvocationSetting;
  readonly conditional?: ConditionalSpecification;
  readonly resume?: Next;
}

/** A slot prompt being retried in this turn, and which attempt it is (1 = Retry1). */
export interface Retry {
  readonly slot: string;
  readonly attempt: number;
}

/**
 * What a step hands back to the loop: the messages it says (in order, before whatever comes
 * next), what comes next, and what it learnt about the turn.
 */
export interface StepResult {
  readonly say?: readonly Message[];
  readonly next: Next;
  /** The input was used by the dialog (a slot value, a yes or no). */
  readonly consumed?: true;
  /** The input did not answer the prompt, which is asked again. */
  readonly retrying?: true;
  /** The slot retry under way, or `null` when none is any more. */
  readonly retry?: Retry | null;
  /** Request attributes a Lambda answered with. */
  readonly requestAttributes?: Record<string, string>;
  /** One Lambda call was made. */
  readonly lambdaCall?: true;
}

export const DEFAULT_ORDER: Next = { kind: 'default-order' };
export const CLOSE: Next = { kind: 'close' };
export const ELICIT_INTENT: Next = { kind: 'wait', action: { type: 'ElicitIntent' }, attempt: 0 };
export const END_FAILED: Next = { kind: 'close', state: 'Failed' };

export function startIntent(intent: string, slots: Slots, suppress: boolean): Next {
  return { kind: 'start-intent', intent, slots, suppress };
}

export function go(next: Next, say?: readonly Message[]): StepResult {
  return say && say.length > 0 ? { say, next } : { next };
}
