import type { LexBot, LexResponse } from '../../lex';
import type {
  DialogAction,
  IntentState,
  Interpretation,
  Message,
  SlotState,
  Slots,
} from '../api/types';
import type {
  ConditionalSpecification,
  DialogCodeHookInvocationSetting,
  DialogState,
  ResponseSpecification,
} from '../bot/definition';
import type { BotModel, IntentModel, SlotModel } from '../bot/model';
import { classifyConfirmation } from '../nlu/confirmation';
import type { Nlu, NluInterpretation } from '../nlu/recognizer';
import { evaluateCondition } from './conditions';
import type { ConditionContext } from './conditions';
import { activate, fromApi, fromOutputContext, isLive } from './contexts';
import { dependencyFailed, internalError, validationError } from './errors';
import { invokeCodeHook } from './lambda';
import { lambdaEvent } from './lambda-event';
import type { LambdaFunction } from './lambda';
import { promptMessages, responseMessages } from './messages';
import type { Session } from './sessions';
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
}

export interface TurnInput {
  readonly text: string;
  readonly requestAttributes: Record<string, string> | undefined;
}

/**
 * The step of the flow a next step is taken from: `InvokeDialogCodeHook` runs its code hook,
 * `EvaluateConditional` its conditional.
 */
interface Stage {
  readonly codeHook?: DialogCodeHookInvocationSetting;
  readonly conditional?: ConditionalSpecification;
}

/** Where a step goes when it is done: its conditional if active, else its next step. */
interface Onward {
  readonly next?: DialogState;
  readonly conditional?: ConditionalSpecification;
}

type Continuation = () => Promise<void>;

/** A slot value the user typed that the type does not list must beat a new intent this well. */
const SWITCH_OVER_NEW_VALUE = 0.8;
/** Next steps that chain into each other more than this in one turn are a loop. */
const MAX_STEPS = 50;
/** Retries of a confirmation prompt that the Lambda asked for (no prompt in the definition). */
const DEFAULT_MAX_RETRIES = 2;

function isFilled(slot: SlotState | null | undefined): slot is SlotState {
  return !!slot && (slot.value !== undefined || (slot.values?.length ?? 0) > 0);
}

function slotValues(slot: SlotState | null | undefined): string[] | undefined {
  if (!isFilled(slot)) return undefined;
  if (slot.values && slot.values.length > 0) {
    return slot.values.flatMap((v) => (v.value ? [v.value.interpretedValue] : []));
  }
  return slot.value ? [slot.value.interpretedValue] : undefined;
}

/** Every slot of the intent, null when not filled: the shape Lex reports. */
function allSlots(intent: IntentModel, given: Slots | undefined): Slots {
  const slots: Slots = {};
  for (const slot of intent.slots) slots[slot.name] = given?.[slot.name] ?? null;
  return slots;
}

/**
 * One turn of a conversation: the user's input taken through the flow of the bot definition
 * until the bot waits for the user again (ElicitSlot, ConfirmIntent, ElicitIntent) or the
 * conversation ends (Close). Mutates the session; the runtime stores it afterwards.
 */
export class DialogTurn {
  readonly messages: Message[] = [];
  responseRequestAttributes: Record<string, string> | undefined;
  private nlu: NluInterpretation[] = [];
  /** Set when the input was consumed by the dialog (a slot value, a yes or no). */
  private consumed = false;
  private retry: { readonly slot: string; readonly attempt: number } | undefined;
  private steps = 0;

