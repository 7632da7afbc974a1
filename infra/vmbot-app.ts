import { App, type Environment } from 'aws-cdk-lib';
import { STRICT_CFN_VALIDATE_ERRORS, VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';
import { readDeploymentSettings } from './settings';
import { VmbotStack } from './vmbot-stack';

/**
 * Synthesis needs no AWS account: without CDK_DEFAULT_ACCOUNT/REGION (which the CLI sets from
 * the credentials it finds) the stack is pinned to a placeholder account and us-east-1, and the
 * stack does no context lookups.
 */
export const OFFLINE_ENV = { account: '123456789012', region: 'us-east-1' } as const;

/**
 * CDK validates every synthesised template against CloudFormation's schemas and rules, but by
 * default only reports what it finds. `validateAgainstDefaultRules` makes its errors fail
 * synthesis (an unknown property, a missing required one); `strictCfnValidateErrors` makes its
 * warnings fail too, and many schema findings are warnings (a value outside an enum, a number
 * out of range). A finding that must be lived with is acknowledged by id, with a reason, through
 * `Validations.of(construct).acknowledge(...)`. cdk.json sets both flags; the app sets them again
 * over the CLI context so that no `-c` turns them back into warnings, and tests, which do not
 * read cdk.json, get the same behaviour.
 */
export const STRICT_VALIDATION_CONTEXT = {
  [VALIDATE_AGAINST_DEFAULT_RULES]: true,
  [STRICT_CFN_VALIDATE_ERRORS]: true,
} as const;

export const STACK_ID = 'Vmbot';

export interface VmbotAppOptions {
  /** Extra context, as `cdk -c key=value` would give (removalPolicy, timeScale). */
  readonly context?: Record<string, unknown>;
  readonly env?: Environment;
  readonly outdir?: string;
}

export function createVmbotApp(options: VmbotAppOptions = {}): { app: App; stack: VmbotStack } {
  const app = new App({
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    postCliContext: STRICT_VALIDATION_CONTEXT,
  });
  const env = options.env ?? {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? OFFLINE_ENV.account,
    region: process.env.CDK_DEFAULT_REGION ?? OFFLINE_ENV.region,
  };
  const stack = new VmbotStack(app, STACK_ID, {
    env,
    description: 'vmbot: Lex V2 bot, its Lambda code hook and the DynamoDB table',
    settings: readDeploymentSettings(app.node),
  });
  return { app, stack };
}
