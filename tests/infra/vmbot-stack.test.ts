import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, sep } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnBot } from 'aws-cdk-lib/aws-lex';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bot, type BotDefinition } from '../../bot-definition';
import { createVmbotApp, OFFLINE_ENV, STRICT_VALIDATION_CONTEXT } from '../../infra/vmbot-app';
import { TABLE_ITEM_ACTIONS, TABLE_QUERY_ACTIONS, VmbotStack } from '../../infra/vmbot-stack';
import { CALL_BUDGET_MS, createTableInput } from '../../src/store';
import { INDEXES, TABLE } from '../../src/store/table/keys';

type Json = Record<string, unknown>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

// One synthesis (CloudFormation validation included) shared by every assertion of this file;
// it also starts the validation engine (seconds of WebAssembly set-up) for the tests below.
let template: Template;
let outdir: string;

// Every synthesis writes a cloud assembly (and the Lambda bundle): keep them out of the way.
const outdirs: string[] = [];
const freshOutdir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbot-cdk-test-'));
  outdirs.push(dir);
  return dir;
};

beforeAll(() => {
  outdir = freshOutdir();
  const { stack } = createVmbotApp({ env: OFFLINE_ENV, outdir });
  template = Template.fromStack(stack); // throws if validation finds anything
});

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

const only = (type: string): [string, Json] => {
  const found = Object.entries(template.findResources(type));
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Json];
};
const logicalId = (type: string) => only(type)[0];
const props = (type: string) => (only(type)[1].Properties ?? {}) as Json;
const getAtt = (type: string, attribute: string) => ({
  'Fn::GetAtt': [logicalId(type), attribute],
});
const arr = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const statements = (): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) => ((p.Properties as Json).PolicyDocument as { Statement: Statement[] }).Statement,
  );
const handlerId = () =>
  Object.entries(template.findResources('AWS::Lambda::Function')).find(
    ([, r]) => (r.Properties as Json).Handler === 'index.handler',
  )![0];
const lexRoleId = () =>
  Object.entries(template.findResources('AWS::IAM::Role')).find(([, r]) =>
    JSON.stringify(r).includes('lexv2.amazonaws.com'),
  )![0];
const locale = () => (props('AWS::Lex::Bot').BotLocales as Json[])[0] as Json;
const templateIntent = (name: string) =>
  (locale().Intents as Json[]).find((i) => i.Name === name) as Json;

describe('the Lex bot', () => {
  it('is built from the bot definition, with its locales built on deploy', () => {
    // Assess
    template.hasResourceProperties('AWS::Lex::Bot', {
      Name: 'vmbot',
      AutoBuildBotLocales: true,
      IdleSessionTTLInSeconds: 300,
      DataPrivacy: { ChildDirected: false },
      RoleArn: { 'Fn::GetAtt': [lexRoleId(), 'Arn'] },
      BotLocales: [Match.objectLike({ LocaleId: 'en_US', NluConfidenceThreshold: 0.4 })],
    });
  });

  it('has every intent and slot type of the definition', () => {
    // Act
    const intents = (locale().Intents as Json[]).map((i) => i.Name);
    const slotTypes = (locale().SlotTypes as Json[]).map((t) => t.Name);
    // Assess
    expect(intents.sort()).toEqual((bot.locale.intents ?? []).map((i) => i.name).sort());
    expect(slotTypes.sort()).toEqual((bot.locale.slotTypes ?? []).map((t) => t.name).sort());
    expect(intents).toContain('FallbackIntent');
  });

  it('gives every slot of every intent a priority', () => {
    for (const intent of locale().Intents as Json[]) {
      const slots = ((intent.Slots as Json[] | undefined) ?? []).map((s) => s.Name).sort();
      const prioritised = ((intent.SlotPriorities as Json[] | undefined) ?? [])
        .map((p) => p.SlotName)
        .sort();
      expect(prioritised, String(intent.Name)).toEqual(slots);
    }
  });

  it('chains AboutBot into HelpIntent through its closing response', () => {
    // Act
    const closing = templateIntent('AboutBot').IntentClosingSetting as Json;
    // Assess
    expect(closing).toMatchObject({
      IsActive: true,
      NextStep: { DialogAction: { Type: 'StartIntent' }, Intent: { Name: 'HelpIntent' } },
    });
    expect(templateIntent('AboutBot').FulfillmentCodeHook).toEqual({ Enabled: false });
  });

  it('wires the test alias (TSTALIASID) to the Lambda so the console test window works', () => {
    template.hasResourceProperties('AWS::Lex::Bot', {
      TestBotAliasSettings: {
        BotAliasLocaleSettings: [
          {
            LocaleId: 'en_US',
            BotAliasLocaleSetting: {
              Enabled: true,
              CodeHookSpecification: {
                LambdaCodeHook: {
                  LambdaArn: { 'Fn::GetAtt': [handlerId(), 'Arn'] },
                  CodeHookInterfaceVersion: '1.0',
                },
              },
            },
          },
        ],
      },
    });
  });

  it('publishes a version from DRAFT and points the live alias, wired to the Lambda, at it', () => {
    // Assess
    template.hasResourceProperties('AWS::Lex::BotVersion', {
      BotId: getAtt('AWS::Lex::Bot', 'Id'),
      BotVersionLocaleSpecification: [
        { LocaleId: 'en_US', BotVersionLocaleDetails: { SourceBotVersion: 'DRAFT' } },
      ],
    });
    template.hasResourceProperties('AWS::Lex::BotAlias', {
      BotAliasName: 'live',
      BotId: getAtt('AWS::Lex::Bot', 'Id'),
      BotVersion: getAtt('AWS::Lex::BotVersion', 'BotVersion'),
      BotAliasLocaleSettings: [
        {
          LocaleId: 'en_US',
          BotAliasLocaleSetting: {
            Enabled: true,
            CodeHookSpecification: {
              LambdaCodeHook: {
                LambdaArn: { 'Fn::GetAtt': [handlerId(), 'Arn'] },
                CodeHookInterfaceVersion: '1.0',
              },
            },
          },
        },
      ],
    });
  });

  it('lets Lex assume a role that grants nothing (text only)', () => {
    // Prepare
    const roleId = lexRoleId();
    const role = template.toJSON().Resources[roleId].Properties;
    // Act
    const attached = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify((p.Properties as Json).Roles).includes(roleId),
    );
    // Assess
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lexv2.amazonaws.com' } },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toBeUndefined();
    expect(attached).toEqual([]);
  });
});

