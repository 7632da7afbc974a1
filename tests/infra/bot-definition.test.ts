import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bot,
  INTENT,
  SLOT_TYPE,
  type IntentDefinition,
  type SlotDefinition,
} from '../../bot-definition';
import { message, prompt } from '../../bot-definition/prompts';

const intents = bot.locale.intents ?? [];
const slotTypes = bot.locale.slotTypes ?? [];
const taskIntents = intents.filter((i) => i.parentIntentSignature === undefined);
/** Intents with slots: the Lambda checks them at every step. */
const slotted = intents.filter((i) => (i.slots ?? []).length > 0);
const INVOKE = { dialogAction: { type: 'InvokeDialogCodeHook' } };
const intentNamed = (name: string): IntentDefinition => {
  const intent = intents.find((i) => i.name === name);
  if (!intent) throw new Error(`no intent ${name}`);
  return intent;
};
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
const texts = (groups: IntentDefinition['slots']) => groups ?? [];
const promptTexts = (s: SlotDefinition) =>
  (s.valueElicitationSetting.promptSpecification?.messageGroupsList ?? []).flatMap((g) => [
    g.message.plainTextMessage?.value ?? '',
    ...(g.variations ?? []).map((v) => v.plainTextMessage?.value ?? ''),
  ]);

describe('the bot', () => {
  it('has the name, session TTL, privacy setting, locale and threshold of the spec', () => {
    // Assess
    expect(bot).toMatchObject({
      name: 'vmbot',
      idleSessionTtlInSeconds: 300,
      dataPrivacy: { childDirected: false },
      locale: { localeId: 'en_US', nluConfidenceThreshold: 0.4 },
    });
    expect(bot.description.length).toBeGreaterThan(0);
  });

  it('has the intents of the spec: nine tasks and questions, small talk, built-in repairs', () => {
    // Assess
    expect(intents.map((i) => i.name).sort()).toEqual(Object.values(INTENT).sort());
  });

  it('is pure data: it survives a JSON round trip unchanged', () => {
    // Act
    const copy = JSON.parse(JSON.stringify(bot)) as unknown;
    // Assess
    expect(copy).toEqual(bot);
  });

  it('imports nothing of aws-cdk-lib at run time (type-only imports)', () => {
    // Prepare
    const dir = join(import.meta.dirname, '../../bot-definition');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    // Act
    const valueImports = files.flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((line) => /from 'aws-cdk-lib/.test(line) && !/^import type /.test(line))
        .map((line) => `${f}: ${line}`),
    );
    // Assess
    expect(files.length).toBeGreaterThan(10);
    expect(valueImports).toEqual([]);
  });
});

