import type { IResolvable } from 'aws-cdk-lib';
import type { CfnBot } from 'aws-cdk-lib/aws-lex';

/**
 * A CloudFormation property type with the token (`IResolvable`) alternatives removed: plain data.
 *
 * The CDK L1 types allow a token wherever a value may go (`boolean | IResolvable`,
 * `Array<X | IResolvable> | IResolvable`...). The bot definition never uses tokens, and readers
 * that are not CDK (the local runtime, the import/export archive) should not have to narrow them
 * away. A `Resolved<T>` is still assignable to `T`, so the stack passes it to `CfnBot` unchanged
 * and the compiler keeps checking the shape against the CloudFormation types.
 */
export type Resolved<T> = T extends IResolvable
  ? never
  : T extends readonly (infer U)[]
    ? Resolved<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Resolved<T[K]> }
      : T;

export type LocaleDefinition = Resolved<CfnBot.BotLocaleProperty>;
export type IntentDefinition = Resolved<CfnBot.IntentProperty>;
export type SlotDefinition = Resolved<CfnBot.SlotProperty>;
export type SlotTypeDefinition = Resolved<CfnBot.SlotTypeProperty>;
export type MessageGroup = Resolved<CfnBot.MessageGroupProperty>;
export type PromptSpecification = Resolved<CfnBot.PromptSpecificationProperty>;
export type ResponseSpecification = Resolved<CfnBot.ResponseSpecificationProperty>;
export type DialogState = Resolved<CfnBot.DialogStateProperty>;
export type BotMessage = Resolved<CfnBot.MessageProperty>;
export type ConditionalSpecification = Resolved<CfnBot.ConditionalSpecificationProperty>;
export type DialogCodeHookInvocationSetting =
  Resolved<CfnBot.DialogCodeHookInvocationSettingProperty>;
export type PostDialogCodeHookInvocationSpecification =
  Resolved<CfnBot.PostDialogCodeHookInvocationSpecificationProperty>;
export type PostFulfillmentStatusSpecification =
  Resolved<CfnBot.PostFulfillmentStatusSpecificationProperty>;

/** The whole bot: what CDK deploys (`infra/`) and what the local runtime (`src/runtime/`) reads. */
export interface BotDefinition {
  readonly name: string;
  readonly description: string;
  readonly idleSessionTtlInSeconds: number;
  readonly dataPrivacy: { readonly childDirected: boolean };
  readonly locale: LocaleDefinition;
}