describe('Lambda permissions', () => {
  const lexPermissions = () =>
    Object.values(template.findResources('AWS::Lambda::Permission')).map(
      (p) => p.Properties as Json,
    );

  it('let only lexv2.amazonaws.com invoke the function, from this account', () => {
    // Act
    const permissions = lexPermissions();
    // Assess
    expect(permissions).toHaveLength(2);
    for (const p of permissions) {
      expect(p).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'lexv2.amazonaws.com',
        SourceAccount: OFFLINE_ENV.account,
        FunctionName: { 'Fn::GetAtt': [handlerId(), 'Arn'] },
      });
    }
  });

  it("scope the source to this bot's live alias and its test alias, nothing wider", () => {
    // Act
    const sources = lexPermissions().map((p) => p.SourceArn);
    // Assess
    expect(sources).toContainEqual(getAtt('AWS::Lex::BotAlias', 'Arn'));
    expect(sources).toContainEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          `:lex:${OFFLINE_ENV.region}:${OFFLINE_ENV.account}:bot-alias/`,
          getAtt('AWS::Lex::Bot', 'Id'),
          '/TSTALIASID',
        ],
      ],
    });
    expect(JSON.stringify(sources)).not.toContain('*');
  });
});

describe('least-privilege IAM', () => {
  it('grants the Lambda exactly the DynamoDB actions it uses, on the table and its indexes', () => {
    // Prepare
    const table = getAtt('AWS::DynamoDB::Table', 'Arn');
    const index = (name: string) => ({ 'Fn::Join': ['', [table, `/index/${name}`]] });
    const allowed = [table, ...INDEXES.map((i) => index(i.name))].map((r) => JSON.stringify(r));
    // Act
    const dynamo = statements().filter((s) => arr(s.Action).some((a) => a.startsWith('dynamodb:')));
    // Assess
    expect(new Set(dynamo.flatMap((s) => arr(s.Action)))).toEqual(
      new Set([...TABLE_ITEM_ACTIONS, ...TABLE_QUERY_ACTIONS]),
    );
    expect([...TABLE_ITEM_ACTIONS, ...TABLE_QUERY_ACTIONS].sort()).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    for (const s of dynamo) {
      expect(s.Effect).toBe('Allow');
      for (const r of arr(s.Resource)) expect(allowed).toContain(JSON.stringify(r));
    }
    // Only Query may touch the indexes.
    const onIndexes = dynamo.filter((s) => JSON.stringify(s.Resource).includes('/index/'));
    expect(onIndexes.flatMap((s) => arr(s.Action))).toEqual(['dynamodb:Query']);
  });

  it('has no wildcard action or resource anywhere, and no managed policy', () => {
    for (const s of statements()) {
      expect(arr(s.Action).filter((a) => a.includes('*'))).toEqual([]);
      expect(arr(s.Resource)).not.toContain('*');
    }
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect((role.Properties as Json).ManagedPolicyArns).toBeUndefined();
    }
  });

  it('lets the Lambda write only to its own log group', () => {
    // Act
    const logs = statements().filter((s) => arr(s.Action).some((a) => a.startsWith('logs:')));
    // Assess
    expect(logs).toHaveLength(1);
    expect(new Set(arr(logs[0]!.Action))).toEqual(
      new Set(['logs:CreateLogStream', 'logs:PutLogEvents']),
    );
    expect(logs[0]!.Resource).toEqual(getAtt('AWS::Logs::LogGroup', 'Arn'));
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logicalId('AWS::Logs::LogGroup') } },
    });
  });

  it('lets the Lambda read only its own session key, generated by Secrets Manager', () => {
    // Act
    const secretId = logicalId('AWS::SecretsManager::Secret');
    const reads = statements().filter((s) =>
      arr(s.Action).some((a) => a.startsWith('secretsmanager:')),
    );
    // Assess: one statement, one action, one secret; the value never in the template.
    expect(reads).toHaveLength(1);
    expect(arr(reads[0]!.Action)).toEqual(['secretsmanager:GetSecretValue']);
    expect(reads[0]!.Resource).toEqual({ Ref: secretId });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
      SecretString: Match.absent(),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ VMBOT_SESSION_KEY_SECRET: { Ref: secretId } }) },
    });
  });
});