  constructor(
    private readonly deps: DialogDeps,
    private readonly session: Session,
    private readonly input: TurnInput,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Entry points

  /** A user utterance: a slot value, a confirmation answer, or a new request. */
  async userInput(): Promise<void> {
    this.recognise();
    const pending = this.session.dialogAction;
    const intent = this.session.intent;
    const model = intent ? this.deps.model.intent(intent.name) : undefined;
    if (pending?.type === 'ElicitSlot' && model && pending.slotToElicit) {
      const slot = model.slotByName.get(pending.slotToElicit);
      if (slot) return this.slotAnswer(model, slot);
    }
    if (pending?.type === 'ConfirmIntent' && model) return this.confirmationAnswer(model);
    return this.newRequest();
  }

  /**
   * PutSession: the session now waits for what its dialog action says. With Delegate, Lex picks
   * the next step of the session's intent (code hooks included); otherwise the configured
   * prompt of the slot or confirmation is said unless the client gave messages.
   */
  async putState(action: DialogAction | undefined, messagesGiven: boolean): Promise<void> {
    const known = !!this.session.intent && !!this.deps.model.intent(this.session.intent.name);
    switch (action?.type) {
      case 'Delegate':
        return known ? this.continueDefault() : this.elicitIntent();
      case 'ElicitSlot':
        if (!known || !this.currentModel().slotByName.has(action.slotToElicit ?? '')) {
          throw validationError(
            `Invalid sessionState: ElicitSlot needs a slot of the session's intent, got ${action.slotToElicit}`,
          );
        }
        return this.elicitSlot(action.slotToElicit ?? '', { given: messagesGiven, style: action });
      case 'ConfirmIntent':
        if (!known) throw validationError('Invalid sessionState: ConfirmIntent needs an intent');
        return this.askConfirmation({ given: messagesGiven });
      case 'Close':
        return this.endConversation();
      default:
        return this.elicitIntent();
    }
  }

  /** The interpretations of this turn, as RecognizeText reports them. */
  interpretations(): Interpretation[] {
    return this.orderedInterpretations().map(({ entry, intent }) => ({
      ...(entry.score === undefined ? {} : { nluConfidence: { score: entry.score } }),
      intent,
      interpretationSource: 'Lex',
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Recognition

  private recognise(): void {
    const now = this.deps.clock();
    const contexts = this.session.activeContexts.filter((c) => isLive(c, now)).map((c) => c.name);
    this.nlu = this.deps.nlu.recognize(this.input.text, { activeContexts: contexts });
  }

  /** The current intent first (with its state) when the dialog consumed the input. */
  private orderedInterpretations(): { entry: NluInterpretation; intent: IntentState }[] {
    const current = this.session.intent;
    let list = this.nlu;
    if (current && this.consumed) {
      const own = list.find((i) => i.intent === current.name);
      const first: NluInterpretation = { intent: current.name, score: 1, slots: own?.slots ?? {} };
      list = [first, ...list.filter((i) => i.intent !== current.name)].slice(0, 5);
    }
    return list.map((entry) => {
      if (current && entry.intent === current.name) {
        return { entry, intent: structuredClone(current) };
      }
      return { entry, intent: { name: entry.intent, slots: structuredClone(entry.slots) } };
    });
  }

  private threshold(): number {
    return this.deps.model.nluConfidenceThreshold;
  }

  private topIntent(): NluInterpretation | undefined {
    const top = this.nlu[0];
    if (!top || top.intent === this.deps.model.fallback.name) return undefined;
    return (top.score ?? 0) >= this.threshold() ? top : undefined;
  }

  private async newRequest(): Promise<void> {
    const top = this.topIntent();
    if (!top) return this.startIntent(this.deps.model.fallback.name, {}, false);
    return this.startIntent(top.intent, top.slots, false);
  }

  // -------------------------------------------------------------------------------------------
  // Intent start and initial response

  private current(): IntentState {
    const intent = this.session.intent;
    if (!intent) throw internalError('No active intent');
    return intent;
  }

  private currentModel(): IntentModel {
    const name = this.current().name;
    const model = this.deps.model.intent(name);
    if (!model) throw internalError(`Intent ${name} is not in the bot`);
    return model;
  }

  private setIntent(name: string, slots: Slots | undefined): IntentModel {
    const model = this.deps.model.intent(name);
    if (!model) throw internalError(`Intent ${name} is not in the bot`);
    this.session.intent = {
      name,
      slots: allSlots(model, slots),
      state: 'InProgress',
      confirmationState: 'None',
    };
    this.session.attempt = 0;
    this.retry = undefined;
    return model;
  }

  private async startIntent(name: string, slots: Slots, suppress: boolean): Promise<void> {
    const model = this.setIntent(name, slots);
    const setting = model.def.initialResponseSetting;
    if (!suppress) this.say(setting?.initialResponse);
    const stage: Stage = { codeHook: setting?.codeHook, conditional: setting?.conditional };
    const onward: Onward = { next: setting?.nextStep, conditional: setting?.conditional };
    const then = () => this.proceed(onward, stage, () => this.continueDefault());
    if (this.hookApplies(setting?.codeHook)) return this.dialogHook(setting?.codeHook, stage, then);
    return then();
  }

  // -------------------------------------------------------------------------------------------
  // The default order: slots by priority, confirmation, fulfillment

  /** What Lex does next when nothing says otherwise. */
  private async continueDefault(): Promise<void> {
    const intent = this.current();
    const model = this.currentModel();
    const slots = intent.slots ?? (intent.slots = allSlots(model, undefined));
    for (const slot of model.slots) {
      if (!slot.required || isFilled(slots[slot.name])) continue;
      const value = this.defaultValue(slot);
      if (value) {
        slots[slot.name] = value;
        continue;
      }
      return this.elicitSlot(slot.name, { attempt: this.attemptFor(slot.name) });
    }
    if (intent.confirmationState === 'Denied') return this.declined(model);
    if (this.confirmationActive(model) && intent.confirmationState !== 'Confirmed') {
      return this.askConfirmation({ attempt: 0 });
    }
    return this.fulfil();
  }

  private attemptFor(slot: string): number {
    return this.retry?.slot === slot ? this.retry.attempt : 0;
  }

  /** The next step the default order predicts, as the dialog code hook's proposedNextState. */
  private predictedSlot(): string | undefined {
    const intent = this.session.intent;
    const model = intent ? this.deps.model.intent(intent.name) : undefined;
    if (!intent || !model) return undefined;
    for (const slot of model.slots) {
      if (slot.required && !isFilled(intent.slots?.[slot.name]) && !this.defaultValue(slot)) {
        return slot.name;
      }
    }
    return undefined;
  }

  private confirmationActive(model: IntentModel): boolean {
    const setting = model.def.intentConfirmationSetting;
    return !!setting?.promptSpecification && setting.isActive !== false;
  }

  private defaultValue(slot: SlotModel): SlotState | undefined {
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

  // -------------------------------------------------------------------------------------------
  // Slot elicitation

  private elicitSlot(
    slot: string,
    options: { attempt?: number; suppress?: boolean; given?: boolean; style?: DialogAction },
  ): void {
    const intent = this.current();
    const model = this.currentModel();
    const attempt = options.attempt ?? 0;
    intent.state = 'InProgress';
    this.session.attempt = attempt;
    this.session.dialogAction = {
      type: 'ElicitSlot',
      slotToElicit: slot,
      ...(options.style?.slotElicitationStyle
        ? { slotElicitationStyle: options.style.slotElicitationStyle }
        : {}),
      ...(options.style?.subSlotToElicit ? { subSlotToElicit: options.style.subSlotToElicit } : {}),
    };
    if (options.given || options.suppress) return;
    const spec = model.slotByName.get(slot)?.def.valueElicitationSetting.promptSpecification;
    this.messages.push(...promptMessages(spec, attempt, this.references(), this.deps.random));
  }

  private async slotAnswer(model: IntentModel, slot: SlotModel): Promise<void> {
    const intent = this.current();
    const slots = intent.slots ?? (intent.slots = allSlots(model, undefined));
    const capture = this.deps.nlu.captureSlot(model.name, slot.name, this.input.text);
    if (capture?.known) {
      slots[slot.name] = { shape: 'Scalar', value: capture.value };
      return this.slotCaptured(model, slot);
    }
    // Not a value the type knows: maybe the user changed the subject, or said it all again.
    const top = this.topIntent();
    const switchScore = capture ? SWITCH_OVER_NEW_VALUE : this.threshold();
    if (top && top.intent !== model.name && (top.score ?? 0) >= switchScore) {
      return this.startIntent(top.intent, top.slots, false);
    }
    if (top && top.intent === model.name) {
      const given = Object.entries(top.slots).filter(([, v]) => isFilled(v));
      if (given.length > 0) {
        for (const [name, value] of given) slots[name] = value;
        if (!isFilled(slots[slot.name]) && capture) {
          slots[slot.name] = { shape: 'Scalar', value: capture.value };
        }
        return this.slotCaptured(model, slot);
      }
    }
    if (capture) {
      slots[slot.name] = { shape: 'Scalar', value: capture.value };
      return this.slotCaptured(model, slot);
    }
    return this.captureFailed(model, slot);
  }

  private async slotCaptured(model: IntentModel, slot: SlotModel): Promise<void> {
    this.consumed = true;
    this.session.attempt = 0;
    this.retry = undefined;
    const setting = slot.def.valueElicitationSetting.slotCaptureSetting;
    this.say(setting?.captureResponse);
    const stage: Stage = { codeHook: setting?.codeHook, conditional: setting?.captureConditional };
    const onward: Onward = {
      next: setting?.captureNextStep,
      conditional: setting?.captureConditional,
    };
    const then = () => this.proceed(onward, stage, () => this.continueDefault());
    if (this.hookApplies(setting?.codeHook, model)) {
      return this.dialogHook(setting?.codeHook, stage, then);
    }
    return then();
  }

  private async captureFailed(model: IntentModel, slot: SlotModel): Promise<void> {
    const spec = slot.def.valueElicitationSetting;
    const setting = spec.slotCaptureSetting;
    const attempt = this.session.attempt + 1;
    if (attempt > (spec.promptSpecification?.maxRetries ?? 0)) {
      this.session.attempt = 0;
      const failure: Onward = {
        next: setting?.failureNextStep,
        conditional: setting?.failureConditional,
      };
      if (setting?.failureResponse || failure.next || failure.conditional) {
        this.say(setting?.failureResponse);
        return this.proceed(failure, {}, () => this.startFallback());
      }
      return this.startFallback();
    }
    this.retry = { slot: slot.name, attempt };
    const reprompt = async () => this.elicitSlot(slot.name, { attempt });
    // Each retry goes through the dialog code hook too, unless the slot turns it off.
    const hook = setting?.elicitationCodeHook;
    if (this.hookApplies(hook, model)) {
      return this.dialogHook(undefined, {}, reprompt, hook?.invocationLabel);
    }
    return reprompt();
  }

  private async startFallback(): Promise<void> {
    return this.startIntent(this.deps.model.fallback.name, {}, false);
  }

  // -------------------------------------------------------------------------------------------
  // Confirmation

  private askConfirmation(options: {
    attempt?: number;
    suppress?: boolean;
    given?: boolean;
  }): void {
    const intent = this.current();
    const attempt = options.attempt ?? 0;
    intent.state = 'InProgress';
    intent.confirmationState = 'None';
    this.session.attempt = attempt;
    this.session.dialogAction = { type: 'ConfirmIntent' };
    if (options.given || options.suppress) return;
    const spec = this.currentModel().def.intentConfirmationSetting?.promptSpecification;
    this.messages.push(...promptMessages(spec, attempt, this.references(), this.deps.random));
  }

  private async confirmationAnswer(model: IntentModel): Promise<void> {
    const intent = this.current();
    const setting = model.def.intentConfirmationSetting;
    const answer = classifyConfirmation(this.input.text);
    if (!answer) {
      const top = this.topIntent();
      if (top && top.intent !== model.name) return this.startIntent(top.intent, top.slots, false);
      const given = top ? Object.entries(top.slots).filter(([, v]) => isFilled(v)) : [];
      if (given.length > 0) {
        // A correction ("to host-c instead"): take the values, then confirm again.
        for (const [name, value] of given) (intent.slots ??= {})[name] = value;
        intent.confirmationState = 'None';
        this.consumed = true;
        this.session.attempt = 0;
        const then = () => this.continueDefault();
        if (this.hookApplies(setting?.codeHook, model)) {
          return this.dialogHook(setting?.codeHook, { codeHook: setting?.codeHook }, then);
        }
        return then();
      }
      const attempt = this.session.attempt + 1;
      const maxRetries = setting?.promptSpecification?.maxRetries ?? DEFAULT_MAX_RETRIES;
      if (attempt > maxRetries) {
        this.session.attempt = 0;
        const failure: Onward = {
          next: setting?.failureNextStep,
          conditional: setting?.failureConditional,
        };
        if (setting?.failureResponse || failure.next || failure.conditional) {
          this.say(setting?.failureResponse);
          return this.proceed(failure, {}, () => this.startFallback());
        }
        return this.startFallback();
      }
      const reprompt = async () => this.askConfirmation({ attempt });
      const hook = setting?.elicitationCodeHook;
      if (this.hookApplies(hook, model)) {
        return this.dialogHook(undefined, {}, reprompt, hook?.invocationLabel);
      }
      return reprompt();
    }

    this.consumed = true;
    this.session.attempt = 0;
    intent.confirmationState = answer === 'yes' ? 'Confirmed' : 'Denied';
    const stage: Stage = { codeHook: setting?.codeHook };
    const then =
      answer === 'yes'
        ? () => {
            this.say(setting?.confirmationResponse);
            const onward = {
              next: setting?.confirmationNextStep,
              conditional: setting?.confirmationConditional,
            };
            return this.proceed(onward, { ...stage, conditional: onward.conditional }, () =>
              this.continueDefault(),
            );
          }
        : () => this.declined(model);
    if (this.hookApplies(setting?.codeHook, model)) {
      return this.dialogHook(setting?.codeHook, stage, then);
    }
    return then();
  }

  private async declined(model: IntentModel): Promise<void> {
    const setting = model.def.intentConfirmationSetting;
    this.say(setting?.declinationResponse);
    const onward = {
      next: setting?.declinationNextStep,
      conditional: setting?.declinationConditional,
    };
    return this.proceed(onward, { conditional: onward.conditional }, async () =>
      this.endIntent('Failed'),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Fulfillment and closing

  private async fulfil(): Promise<void> {
    const intent = this.current();
    const model = this.currentModel();
    const hook = model.def.fulfillmentCodeHook;
    const post = hook?.postFulfillmentStatusSpecification;
    intent.state = 'ReadyForFulfillment';
    const success = async () => {
      this.activateOutputContexts(model);
      this.say(post?.successResponse);
      const onward = { next: post?.successNextStep, conditional: post?.successConditional };
      return this.proceed(onward, { conditional: onward.conditional }, () => this.closing());
    };
    const failure = async () => {
      this.current().state = 'Failed';
      this.say(post?.failureResponse);
      const onward = { next: post?.failureNextStep, conditional: post?.failureConditional };
      return this.proceed(onward, { conditional: onward.conditional }, async () =>
        this.endConversation(),
      );
    };
    // Without a fulfillment code hook the intent stays ReadyForFulfillment: the client fulfils.
    if (hook?.enabled !== true || hook.isActive === false) return success();

    const outcome = await this.invoke('FulfillmentCodeHook', undefined);
    if (outcome.kind === 'timeout') {
      if (post?.timeoutResponse || post?.timeoutNextStep || post?.timeoutConditional) {
        this.current().state = 'Failed';
        this.say(post.timeoutResponse);
        const onward = { next: post.timeoutNextStep, conditional: post.timeoutConditional };
        return this.proceed(onward, { conditional: onward.conditional }, async () =>
          this.endConversation(),
        );
      }
      throw this.timeoutError();
    }
    return this.applyResponse(outcome.response, {
      // After Close Fulfilled, Lex still takes the success path and the closing response.
      close: (state) => {
        if (state === 'Fulfilled') return success();
        if (state === 'Failed') return failure();
        this.endConversation();
        return Promise.resolve();
      },
      delegate: () => {
        if (this.current().state === 'Failed') return failure();
        this.current().state = 'Fulfilled';
        return success();
      },
    });
  }

  private activateOutputContexts(model: IntentModel): void {
    const now = this.deps.clock();
    for (const context of model.outputContexts) {
      this.session.activeContexts = activate(
        this.session.activeContexts,
        fromOutputContext(context, now),
      );
    }
  }

  private async closing(): Promise<void> {
    const setting = this.currentModel().def.intentClosingSetting;
    if (!setting || setting.isActive === false) return this.endConversation();
    this.say(setting.closingResponse);
    const onward = { next: setting.nextStep, conditional: setting.conditional };
    return this.proceed(onward, { conditional: onward.conditional }, async () =>
      this.endConversation(),
    );
  }

  private endIntent(state: IntentState['state']): void {
    this.current().state = state;
    this.endConversation();
  }

  private endConversation(): void {
    this.session.dialogAction = { type: 'Close' };
  }

  private elicitIntent(): void {
    this.session.dialogAction = { type: 'ElicitIntent' };
  }

  // -------------------------------------------------------------------------------------------
  // Next steps and conditionals

  private async proceed(onward: Onward, stage: Stage, otherwise: Continuation): Promise<void> {
    if (onward.conditional && onward.conditional.isActive !== false) {
      return this.runConditional(onward.conditional, stage, otherwise);
    }
    if (onward.next) return this.nextStep(onward.next, stage);
    return otherwise();
  }

  private async runConditional(
    conditional: ConditionalSpecification,
    stage: Stage,
    otherwise: Continuation,
  ): Promise<void> {
    const context = this.conditionContext();
    for (const branch of conditional.conditionalBranches) {
      if (evaluateCondition(branch.condition.expressionString, context)) {
        this.say(branch.response);
        return this.nextStep(branch.nextStep, stage);
      }
    }
    this.say(conditional.defaultBranch.response);
    const next = conditional.defaultBranch.nextStep;
    return next ? this.nextStep(next, stage) : otherwise();
  }

  /** A DialogState of the definition: set values, then the dialog action. */
  private async nextStep(state: DialogState, stage: Stage): Promise<void> {
    this.steps += 1;
    if (this.steps > MAX_STEPS) {
      throw internalError(`The bot's conversation flow loops: over ${MAX_STEPS} steps in one turn`);
    }
    const references = this.references();
    for (const { key, value } of state.sessionAttributes ?? []) {
      const v = value === undefined ? undefined : evaluateValue(value, references);
      if (v === undefined) delete this.session.sessionAttributes[key];
      else this.session.sessionAttributes[key] = v;
    }
    const overrides = this.slotOverrides(state, references);
    const action = state.dialogAction;
    const type = action?.type ?? 'ElicitIntent';
    const suppress = action?.suppressNextMessage === true;
    const target = state.intent?.name;
    if (type === 'StartIntent') {
      if (!target) throw internalError('A StartIntent next step needs intent.name');
      return this.startIntent(target, overrides, suppress);
    }
    if (target && target !== this.session.intent?.name) {
      this.setIntent(target, overrides);
    } else if (this.session.intent) {
      this.session.intent.slots = { ...(this.session.intent.slots ?? {}), ...overrides };
    }
    switch (type) {
      case 'ElicitIntent':
        return this.elicitIntent();
      case 'ElicitSlot': {
        const slot = action?.slotToElicit;
        if (!slot || !this.currentModel().slotByName.has(slot)) {
          throw internalError(`An ElicitSlot next step names no slot of ${this.current().name}`);
        }
        return this.elicitSlot(slot, { suppress });
      }
      case 'ConfirmIntent':
        return this.askConfirmation({ suppress });
      case 'FulfillIntent':
        return this.fulfil();
      case 'CloseIntent':
        if (suppress) return this.endConversation();
        return this.closing();
      case 'EndConversation':
        return this.endConversation();
      case 'InvokeDialogCodeHook':
        if (!this.hookApplies(stage.codeHook)) return this.continueDefault();
        return this.dialogHook(stage.codeHook, stage, () => this.continueDefault());
      case 'EvaluateConditional':
        if (!stage.conditional) return this.continueDefault();
        return this.runConditional(stage.conditional, stage, () => this.continueDefault());
      default:
        throw internalError(`Unknown next step dialog action ${type}`);
    }
  }

  /** Slot values of a next step: `{Slot}` of the current intent, `[attribute]`, literals. */
  private slotOverrides(state: DialogState, references: ReferenceValues): Slots {
    const slots: Slots = {};
    const current = this.session.intent?.slots ?? {};
    for (const entry of state.intent?.slots ?? []) {
      if (!entry.slotName) continue;
      const expression = entry.slotValueOverride?.value?.interpretedValue;
      if (expression === undefined) {
        slots[entry.slotName] = null;
        continue;
      }
      const whole = expression.match(/^\{\s*([A-Za-z0-9_]+)\s*\}$/);
      const copied = whole ? current[whole[1] ?? ''] : undefined;
      if (copied && isFilled(copied)) {
        slots[entry.slotName] = structuredClone(copied);
        continue;
      }
      const value = evaluateValue(expression, references);
      slots[entry.slotName] = value === undefined ? null : scalar(value);
    }
    return slots;
  }

  // -------------------------------------------------------------------------------------------
  // Code hooks

  /** Step-level hooks run only when the intent's dialog code hook is enabled (Lex's rule). */
  private hookApplies(
    setting: { enableCodeHookInvocation?: boolean; isActive?: boolean } | undefined,
    model: IntentModel = this.currentModel(),
  ): boolean {
    if (!model.dialogCodeHook) return false;
    return !setting || (setting.enableCodeHookInvocation !== false && setting.isActive !== false);
  }

  private async dialogHook(
    setting: DialogCodeHookInvocationSetting | undefined,
    stage: Stage,
    onSuccess: Continuation,
    label: string | undefined = setting?.invocationLabel,
  ): Promise<void> {
    const post = setting?.postCodeHookSpecification;
    const outcome = await this.invoke('DialogCodeHook', label);
    if (outcome.kind === 'timeout') {
      if (post?.timeoutResponse || post?.timeoutNextStep || post?.timeoutConditional) {
        this.say(post.timeoutResponse);
        const onward = { next: post.timeoutNextStep, conditional: post.timeoutConditional };
        return this.proceed(onward, stage, async () => this.endIntent('Failed'));
      }
      throw this.timeoutError();
    }
    const success = () => {
      this.say(post?.successResponse);
      const onward = { next: post?.successNextStep, conditional: post?.successConditional };
      return this.proceed(onward, stage, onSuccess);
    };
    const failure = () => {
      this.say(post?.failureResponse);
      const onward = { next: post?.failureNextStep, conditional: post?.failureConditional };
      return this.proceed(onward, stage, async () => this.endIntent('Failed'));
    };
    const hasFailurePath = !!(
      post?.failureResponse ||
      post?.failureNextStep ||
      post?.failureConditional
    );
    return this.applyResponse(outcome.response, {
      close: (state) => {
        if (state === 'Failed' && hasFailurePath) return failure();
        this.endConversation();
        return Promise.resolve();
      },
      delegate: () => {
        const state = this.current().state;
        if (state === 'Failed') return failure();
        if (state === 'ReadyForFulfillment') return this.fulfil();
        return success();
      },
    });
  }

  /**
   * A Lambda response, honoured as Lex does: its session attributes, contexts, intent (a
   * different intent name switches intents), messages, then its dialog action.
   */
  private async applyResponse(
    response: LexResponse,
    paths: { close: (state: string | undefined) => Promise<void>; delegate: Continuation },
  ): Promise<void> {
    const state = response.sessionState;
    const now = this.deps.clock();
    if (state.sessionAttributes) this.session.sessionAttributes = { ...state.sessionAttributes };
    if (state.activeContexts) {
      this.session.activeContexts = state.activeContexts.map((c) => fromApi(c, now));
    }
    if (response.requestAttributes)
      this.responseRequestAttributes = { ...response.requestAttributes };
    if (state.intent) this.takeIntent(state.intent);
    const given = (response.messages ?? []) as Message[];
    this.messages.push(...given);
    const action = state.dialogAction;
    switch (action.type) {
      case 'Close':
        if (state.intent?.state) this.current().state = state.intent.state;
        return paths.close(state.intent?.state);
      case 'ElicitSlot': {
        const slot = action.slotToElicit ?? '';
        const attempt = this.attemptFor(slot);
        return this.elicitSlot(slot, { given: given.length > 0, attempt, style: action });
      }
      case 'ConfirmIntent':
        return this.askConfirmation({ given: given.length > 0 });
      case 'ElicitIntent':
        return this.elicitIntent();
      case 'Delegate':
        return paths.delegate();
    }
  }

  private takeIntent(intent: NonNullable<LexResponse['sessionState']['intent']>): void {
    const current = this.session.intent;
    const model = this.deps.model.intent(intent.name);
    if (!model) throw dependencyFailed(`Invalid Lambda Response: no intent ${intent.name}`);
    const switching = !current || current.name !== intent.name;
    const slots = switching
      ? allSlots(model, intent.slots as Slots | undefined)
      : allSlots(model, { ...(current.slots ?? {}), ...((intent.slots ?? {}) as Slots) });
    this.session.intent = {
      name: intent.name,
      slots,
      state: intent.state ?? (switching ? 'InProgress' : current.state),
      confirmationState:
        intent.confirmationState ?? (switching ? 'None' : current.confirmationState),
    };
    if (switching) {
      this.session.attempt = 0;
      this.retry = undefined;
    }
  }

  private timeoutError() {
    return dependencyFailed(
      `Invalid Lambda Response: the Lambda did not answer within ${this.deps.lambdaTimeoutMs} ms`,
    );
  }

  private async invoke(
    source: 'DialogCodeHook' | 'FulfillmentCodeHook',
    label: string | undefined,
  ) {
    return invokeCodeHook(
      this.deps.invokeLambda,
      this.event(source, label),
      this.deps.lambdaTimeoutMs,
      this.deps.slotNames,
    );
  }

  private event(source: 'DialogCodeHook' | 'FulfillmentCodeHook', label: string | undefined) {
    const now = this.deps.clock();
    const predicted = this.predictedSlot();
    return lambdaEvent({
      source,
      label,
      bot: this.deps.bot,
      sessionId: this.session.key.sessionId,
      inputTranscript: this.input.text,
      intent: this.current(),
      interpretations: this.orderedInterpretations().map(({ entry, intent }) => ({
        score: entry.score,
        intent,
      })),
      proposed: predicted ? { slot: predicted, attempt: this.attemptFor(predicted) } : undefined,
      sessionAttributes: this.session.sessionAttributes,
      contexts: this.session.activeContexts.filter((c) => isLive(c, now)),
      nowMs: now,
      originatingRequestId: this.session.originatingRequestId,
      requestAttributes: this.input.requestAttributes,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Values for messages, set-value expressions and conditions

  private say(spec: ResponseSpecification | undefined): void {
    this.messages.push(...responseMessages(spec, this.references(), this.deps.random));
  }

  private references(): ReferenceValues {
    return {
      slot: (name) => slotValues(this.session.intent?.slots?.[name])?.join(','),
      sessionAttribute: (name) => this.session.sessionAttributes[name],
      requestAttribute: (name) => this.input.requestAttributes?.[name],
    };
  }

  private conditionContext(): ConditionContext {
    return {
      slot: (name) => slotValues(this.session.intent?.slots?.[name]),
      sessionAttribute: (name) => this.session.sessionAttributes[name],
      requestAttribute: (name) => this.input.requestAttributes?.[name],
      path: (path) => {
        if (path === 'inputTranscript') return this.input.text;
        if (path === 'inputMode') return 'Text';
        if (path === 'sessionId') return this.session.key.sessionId;
        return undefined;
      },
    };
  }
}

function scalar(value: string): SlotState {
  return {
    shape: 'Scalar',
    value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
  };
}