describe('intents', () => {
  it.each(taskIntents.map((i) => [i.name, i] as const))(
    '%s has at least 8 distinct sample utterances',
    (_name, intent) => {
      const utterances = (intent.sampleUtterances ?? []).map((u) => u.utterance.toLowerCase());
      expect(utterances.length).toBeGreaterThanOrEqual(8);
      expect(new Set(utterances).size).toBe(utterances.length);
    },
  );

  it('never gives the same utterance to two intents', () => {
    // Prepare
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    // Act
    for (const intent of intents) {
      for (const { utterance } of intent.sampleUtterances ?? []) {
        const key = utterance.toLowerCase();
        const other = owner.get(key);
        if (other !== undefined && other !== intent.name)
          clashes.push(`${utterance}: ${other}, ${intent.name}`);
        owner.set(key, intent.name);
      }
    }
    // Assess
    expect(clashes).toEqual([]);
  });

  it.each(intents.map((i) => [i.name, i] as const))(
    '%s: every {Slot} in an utterance or a prompt is a slot of the intent',
    (_name, intent) => {
      const slotNames = new Set(texts(intent.slots).map((s) => s.name));
      const confirmation = intent.intentConfirmationSetting;
      const used = [
        ...(intent.sampleUtterances ?? []).map((u) => u.utterance),
        ...texts(intent.slots).flatMap(promptTexts),
        ...(confirmation?.promptSpecification?.messageGroupsList ?? []).flatMap((g) => [
          g.message.plainTextMessage?.value ?? '',
          ...(g.variations ?? []).map((v) => v.plainTextMessage?.value ?? ''),
        ]),
        ...(confirmation?.declinationResponse?.messageGroupsList ?? []).map(
          (g) => g.message.plainTextMessage?.value ?? '',
        ),
      ].flatMap(placeholders);
      expect(used.filter((name) => !slotNames.has(name!))).toEqual([]);
    },
  );

  it.each(taskIntents.map((i) => [i.name, i] as const))(
    '%s uses a slot placeholder in its utterances only with spaces around it',
    (_name, intent) => {
      // "{VmName}'s migration" is the kind of utterance Lex refuses to build.
      const glued = (intent.sampleUtterances ?? [])
        .map((u) => u.utterance)
        .filter((u) => /[^\s]\{|\}[^\s]/.test(u));
      expect(glued).toEqual([]);
    },
  );

  it('enables the dialog and fulfillment code hooks of every intent with slots', () => {
    for (const intent of slotted) {
      expect(intent.dialogCodeHook?.enabled, intent.name).toBe(true);
      expect(intent.fulfillmentCodeHook?.enabled, intent.name).toBe(true);
    }
  });

  it('reaches every active code hook through an explicit InvokeDialogCodeHook next step', () => {
    for (const intent of slotted) {
      const initial = intent.initialResponseSetting;
      expect(initial?.codeHook?.isActive, intent.name).toBe(true);
      expect(initial?.nextStep, intent.name).toEqual(INVOKE);
      for (const slot of intent.slots ?? []) {
        const capture = slot.valueElicitationSetting.slotCaptureSetting;
        expect(capture?.codeHook?.isActive, `${intent.name}.${slot.name}`).toBe(true);
        expect(capture?.captureNextStep, `${intent.name}.${slot.name}`).toEqual(INVOKE);
        expect(capture?.elicitationCodeHook?.enableCodeHookInvocation).toBe(true);
      }
      const confirmation = intent.intentConfirmationSetting;
      if (confirmation) {
        expect(confirmation.codeHook?.isActive, intent.name).toBe(true);
        expect(confirmation.confirmationNextStep, intent.name).toEqual(INVOKE);
        expect(confirmation.declinationNextStep, intent.name).toEqual(INVOKE);
        expect(confirmation.elicitationCodeHook?.enableCodeHookInvocation).toBe(true);
      }
    }
  });

  it.each([
    [INTENT.CancelIntent, 'AMAZON.CancelIntent'],
    [INTENT.StopIntent, 'AMAZON.StopIntent'],
    [INTENT.StartOverIntent, 'AMAZON.StartOverIntent'],
    [INTENT.RepeatIntent, 'AMAZON.RepeatIntent'],
  ])('%s is the built-in %s, answered by the Lambda', (name, signature) => {
    const intent = intentNamed(name);
    expect(intent.parentIntentSignature).toBe(signature);
    expect(intent.sampleUtterances).toBeUndefined();
    expect(intent.fulfillmentCodeHook?.enabled).toBe(true);
  });

  it.each([INTENT.HelpIntent, INTENT.Greeting, INTENT.ThankYou, INTENT.Goodbye, INTENT.AboutBot])(
    '%s has no slots, asks the Lambda first and is answered by its closing response',
    (name) => {
      const intent = intentNamed(name);
      expect(intent.slots).toBeUndefined();
      // The initial code hook lets the Lambda answer when a request is open...
      expect(intent.dialogCodeHook?.enabled).toBe(true);
      expect(intent.initialResponseSetting?.nextStep).toEqual(INVOKE);
      // ...otherwise the fulfillment succeeds without it and the closing response answers.
      expect(intent.fulfillmentCodeHook?.enabled).toBe(false);
      expect(
        intent.intentClosingSetting?.closingResponse?.messageGroupsList.length,
      ).toBeGreaterThan(0);
    },
  );

  it('has a FallbackIntent built on AMAZON.FallbackIntent, fulfilled by the Lambda', () => {
    // Act
    const fallback = intentNamed(INTENT.FallbackIntent);
    // Assess
    expect(fallback.parentIntentSignature).toBe('AMAZON.FallbackIntent');
    expect(fallback.sampleUtterances).toBeUndefined();
    expect(fallback.fulfillmentCodeHook?.enabled).toBe(true);
    expect(fallback.dialogCodeHook?.enabled).toBe(true);
  });
});

