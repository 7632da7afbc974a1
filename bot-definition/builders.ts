import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import type { DialogState, PromptSpecification, Resolved, SlotDefinition } from './types';

type SampleUtterance = Resolved<CfnBot.SampleUtteranceProperty>;
type SlotPriority = Resolved<CfnBot.SlotPriorityProperty>;

export function utterances(...texts: string[]): SampleUtterance[] {
  return texts.map((utterance) => ({ utterance }));
}

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
    valueElicitationSetting: { slotConstraint, promptSpecification },
  };
}

/** Elicitation order: the first slot name gets priority 1, the next 2, and so on. */
export function priorities(...slotNames: string[]): SlotPriority[] {
  return slotNames.map((slotName, i) => ({ slotName, priority: i + 1 }));
}

/**
 * A next step that starts another intent with some slots already filled. Values use Lex's
 * set-value syntax: `{Slot}` is a slot of the intent that ends, `[name]` a session attribute.
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

/** Every task intent: the one Lambda validates each turn and fulfils. */
export const taskCodeHooks = {
  dialogCodeHook: { enabled: true },
  fulfillmentCodeHook: { enabled: true },
} as const;
