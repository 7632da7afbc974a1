import { createHash } from 'node:crypto';
import {
  AssetHashType,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lex from 'aws-cdk-lib/aws-lex';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { bot as vmbot, type BotDefinition } from '../bot-definition';
import { checkBotBuild } from '../src/runtime/bot/build-check';
import { resolveLocale } from '../src/runtime/bot/definition';
import { INDEXES, TABLE } from '../src/store/table/keys';
import { bundleLambdaSync, LAMBDA_HANDLER, PROJECT_ROOT } from './lambda-bundling';
import { DEFAULT_SETTINGS, type DeploymentSettings } from './settings';

/** Lex's built-in alias for the draft version: the console's test window talks to it. */
export const TEST_ALIAS_ID = 'TSTALIASID';
export const LIVE_ALIAS_NAME = 'live';

/**
 * Everything the Lambda does to the table, and nothing more: it reads items (GetItem,
 * BatchGetItem), writes them with conditions, and its TransactWriteItems hold Put, Update and
 * Delete items (a deleted VM), which DynamoDB authorises per item action (no ConditionCheck
 * items are used).
 */
export const TABLE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;
export const TABLE_QUERY_ACTIONS = ['dynamodb:Query'] as const;

const LEX_PRINCIPAL = 'lexv2.amazonaws.com';
const CODE_HOOK_INTERFACE_VERSION = '1.0';

export interface VmbotStackProps extends StackProps {
  readonly settings?: DeploymentSettings;
  /** The bot to deploy; the project's definition unless a test says otherwise. */
  readonly bot?: BotDefinition;
}

/** The table, the Lambda, the Lex bot with its draft test alias, a version and a `live` alias. */
export class VmbotStack extends Stack {
  constructor(scope: Construct, id: string, props: VmbotStackProps = {}) {
    super(scope, id, props);
    const settings = props.settings ?? DEFAULT_SETTINGS;
    const definition = props.bot ?? vmbot;
    // What Lex's build would refuse fails the synth, with every problem named, not the deploy.
    checkBotBuild(resolveLocale(definition.locale));

    const table = this.table(settings);
    const handler = this.handler(table, settings);
    const bot = this.bot(definition, handler);

    // Versions are immutable: a new logical id per definition makes CloudFormation create a
    // new version (and move the alias to it) whenever the bot changes, then delete the old one.
    const fingerprint = definitionFingerprint(definition);
    const version = new lex.CfnBotVersion(this, `BotVersion${fingerprint}`, {
      botId: bot.attrId,
      description: `${definition.name} definition ${fingerprint}`,
      botVersionLocaleSpecification: [
        {
          localeId: definition.locale.localeId,
          botVersionLocaleDetails: { sourceBotVersion: 'DRAFT' },
        },
      ],
    });
    const liveAlias = new lex.CfnBotAlias(this, 'LiveAlias', {
      botId: bot.attrId,
      botAliasName: LIVE_ALIAS_NAME,
      botVersion: version.attrBotVersion,
      description: `${definition.name}, the latest published version`,
      botAliasLocaleSettings: codeHookLocaleSettings(definition, handler),
    });

    // Lex may invoke the function from this bot's aliases only, and from no other bot.
    handler.addPermission('InvokeFromLiveAlias', {
      principal: new iam.ServicePrincipal(LEX_PRINCIPAL),
      action: 'lambda:InvokeFunction',
      sourceAccount: this.account,
      sourceArn: liveAlias.attrArn,
    });
    handler.addPermission('InvokeFromTestAlias', {
      principal: new iam.ServicePrincipal(LEX_PRINCIPAL),
      action: 'lambda:InvokeFunction',
      sourceAccount: this.account,
      sourceArn: this.formatArn({
        service: 'lex',
        resource: 'bot-alias',
        resourceName: `${bot.attrId}/${TEST_ALIAS_ID}`,
      }),
    });

    new CfnOutput(this, 'BotId', { value: bot.attrId, description: 'Lex bot id (--bot-id)' });
    new CfnOutput(this, 'TestAliasId', {
      value: TEST_ALIAS_ID,
      description: 'Draft test alias id, wired to the Lambda (--bot-alias-id)',
    });
    new CfnOutput(this, 'LiveAliasId', {
      value: liveAlias.attrBotAliasId,
      description: `Alias "${LIVE_ALIAS_NAME}" on the published version (--bot-alias-id)`,
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'FunctionName', { value: handler.functionName });
    new CfnOutput(this, 'Region', { value: this.region, description: '--region' });
  }

  private table(settings: DeploymentSettings): dynamodb.Table {
    const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: key(TABLE.partitionKey),
      sortKey: key(TABLE.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
      removalPolicy:
        settings.tableRemoval === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    // The store's own key and index names: the table it reads and writes, as it expects it.
    for (const index of INDEXES) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  private handler(table: dynamodb.Table, settings: DeploymentSettings): lambda.Function {
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      retention: logs.RetentionDays.TWO_WEEKS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of the default one, whose AWSLambdaBasicExecutionRole managed
    // policy allows writing to every log group in the account.
    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description:
        'vmbot Lambda: its own log group, the vmbot table and its session key, nothing else',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'TableItems',
        actions: [...TABLE_ITEM_ACTIONS],
        resources: [table.tableArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'TableQueries',
        actions: [...TABLE_QUERY_ACTIONS],
        resources: [
          table.tableArn,
          ...INDEXES.map((index) => `${table.tableArn}/index/${index.name}`),
        ],
      }),
    );

    // The key the Lambda signs its Lex session attributes with (src/intents/trust/): client-held
    // state it did not sign is not believed, and no yes counts but one to its own question.
    // Generated by Secrets Manager, never in the template; encrypted with the account's
    // aws/secretsmanager key, which needs no grant of ours.
    const sessionKey = new secretsmanager.Secret(this, 'SessionKey', {
      description: 'vmbot: the key its Lambda signs Lex session attributes with',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SessionKey',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [sessionKey.secretArn],
      }),
    );

    return new lambda.Function(this, 'Handler', {
      description: 'vmbot: the Lex V2 dialog and fulfillment code hook',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: LAMBDA_HANDLER,
      code: lambda.Code.fromAsset(PROJECT_ROOT, {
        // Hash the bundle, not the project folder (node_modules included).
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // esbuild is a dev dependency, so bundling always happens locally: the image is
          // only the fallback CDK insists on and is never pulled.
          image: lambda.Runtime.NODEJS_22_X.bundlingImage,
          local: {
            tryBundle(outputDir: string): boolean {
              bundleLambdaSync(outputDir);
              return true;
            },
          },
        },
      }),
      // Lex waits 30 s for a code hook; fail well before so that Lex can still answer.
      timeout: Duration.seconds(10),
      memorySize: 512,
      role,
      logGroup,
      environment: {
        TABLE_NAME: table.tableName,
        POWERTOOLS_SERVICE_NAME: 'vmbot',
        VMBOT_TIME_SCALE: String(settings.timeScale),
        VMBOT_SESSION_KEY_SECRET: sessionKey.secretArn,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
  }

  private bot(definition: BotDefinition, handler: lambda.Function): lex.CfnBot {
    // Text only: no voice settings, no conversation logs, no sentiment analysis, so the role
    // Lex assumes needs no permission at all (polly:SynthesizeSpeech would be the first).
    const role = new iam.Role(this, 'BotRole', {
      assumedBy: new iam.ServicePrincipal(LEX_PRINCIPAL),
      description: 'Assumed by Lex V2 for the vmbot bot (text only: no permissions needed)',
    });
    return new lex.CfnBot(this, 'Bot', {
      name: definition.name,
      description: definition.description,
      roleArn: role.roleArn,
      // Typed `any` in CDK, so passed through verbatim: it must be spelled as in the template.
      dataPrivacy: { ChildDirected: definition.dataPrivacy.childDirected },
      idleSessionTtlInSeconds: definition.idleSessionTtlInSeconds,
      autoBuildBotLocales: true,
      botLocales: [definition.locale],
      // The draft's test alias calls the Lambda too, so the console's test window works at once.
      testBotAliasSettings: {
        botAliasLocaleSettings: codeHookLocaleSettings(definition, handler),
      },
    });
  }
}

function codeHookLocaleSettings(
  definition: BotDefinition,
  handler: lambda.IFunction,
): lex.CfnBot.BotAliasLocaleSettingsItemProperty[] {
  return [
    {
      localeId: definition.locale.localeId,
      botAliasLocaleSetting: {
        enabled: true,
        codeHookSpecification: {
          lambdaCodeHook: {
            lambdaArn: handler.functionArn,
            codeHookInterfaceVersion: CODE_HOOK_INTERFACE_VERSION,
          },
        },
      },
    },
  ];
}

/** Short, stable digest of the definition: changes exactly when the bot does. */
export function definitionFingerprint(definition: BotDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 10);
}