describe('slots', () => {
  // [intent, slot, slot type, constraint, priority] straight from the bot spec.
  const spec: [string, string, string, 'Required' | 'Optional', number][] = [
    ['MigrateVm', 'VmName', 'VmNameType', 'Required', 1],
    ['MigrateVm', 'TargetHost', 'HostNameType', 'Required', 2],
    ['MigrateVm', 'AutoConverge', 'AutoConvergeType', 'Optional', 3],
    ['MigrationReport', 'VmName', 'VmNameType', 'Required', 1],
    ['WhereIsVm', 'VmName', 'VmNameType', 'Required', 1],
    ['ListHosts', 'HostName', 'HostNameType', 'Optional', 1],
    ['RecommendHost', 'VmName', 'VmNameType', 'Required', 1],
    ['CreateVm', 'ApplianceName', 'ApplianceNameType', 'Required', 1],
    ['CreateVm', 'VmName', 'VmNameType', 'Optional', 2],
    ['CreateVm', 'TargetHost', 'HostNameType', 'Optional', 3],
    ['CreateVm', 'MemoryGiB', 'AMAZON.Number', 'Optional', 4],
    ['EvacuateHost', 'HostName', 'HostNameType', 'Required', 1],
    ['EndMaintenance', 'HostName', 'HostNameType', 'Required', 1],
    ['MigrationReport', 'Follow', 'AMAZON.Confirmation', 'Optional', 2],
    ['UnsupportedRequest', 'VmName', 'VmNameType', 'Optional', 1],
    ['UnsupportedRequest', 'HostName', 'HostNameType', 'Optional', 2],
  ];

  it.each(spec)(
    '%s.%s is a %s, %s, priority %i',
    (intentName, slotName, type, constraint, priority) => {
      // Act
      const intent = intentNamed(intentName);
      const slot = texts(intent.slots).find((s) => s.name === slotName);
      // Assess
      expect(slot?.slotTypeName).toBe(type);
      expect(slot?.valueElicitationSetting.slotConstraint).toBe(constraint);
      expect(intent.slotPriorities).toContainEqual({ slotName, priority });
    },
  );

  it('are exactly the slots of the spec', () => {
    // Act
    const actual = intents.flatMap((i) => texts(i.slots).map((s) => `${i.name}.${s.name}`));
    // Assess
    expect(actual.sort()).toEqual(spec.map(([i, s]) => `${i}.${s}`).sort());
  });

  it.each(intents.map((i) => [i.name, i] as const))(
    '%s gives each slot exactly one priority, all distinct',
    (_name, intent) => {
      const slotNames = texts(intent.slots)
        .map((s) => s.name)
        .sort();
      const prioritised = (intent.slotPriorities ?? []).map((p) => p.slotName).sort();
      const priorities = (intent.slotPriorities ?? []).map((p) => p.priority);
      expect(prioritised).toEqual(slotNames);
      expect(new Set(priorities).size).toBe(priorities.length);
    },
  );

  it.each(intents.flatMap((i) => texts(i.slots).map((s) => [`${i.name}.${s.name}`, s] as const)))(
    '%s has a prompt that retries twice with a new variation each time',
    (_name, slot) => {
      const spec = slot.valueElicitationSetting.promptSpecification;
      expect(spec?.maxRetries).toBe(2);
      expect(spec?.allowInterrupt).toBe(true);
      expect(spec?.messageSelectionStrategy).toBe('Ordered');
      for (const group of spec?.messageGroupsList ?? []) {
        expect(group.variations?.length ?? 0).toBeGreaterThanOrEqual(spec?.maxRetries ?? 0);
      }
      const all = promptTexts(slot);
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(new Set(all).size).toBe(all.length);
    },
  );

  it('reference only slot types that exist, and every custom slot type is used', () => {
    // Prepare
    const custom = new Set(slotTypes.map((t) => t.name));
    const referenced = new Set(intents.flatMap((i) => texts(i.slots).map((s) => s.slotTypeName)));
    // Assess
    for (const type of referenced) {
      expect(custom.has(type) || type.startsWith('AMAZON.'), type).toBe(true);
    }
    for (const type of custom) expect(referenced.has(type), type).toBe(true);
  });
});

