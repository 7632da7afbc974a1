import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import type {
  DialogState,
  IntentDefinition,
  PromptSpecification,
  Resolved,
  SlotDefinition,
} from './types';

type SampleUtterance = Resolved<CfnBot.SampleUtteranceProperty>;
type SlotPriority = Resolved<CfnBot.SlotPriorityProperty>;
type CodeHook = Resolved<CfnBot.DialogCodeHookInvocationSettingProperty>;
type ConfirmationSetting = Resolved<CfnBot.IntentConfirmationSettingProperty>;

export function utterances(...texts: string[]): SampleUtterance[] {
  return texts.map((utterance) => ({ utterance }));
}

/**
 * The next step that runs the step's dialog code hook. Lex runs a step's code hook only when
 * the hook is active *and* the step's next step invokes it, so every hook below comes with one.
 */
export const INVOKE_CODE_HOOK: DialogState = { dialogAction: { type: 'InvokeDialogCodeHook' } };

function activeHook(invocationLabel?: string): CodeHook {
  return {
    enableCodeHookInvocation: true,
    isActive: true,
    ...(invocationLabel === undefined ? {} : { invocationLabel }),
    postCodeHookSpecification: {},
  };
}

/**
 * A slot whose value the Lambda checks as soon as it is captured (and sees on every retry, so
 * that "cancel", a correction or a question in place of a value reaches it).
 */
export function slot(
  name: string,
  slotTypeName: string,
  slotConstraint: 'Required' | 'Optional',
  promptSpecification: PromptSpecification,
  description?: string,
): SlotDefinition {
  return {
    name,
    slotTypeName,
    ...(description === undefined ? {} : { description }),
    valueElicitationSetting: {
      slotConstraint,
      promptSpecification,
      slotCaptureSetting: {
        codeHook: activeHook(),
        captureNextStep: INVOKE_CODE_HOOK,
        elicitationCodeHook: { enableCodeHookInvocation: true },
      },
    },
  };
}

/** Elicitation order: the first slot name gets priority 1, the next 2, and so on. */
export function priorities(...slotNames: string[]): SlotPriority[] {
  return slotNames.map((slotName, i) => ({ slotName, priority: i + 1 }));
}

/**
 * A next step that starts another intent with some slots already filled. Values use Lex's
 * set-value syntax for slots: a constant, or `[name]`, a session attribute (a `{Slot}` reference
 * is a value only for session attributes, so a slot is carried over through one).
 */
export function startIntent(name: string, slotValues: Record<string, string>): DialogState {
  return {
    dialogAction: { type: 'StartIntent' },
    intent: {
      name,
      slots: Object.entries(slotValues).map(([slotName, interpretedValue]) => ({
        slotName,
        slotValueOverride: { shape: 'Scalar', value: { interpretedValue } },
      })),
    },
  };
}

/**
 * A task the one Lambda validates at every step and fulfils: its dialog code hook runs at the
 * initial response (with an optional invocation label), after each slot (see `slot`) and after
 * the confirmation (see `confirmation`), each through an explicit InvokeDialogCodeHook step.
 */
export function lambdaTask(
  initialLabel?: string,
): Pick<IntentDefinition, 'dialogCodeHook' | 'fulfillmentCodeHook' | 'initialResponseSetting'> {
  return {
    dialogCodeHook: { enabled: true },
    fulfillmentCodeHook: { enabled: true },
    initialResponseSetting: { codeHook: activeHook(initialLabel), nextStep: INVOKE_CODE_HOOK },
  };
}

/**
 * A yes-or-no before a change. The Lambda sees the answer either way: a yes goes on to
 * fulfillment, a no is answered by the Lambda (which names what it will not do and forgets the
 * request), and anything else (a correction, a question, "cancel") reaches it on each retry.
 */
export function confirmation(promptSpecification: PromptSpecification): ConfirmationSetting {
  return {
    isActive: true,
    promptSpecification,
    codeHook: activeHook(),
    confirmationNextStep: INVOKE_CODE_HOOK,
    declinationNextStep: INVOKE_CODE_HOOK,
    elicitationCodeHook: { enableCodeHookInvocation: true },
  };
}

/** An intent without slots that the Lambda answers (fulfillment only). */
export const answeredByLambda = {
  dialogCodeHook: { enabled: false },
  fulfillmentCodeHook: { enabled: true },
} as const;

/**
 * An intent the definition answers itself, in its closing response, then goes on with `next`:
 * the Lambda is asked first (the initial response's code hook) only so that, with a request
 * open, it can answer and go back to that request instead; otherwise it lets Lex go on, the
 * fulfillment succeeds without a Lambda and Lex plays the closing response and its next step
 * (the documented default order: intent-fulfillment.html, intent-closing.html).
 */
export function answeredByDefinition(
  closing: string | readonly string[],
  next: DialogState,
): Pick<
  IntentDefinition,
  'dialogCodeHook' | 'fulfillmentCodeHook' | 'initialResponseSetting' | 'intentClosingSetting'
> {
  return {
    dialogCodeHook: { enabled: true },
    fulfillmentCodeHook: { enabled: false },
    initialResponseSetting: { codeHook: activeHook(), nextStep: INVOKE_CODE_HOOK },
    intentClosingSetting: {
      isActive: true,
      closingResponse: {
        allowInterrupt: true,
        messageGroupsList: (typeof closing === 'string' ? [closing] : closing).map((value) => ({
          message: { plainTextMessage: { value } },
        })),
      },
      nextStep: next,
    },
  };
}

/** The next step that waits for the user's next request. */
export const WAIT_FOR_REQUEST: DialogState = { dialogAction: { type: 'ElicitIntent' } };
export const END_CONVERSATION: DialogState = { dialogAction: { type: 'EndConversation' } };