describe('the time limits', () => {
  it("leave one DynamoDB call's whole retry budget inside the Lambda's timeout", () => {
    const timeout = (template.toJSON().Resources[handlerId()].Properties as Json).Timeout;
    expect(CALL_BUDGET_MS).toBeLessThan(Number(timeout) * 1000);
  });
});

describe('the table', () => {
  it('has the single-table keys, two GSIs with all attributes, TTL, PITR and on-demand billing', () => {
    // The table the store creates in DynamoDB Local: the same keys and indexes, by the same names.
    const { KeySchema, AttributeDefinitions, GlobalSecondaryIndexes } = createTableInput('vmbot');
    expect(INDEXES.map((i) => i.name)).toHaveLength(2);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema,
      AttributeDefinitions: Match.arrayWith(AttributeDefinitions!),
      GlobalSecondaryIndexes,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('is retained when the stack is deleted, by default', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('the Lambda', () => {
  it('runs the bundle on Node.js 22, arm64, with source maps, 10 s and 512 MB', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 10,
      MemorySize: 512,
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: logicalId('AWS::DynamoDB::Table') },
          POWERTOOLS_SERVICE_NAME: 'vmbot',
          VMBOT_TIME_SCALE: '1',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('ships the ES module bundle split into chunks, every file with its source map', () => {
    // Prepare
    const assets = readdirSync(outdir).filter((f) => f.startsWith('asset.'));
    const bundles = assets.filter((a) => existsSync(join(outdir, a, 'index.mjs')));
    expect(bundles).toHaveLength(1);
    const asset = join(outdir, bundles[0]!);
    // Act
    const files = readdirSync(asset, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(join(asset, f)).isFile())
      .map((f) => f.split(sep).join('/'));
    const code = files.filter((f) => f.endsWith('.mjs'));
    // Each relative import (static or import()) of each file, as a path inside the asset.
    const imports = code.flatMap((f) =>
      [
        ...readFileSync(join(asset, f), 'utf8').matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g),
      ].map((m) => posix.join(posix.dirname(f), m[1]!)),
    );
    // Assess: the entry and its chunks (the lazily loaded credential providers among them),
    // a source map for each and nothing else; every chunk any file imports is there.
    expect(code).toContain('index.mjs');
    expect(code.filter((f) => f !== 'index.mjs').every((f) => f.startsWith('chunks/'))).toBe(true);
    expect(code.length).toBeGreaterThan(1);
    expect(files.sort()).toEqual([...code, ...code.map((f) => `${f}.map`)].sort());
    expect(imports.filter((f) => f.startsWith('chunks/')).length).toBeGreaterThan(0);
    expect(imports.filter((f) => !code.includes(f))).toEqual([]);
  });
});

describe('outputs', () => {
  it('give what a client needs: bot, aliases, table, function and region', () => {
    // Act
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    // Assess
    expect(Object.keys(outputs).sort()).toEqual(
      ['BotId', 'FunctionName', 'LiveAliasId', 'Region', 'TableName', 'TestAliasId'].sort(),
    );
    expect(outputs.BotId!.Value).toEqual(getAtt('AWS::Lex::Bot', 'Id'));
    expect(outputs.TestAliasId!.Value).toBe('TSTALIASID');
    expect(outputs.LiveAliasId!.Value).toEqual(getAtt('AWS::Lex::BotAlias', 'BotAliasId'));
    expect(outputs.TableName!.Value).toEqual({ Ref: logicalId('AWS::DynamoDB::Table') });
    expect(outputs.FunctionName!.Value).toEqual({ Ref: handlerId() });
    expect(outputs.Region!.Value).toBe(OFFLINE_ENV.region);
  });
});

describe('context', () => {
  it('removalPolicy=destroy and timeScale=60 reach the table and the Lambda', () => {
    // Prepare: skip bundling, this synthesis is about context only.
    const { stack } = createVmbotApp({
      env: OFFLINE_ENV,
      outdir: freshOutdir(),
      context: { removalPolicy: 'destroy', timeScale: '60', 'aws:cdk:bundling-stacks': [] },
    });
    // Act
    const t = Template.fromStack(stack);
    // Assess
    t.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ VMBOT_TIME_SCALE: '60' }) },
    });
  });

  it('refuses a removal policy or a time scale that means nothing', () => {
    expect(() =>
      createVmbotApp({ outdir: freshOutdir(), context: { removalPolicy: 'snapshot' } }),
    ).toThrow(/removalPolicy must be "retain" or "destroy"/);
    expect(() => createVmbotApp({ outdir: freshOutdir(), context: { timeScale: '-2' } })).toThrow(
      /timeScale must be a positive number/,
    );
    expect(() => createVmbotApp({ outdir: freshOutdir(), context: { timeScale: 'fast' } })).toThrow(
      /timeScale/,
    );
  });
});