describe('slot types', () => {
  it.each([
    [SLOT_TYPE.VmName, 'ORIGINAL_VALUE'],
    [SLOT_TYPE.HostName, 'ORIGINAL_VALUE'],
    [SLOT_TYPE.ApplianceName, 'TOP_RESOLUTION'],
    [SLOT_TYPE.AutoConverge, 'TOP_RESOLUTION'],
  ])('%s resolves with %s', (name, strategy) => {
    const type = slotTypes.find((t) => t.name === name);
    expect(type?.valueSelectionSetting?.resolutionStrategy).toBe(strategy);
  });

  it('list the VMs vm-1..vm-8, hosts host-a..host-f and the five appliances', () => {
    // Act
    const values = (name: string) =>
      (slotTypes.find((t) => t.name === name)?.slotTypeValues ?? []).map(
        (v) => v.sampleValue.value,
      );
    // Assess
    expect(values(SLOT_TYPE.VmName)).toEqual([
      'vm-1',
      'vm-2',
      'vm-3',
      'vm-4',
      'vm-5',
      'vm-6',
      'vm-7',
      'vm-8',
    ]);
    expect(values(SLOT_TYPE.HostName)).toEqual([
      'host-a',
      'host-b',
      'host-c',
      'host-d',
      'host-e',
      'host-f',
    ]);
    expect(values(SLOT_TYPE.ApplianceName)).toEqual([
      'web-server',
      'database',
      'cache',
      'game-server',
      'memory-muncher',
    ]);
    expect(values(SLOT_TYPE.AutoConverge)).toEqual(['auto-converge']);
  });

  it('never give one synonym to two values of a type', () => {
    for (const type of slotTypes) {
      const words = (type.slotTypeValues ?? []).flatMap((v) => [
        v.sampleValue.value.toLowerCase(),
        ...(v.synonyms ?? []).map((s) => s.value.toLowerCase()),
      ]);
      expect(new Set(words).size, type.name).toBe(words.length);
    }
  });

  it('resolve the synonyms the spec names', () => {
    // Prepare
    const resolves = (typeName: string, synonym: string) =>
      slotTypes
        .find((t) => t.name === typeName)
        ?.slotTypeValues?.find((v) => v.synonyms?.some((s) => s.value === synonym))?.sampleValue
        .value;
    // Assess
    expect(resolves(SLOT_TYPE.VmName, 'vm 3')).toBe('vm-3');
    expect(resolves(SLOT_TYPE.VmName, 'vm3')).toBe('vm-3');
    expect(resolves(SLOT_TYPE.HostName, 'host a')).toBe('host-a');
    expect(resolves(SLOT_TYPE.ApplianceName, 'postgres')).toBe('database');
    expect(resolves(SLOT_TYPE.ApplianceName, 'quake server')).toBe('game-server');
    expect(resolves(SLOT_TYPE.ApplianceName, 'memory hog')).toBe('memory-muncher');
    expect(resolves(SLOT_TYPE.AutoConverge, 'cpu throttling')).toBe('auto-converge');
  });
});

describe('confirmations', () => {
  it.each([
    [INTENT.MigrateVm, 'Live-migrate {VmName} to {TargetHost}?'],
    [INTENT.CreateVm, 'Create a {ApplianceName} VM?'],
    [INTENT.EvacuateHost, 'Evacuate {HostName} and put it in maintenance?'],
  ])(
    '%s asks "%s"; a no is answered by the Lambda, which names what it drops',
    (name, question) => {
      const setting = intentNamed(name).intentConfirmationSetting;
      expect(setting?.isActive).toBe(true);
      expect(
        setting?.promptSpecification?.messageGroupsList[0]?.message.plainTextMessage?.value,
      ).toBe(question);
      // No declination message of the definition's own: it would be said before the Lambda's.
      expect(setting?.declinationResponse).toBeUndefined();
      expect(setting?.declinationNextStep).toEqual(INVOKE);
    },
  );
});

