import type { LexBot } from '../../lex';
import type { IntentState, Message, SlotState, Slots } from '../api/types';
import type { ResponseSpecification } from '../bot/definition';
import type { BotModel, IntentModel, SlotModel } from '../bot/model';
import type { Nlu, NluInterpretation } from '../nlu/recognizer';
import type { DialogBehaviour } from './behaviour';
import type { ConditionContext } from './conditions';
import { isLive } from './contexts';
import { internalError } from './errors';
import type { LambdaFunction } from './lambda';
import { responseMessages } from './messages';
import type { Retry } from './next';
import type { Session } from './sessions';
import { textTranscription, toLexIntent } from './lambda-event';
import { evaluateValue } from './templates';
import type { ReferenceValues } from './templates';

/** What a turn needs from the runtime around it. */
export interface DialogDeps {
  readonly model: BotModel;
  readonly nlu: Nlu;
  readonly invokeLambda: LambdaFunction;
  readonly clock: () => number;
  readonly random: () => number;
  readonly lambdaTimeoutMs: number;
  readonly bot: LexBot;
  readonly slotNames: Readonly<Record<string, readonly string[]>>;
  readonly behaviour: DialogBehaviour;
}

export interface TurnInput {
  readonly text: string;
  readonly requestAttributes: Record<string, string> | undefined;
}

export function isFilled(slot: SlotState | null | undefined): slot is SlotState {
  return !!slot && (slot.value !== undefined || (slot.values?.length ?? 0) > 0);
}

export function slotValues(slot: SlotState | null | undefined): string[] | undefined {
  if (!isFilled(slot)) return undefined;
  if (slot.values && slot.values.length > 0) {
    return slot.values.flatMap((v) => (v.value ? [v.value.interpretedValue] : []));
  }
  return slot.value ? [slot.value.interpretedValue] : undefined;
}

/** Every slot of the intent, null when not filled: the shape Lex reports. */
export function allSlots(intent: IntentModel, given: Slots | undefined): Slots {
  const slots: Slots = {};
  for (const slot of intent.slots) slots[slot.name] = given?.[slot.name] ?? null;
  return slots;
}

export function scalar(value: string): SlotState {
  return {
    shape: 'Scalar',
    value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
  };
}

/** The request attribute that turns intent switching off for one request (Lex V2, 2025). */
export const INTENT_SWITCH_ATTRIBUTE = 'x-amz-lex:intent-switch';

/**
 * What a turn reads: the runtime's dependencies, the session (whose intent the steps evolve), the
 * input and the NLU's reading of it, and two facts the loop records from the steps' results (the
 * input was consumed; a slot prompt is being retried). The steps live in their own modules and
 * take this as their first argument; the turn's output (messages, the dialog action it waits
 * with) is built by the loop in dialog.ts from what they return.
 */
export class Turn {
  nlu: NluInterpretation[] = [];
  /** Set when the input was consumed by the dialog (a slot value, a yes or no). */
  consumed = false;
  /** Set when the input was not usable as the answer to a prompt, which is asked again. */
  retrying = false;
  retry: Retry | undefined;

  constructor(
    readonly deps: DialogDeps,
    readonly session: Session,
    readonly input: TurnInput,
  ) {}

  get model(): BotModel {
    return this.deps.model;
  }

  current(): IntentState {
    const intent = this.session.intent;
    if (!intent) throw internalError('No active intent');
    return intent;
  }

  currentModel(): IntentModel {
    const name = this.current().name;
    const model = this.deps.model.intent(name);
    if (!model) throw internalError(`Intent ${name} is not in the bot`);
    return model;
  }

  /** Makes `name` the session's intent, fresh: its slots, InProgress, no confirmation yet. */
  setIntent(name: string, slots: Slots | undefined): IntentModel {
    const model = this.deps.model.intent(name);
    if (!model) throw internalError(`Intent ${name} is not in the bot`);
    this.session.intent = {
      name,
      slots: allSlots(model, slots),
      state: 'InProgress',
      confirmationState: 'None',
    };
    return model;
  }

  attemptFor(slot: string): number {
    return this.retry?.slot === slot ? this.retry.attempt : 0;
  }

  /**
   * Whether an utterance that matches another intent may switch to it while a slot or a
   * confirmation is elicited: yes, unless the request says `x-amz-lex:intent-switch: DISABLE`.
   */
  switchingAllowed(): boolean {
    const value = this.input.requestAttributes?.[INTENT_SWITCH_ATTRIBUTE];
    return value?.trim().toUpperCase() !== 'DISABLE';
  }

  threshold(): number {
    return this.deps.model.nluConfidenceThreshold;
  }