// These syntheses are about the template only: skip bundling the Lambda.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const strictApp = () =>
  new App({
    context: NO_BUNDLING,
    postCliContext: STRICT_VALIDATION_CONTEXT,
    outdir: freshOutdir(),
  });
const defaultApp = () => new App({ context: NO_BUNDLING, outdir: freshOutdir() });

/** The real definition with one slot type given a resolution strategy CloudFormation lacks. */
const withBadStrategy = (): BotDefinition => ({
  ...bot,
  locale: {
    ...bot.locale,
    slotTypes: (bot.locale.slotTypes ?? []).map((t, i) =>
      i === 0 ? { ...t, valueSelectionSetting: { resolutionStrategy: 'EXPAND_VALUES' } } : t,
    ),
  },
});

/** The mistake validation caught in this stack: CDK types DataPrivacy as `any`, so camelCase leaks. */
function stackWithCamelCaseDataPrivacy(app: App): Stack {
  const stack = new Stack(app, 'Broken', { env: OFFLINE_ENV });
  new CfnBot(stack, 'Bot', {
    name: 'broken',
    roleArn: `arn:aws:iam::${OFFLINE_ENV.account}:role/lex`,
    idleSessionTtlInSeconds: 300,
    dataPrivacy: { childDirected: false },
  });
  return stack;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CloudFormation validation during synthesis', () => {
  it('is not switched off in this environment', () => {
    expect(process.env.CDK_VALIDATION).not.toBe('false');
  });

  it('fails the synthesis on a schema error (unknown and missing properties)', () => {
    // Prepare
    const stack = stackWithCamelCaseDataPrivacy(strictApp());
    // Act
    const synth = () => Template.fromStack(stack);
    // Assess
    expect(synth).toThrow(/ChildDirected/);
  });

  it('fails the synthesis of the vmbot stack on a schema warning (a value outside an enum)', () => {
    // Prepare
    const stack = new VmbotStack(strictApp(), 'Vmbot', {
      env: OFFLINE_ENV,
      bot: withBadStrategy(),
    });
    // Act
    const synth = () => Template.fromStack(stack);
    // Assess
    expect(synth).toThrow(/ResolutionStrategy.*EXPAND_VALUES/s);
  });

  it("would only warn with CDK's defaults: the flags are what make it fail", () => {
    // Prepare
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const stack = new VmbotStack(defaultApp(), 'Vmbot', {
      env: OFFLINE_ENV,
      bot: withBadStrategy(),
    });
    // Act
    const template = Template.fromStack(stack);
    // Assess
    expect(template.toJSON().Resources).toBeDefined();
    expect(printed.mock.calls.flat().join('\n')).toMatch(/WARNING.*EXPAND_VALUES/s);
  });

  it('refuses a bot the Lex build would refuse, before synthesising anything', () => {
    // Prepare: a locale without its fallback intent
    const intents = (bot.locale.intents ?? []).filter((i) => i.name !== 'FallbackIntent');
    const broken: BotDefinition = { ...bot, locale: { ...bot.locale, intents } };
    // Act
    const build = () => new VmbotStack(strictApp(), 'Vmbot', { env: OFFLINE_ENV, bot: broken });
    // Assess
    expect(build).toThrow(
      /must have exactly one intent with parentIntentSignature AMAZON.Fallback/,
    );
  });
});