describe('chains and hooks', () => {
  it('chains through a closing response only where Lex plays it: after a fulfillment without a Lambda', () => {
    // After a fulfillment Lambda's Close nothing documents a closing response (src/runtime/
    // README.md, "Chains"): the Lambda's own intents chain by naming the next intent instead.
    for (const intent of intents) {
      const lambda = intent.fulfillmentCodeHook?.enabled === true;
      const post = intent.fulfillmentCodeHook?.postFulfillmentStatusSpecification;
      if (!lambda) continue;
      expect(intent.intentClosingSetting, intent.name).toBeUndefined();
      expect(post?.successResponse, intent.name).toBeUndefined();
      expect(post?.successNextStep, intent.name).toBeUndefined();
    }
    // AboutBot says who it is, then goes on to HelpIntent: a chain in the closing response.
    const about = intentNamed(INTENT.AboutBot);
    expect(about.fulfillmentCodeHook?.enabled).toBe(false);
    expect(about.intentClosingSetting?.nextStep).toMatchObject({
      dialogAction: { type: 'StartIntent' },
      intent: { name: INTENT.HelpIntent },
    });
  });

  it('chain 1: MigrationReport has the optional yes/no slot the Lambda elicits to offer a report', () => {
    const follow = texts(intentNamed(INTENT.MigrationReport).slots).find(
      (s) => s.name === 'Follow',
    );
    expect(follow?.slotTypeName).toBe('AMAZON.Confirmation');
    expect(follow?.valueElicitationSetting.slotConstraint).toBe('Optional');
  });

  it('chains only into intents and slots that exist', () => {
    for (const intent of intents) {
      const next = intent.intentClosingSetting?.nextStep?.intent;
      if (!next?.name) continue;
      const target = intentNamed(next.name);
      const targetSlots = texts(target.slots).map((s) => s.name);
      for (const s of next.slots ?? [])
        expect(targetSlots, `${intent.name} -> ${next.name}`).toContain(s.slotName);
    }
  });

  it('MigrateVm waits for a new request after a failed fulfillment', () => {
    const post = intentNamed(INTENT.MigrateVm).fulfillmentCodeHook
      ?.postFulfillmentStatusSpecification;
    expect(post).toEqual({ failureNextStep: { dialogAction: { type: 'ElicitIntent' } } });
  });

  it('no intent labels its code hooks: the Lambda reads the conversation, not the step', () => {
    for (const intent of intents) {
      expect(intent.initialResponseSetting?.codeHook?.invocationLabel, intent.name).toBeUndefined();
    }
  });
});

describe('prompt helpers', () => {
  it('message() refuses more than two variations and repeated texts', () => {
    expect(() => message('a', 'b', 'c', 'd')).toThrow(RangeError);
    expect(() => message('Which VM?', 'which vm?')).toThrow(/repeats/);
  });

  it('prompt() accepts a group exactly when it has a variation for every retry', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 2 }),
        (retries, count) => {
          // Prepare
          const group = message('m', ...['v1', 'v2'].slice(0, count));
          // Act
          const build = () => prompt(retries, group);
          // Assess
          if (count >= retries)
            expect(build()).toMatchObject({
              maxRetries: retries,
              messageSelectionStrategy: 'Ordered',
            });
          else expect(build).toThrow(/would repeat/);
        },
      ),
    );
  });

  it('prompt() refuses an impossible retry count or no message group', () => {
    expect(() => prompt(6, message('a', 'b', 'c'))).toThrow(RangeError);
    expect(() => prompt(-1, message('a'))).toThrow(RangeError);
    expect(() => prompt(0)).toThrow(RangeError);
  });
});
