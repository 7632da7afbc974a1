import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { handler as LambdaHandler } from '../../../lambda/handler';
import { checkoutSessionKeyFile } from '../../../src/cli/backend/checkout-secrets';
import { sessionKeySource } from '../../../lambda/session-key';
import { vouchedFor } from '../../../src/intents/trust/confirmations';
import type { LexEvent } from '../../../src/lex';
import { seededBot, snapshot, turnOf, type Bot } from './support/bot';

/**
 * lambda/handler.ts as Lambda runs it, configured from the environment (TABLE_NAME,
 * AWS_ENDPOINT_URL_DYNAMODB) and pointed at a seeded table in DynamoDB Local, answering every
 * sample event of lambda/events/ in turn (one fleet, in file order, as `vmbot invoke` would).
 */
const EVENTS = fileURLToPath(new URL('../../../lambda/events/', import.meta.url));

const EXPECTED: Record<string, [action: string, state?: string]> = {
  'CreateVm-dialog': ['ConfirmIntent'],
  'CreateVm-fulfillment': ['Close', 'Fulfilled'],
  'EvacuateHost-dialog': ['ConfirmIntent'],
  'EvacuateHost-fulfillment': ['Close', 'Fulfilled'],
  'FallbackIntent-dialog': ['ElicitIntent'],
  'FallbackIntent-fulfillment': ['ElicitIntent'],
  'HelpIntent-dialog': ['Delegate'],
  'ListHosts-dialog': ['ElicitSlot'],
  'ListHosts-fulfillment': ['Close', 'Fulfilled'],
  'MigrateVm-dialog-denied': ['Close', 'Failed'],
  'MigrateVm-dialog-missing-host': ['ElicitSlot'],
  'MigrateVm-dialog': ['ConfirmIntent'],
  'MigrateVm-fulfillment-auto-converge': ['ElicitSlot', 'InProgress'],
  'MigrateVm-fulfillment': ['ElicitSlot', 'InProgress'],
  'MigrationReport-dialog': ['Delegate'],
  'MigrationReport-fulfillment': ['Close', 'Fulfilled'],
  'MigrationReport-follow': ['Close', 'Fulfilled'],
  'RecommendHost-dialog': ['Delegate'],
  'RecommendHost-fulfillment': ['ConfirmIntent'],
  'UnsupportedRequest-dialog': ['Close', 'Failed'],
  'WhereIsVm-dialog': ['ElicitSlot'],
  'WhereIsVm-fulfillment': ['Close', 'Fulfilled'],
};

const samples = readdirSync(EVENTS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

let bot: Bot;
let handler: typeof LambdaHandler;
const key = () => sessionKeySource()!();

beforeAll(async () => {
  bot = await seededBot();
  vi.stubEnv('TABLE_NAME', bot.table.tableName);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', bot.table.endpoint);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('VMBOT_SESSION_KEY_FILE', checkoutSessionKeyFile());
  ({ handler } = await import('../../../lambda/handler'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bot.table.drop();
});

describe('lambda/handler.ts on the sample events', () => {
  it('has an expectation for every sample', () => {
    expect(samples).toEqual(Object.keys(EXPECTED).sort());
  });

  // As `vmbot invoke` runs them (first, on the fleet as seeded): the session as sent, which
  // the bot did not sign.
  it.each(samples.filter((s) => /^(MigrateVm|CreateVm|EvacuateHost)-fulfillment/.test(s)))(
    '%s as sent asks for the confirmation again and changes nothing',
    async (name) => {
      const before = await snapshot(bot);
      const event: unknown = JSON.parse(readFileSync(`${EVENTS}${name}.json`, 'utf8'));

      const t = turnOf(await handler(event));

      expect(t.action, t.text).toBe('ConfirmIntent');
      expect(t.text).toMatch(/^Before I change anything, I need your yes to this:/);
      expect(await snapshot(bot)).toEqual(before);
    },
  );

  // As `vmbot invoke --trusted` runs them: each sample's session vouched for as the bot's own.
  it.each(samples)('%s', async (name) => {
    const event = JSON.parse(readFileSync(`${EVENTS}${name}.json`, 'utf8')) as LexEvent;

    const t = turnOf(await handler(vouchedFor(event, await key(), Date.now())));

    const [action, state] = EXPECTED[name]!;
    expect(t.action, t.text).toBe(action);
    if (state) expect(t.intentState, t.text).toBe(state);
    expect(t.text).not.toMatch(/Something went wrong|isn't answering/);
  });
});
