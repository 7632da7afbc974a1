import type { IResolvable } from 'aws-cdk-lib';
import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import type { LocaleDefinition } from '../../../bot-definition/types';

/**
 * A bot as the runtime takes it: the metadata of AWS::Lex::Bot plus one locale, typed with the
 * CloudFormation L1 shapes (camelCase) so that the same object drives CDK and the local runtime.
 */
export interface BotDefinition {
  readonly name: string;
  readonly description?: string;
  readonly idleSessionTtlInSeconds: number;
  readonly dataPrivacy?: { readonly childDirected: boolean | IResolvable } | IResolvable;
  readonly locale: CfnBot.BotLocaleProperty;
}

// One set of types for the bot model: the bot definition's (token-free CloudFormation shapes).
export type * from '../../../bot-definition/types';

/** CDK tokens cannot be resolved outside a CDK app: the runtime needs literal values. */
export class UnresolvedTokenError extends Error {
  constructor(path: string) {
    super(
      `Bot definition has an unresolved CDK token at ${path}; the local runtime needs literals`,
    );
    this.name = 'UnresolvedTokenError';
  }
}

const TOKEN_STRING = /\$\{Token\[/;

function isToken(value: unknown): boolean {
  if (typeof value === 'string') return TOKEN_STRING.test(value);
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { resolve?: unknown }).resolve === 'function'
  );
}

function assertNoTokens(value: unknown, path: string): void {
  if (isToken(value)) throw new UnresolvedTokenError(path);
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertNoTokens(item, `${path}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) assertNoTokens(item, `${path}.${key}`);
  }
}

/** Checks that a locale holds no CDK tokens and returns it with the token-free type. */
export function resolveLocale(locale: CfnBot.BotLocaleProperty): LocaleDefinition {
  assertNoTokens(locale, 'locale');
  return locale as LocaleDefinition;
}