  /** The NLU's best intent when it clears the confidence threshold (never the fallback). */
  topIntent(): NluInterpretation | undefined {
    const top = this.nlu[0];
    if (!top || top.intent === this.deps.model.fallback.name) return undefined;
    return (top.score ?? 0) >= this.threshold() ? top : undefined;
  }

  /**
   * The interpretations: the current intent first (with its state) when the dialog consumed the
   * input (a slot value, a yes or no: score 1), when a prompt is being retried, or always with
   * the `active-first` order (its own score, 0 when the input says nothing of it).
   */
  orderedInterpretations(): { entry: NluInterpretation; intent: IntentState }[] {
    const current = this.session.intent;
    let list = this.nlu;
    const activeFirst =
      this.consumed || this.retrying || this.deps.behaviour.interpretationOrder === 'active-first';
    if (current && activeFirst) {
      const own = list.find((i) => i.intent === current.name);
      const fallback = current.name === this.deps.model.fallback.name;
      const score = this.consumed ? 1 : fallback ? undefined : (own?.score ?? 0);
      const first: NluInterpretation = { intent: current.name, score, slots: own?.slots ?? {} };
      list = [first, ...list.filter((i) => i.intent !== current.name)].slice(0, 5);
    }
    return list.map((entry) => {
      if (current && entry.intent === current.name) {
        // The session's intent, with what this input says of its slots (a correction) on top.
        const intent = structuredClone(current);
        if (!this.consumed) {
          const said = Object.entries(entry.slots).filter(([, v]) => isFilled(v));
          intent.slots = { ...(intent.slots ?? {}), ...structuredClone(Object.fromEntries(said)) };
        }
        return { entry, intent };
      }
      return { entry, intent: { name: entry.intent, slots: structuredClone(entry.slots) } };
    });
  }

  /** A response of the definition, rendered with the session's values as they are now. */
  messages(spec: ResponseSpecification | undefined): Message[] {
    return responseMessages(spec, this.references(), this.deps.random);
  }

  defaultValue(slot: SlotModel): SlotState | undefined {
    const list = slot.def.valueElicitationSetting.defaultValueSpecification?.defaultValueList ?? [];
    for (const { defaultValue } of list) {
      const value = defaultValue.startsWith('#')
        ? this.contextAttribute(defaultValue.slice(1))
        : evaluateValue(defaultValue, this.references());
      if (value !== undefined) return scalar(value);
    }
    return undefined;
  }

  /** `#context.attribute` in default values. */
  private contextAttribute(path: string): string | undefined {
    const [name, attribute] = path.split('.');
    const now = this.deps.clock();
    const context = this.session.activeContexts.find((c) => c.name === name && isLive(c, now));
    return attribute === undefined ? undefined : context?.contextAttributes[attribute];
  }

  references(): ReferenceValues {
    return {
      slot: (name) => slotValues(this.session.intent?.slots?.[name])?.join(','),
      sessionAttribute: (name) => this.session.sessionAttributes[name],
      requestAttribute: (name) => this.input.requestAttributes?.[name],
      path: (path) => this.path(path),
    };
  }

  conditionContext(): ConditionContext {
    return {
      slot: (name) => slotValues(this.session.intent?.slots?.[name]),
      sessionAttribute: (name) => this.session.sessionAttributes[name],
      requestAttribute: (name) => this.input.requestAttributes?.[name],
      path: (path) => this.path(path),
    };
  }

  /**
   * `$.` paths of conditions and set-value expressions, read from the Lambda event this turn
   * would send: the input, its mode, the session id, and the `transcriptions` block as the event
   * carries it (one text transcription: the input, its confidence, the resolved intent and the
   * slots read from this input, with originalValue and resolvedValues but, as in Lex's text
   * events, no interpretedValue). A path to nothing reads as unset (Lex: null).
   */
  private path(path: string): string | undefined {
    if (path === 'inputTranscript') return this.input.text;
    if (path === 'inputMode') return 'Text';
    if (path === 'sessionId') return this.session.key.sessionId;
    if (!path.startsWith('transcriptions')) return undefined;
    const resolved = this.orderedInterpretations()[0]?.intent ?? this.session.intent;
    const transcriptions = resolved
      ? [textTranscription(this.input.text, toLexIntent(resolved))]
      : [];
    let value: unknown = { transcriptions };
    for (const key of path.split(/\.|\[(\d+)\]\.?/).filter((k) => k !== undefined && k !== '')) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = Object.prototype.hasOwnProperty.call(value, key)
        ? (value as Record<string, unknown>)[key]
        : undefined;
    }
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
}
