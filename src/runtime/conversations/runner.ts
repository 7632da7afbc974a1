import { randomUUID } from 'node:crypto';
import { RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import type {
  LexRuntimeV2Client,
  RecognizeTextCommandOutput,
} from '@aws-sdk/client-lex-runtime-v2';
import type { Conversation, ConversationGroup, ConversationStep } from './schema';

export interface RunConversationsOptions {
  /** Any Lex Runtime V2 client: the local server or a deployed bot. */
  readonly client: LexRuntimeV2Client;
  readonly botId: string;
  readonly botAliasId: string;
  readonly localeId: string;
  readonly conversations: readonly (Conversation & { file?: string })[];
  /** Only these groups. */
  readonly groups?: readonly ConversationGroup[];
  /** Conversations run at once. Default 1: Lex allows 2 concurrent conversations on TestBotAlias. */
  readonly concurrency?: number;
  /** Session ids are `<prefix>-<n>-<random>`. */
  readonly sessionIdPrefix?: string;
  /** Runs before each conversation, e.g. to give it a fresh fleet (with concurrency 1). */
  readonly beforeEach?: (conversation: Conversation) => Promise<void>;
}

export interface Mismatch {
  readonly field: string;
  readonly expected: string;
  readonly actual: string;
}

/** What the bot answered, in the terms of the expectations. */
export interface Observed {
  readonly messages: string[];
  readonly intent: string | undefined;
  readonly dialogAction: string | undefined;
  readonly slotToElicit: string | undefined;
  readonly state: string | undefined;
  readonly confirmationState: string | undefined;
  readonly slots: Record<string, string | null>;
  readonly sessionAttributes: Record<string, string>;
}

export interface StepResult {
  readonly index: number;
  readonly user: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly mismatches: readonly Mismatch[];
  readonly observed?: Observed;
  /** A request that failed (DependencyFailedException, ...). */
  readonly error?: string;
}

export interface ConversationResult {
  readonly name: string;
  readonly group: ConversationGroup;
  readonly file?: string;
  /** The runtime's undocumented choices it relies on (see the schema). */
  readonly undocumented?: readonly number[];
  readonly sessionId: string;
  readonly passed: boolean;
  readonly steps: readonly StepResult[];
}

export interface ConversationReport {
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly ConversationResult[];
}

function observe(response: RecognizeTextCommandOutput): Observed {
  const state = response.sessionState;
  const slots: Record<string, string | null> = {};
  for (const [name, slot] of Object.entries(state?.intent?.slots ?? {})) {
    slots[name] = slot?.value?.interpretedValue ?? null;
  }
  return {
    messages: (response.messages ?? []).map((m) => m.content ?? m.imageResponseCard?.title ?? ''),
    intent: state?.intent?.name,
    dialogAction: state?.dialogAction?.type,
    slotToElicit: state?.dialogAction?.slotToElicit,
    state: state?.intent?.state,
    confirmationState: state?.intent?.confirmationState,
    slots,
    sessionAttributes: { ...(state?.sessionAttributes ?? {}) },
  };
}

const show = (value: string | null | undefined) =>
  value === undefined ? '(none)' : value === null ? 'null' : JSON.stringify(value);

function compare(step: ConversationStep, observed: Observed): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const check = (field: string, expected: string | undefined, actual: string | undefined) => {
    if (expected !== undefined && expected !== actual) {
      mismatches.push({ field, expected: show(expected), actual: show(actual) });
    }
  };
  if (step.bot !== undefined) {
    if (typeof step.bot === 'string') {
      const all = observed.messages.join('\n');
      if (!new RegExp(step.bot, 's').test(all)) {
        mismatches.push({ field: 'bot', expected: `/${step.bot}/`, actual: show(all) });
      }
    } else {
      if (step.bot.length !== observed.messages.length) {
        mismatches.push({
          field: 'bot',
          expected: `${step.bot.length} messages`,
          actual: `${observed.messages.length}: ${observed.messages.map((m) => show(m)).join(' | ')}`,
        });
      }
      step.bot.forEach((pattern, i) => {
        const message = observed.messages[i];
        if (message === undefined || !new RegExp(pattern, 's').test(message)) {
          mismatches.push({ field: `bot[${i}]`, expected: `/${pattern}/`, actual: show(message) });
        }
      });
    }
  }
  check('intent', step.intent, observed.intent);
  check('dialogAction', step.dialogAction, observed.dialogAction);
  check('slotToElicit', step.slotToElicit, observed.slotToElicit);
  check('state', step.state, observed.state);
  check('confirmationState', step.confirmationState, observed.confirmationState);
  for (const [name, expected] of Object.entries(step.slots ?? {})) {
    const actual = observed.slots[name] ?? null;
    if (expected !== actual) {
      mismatches.push({ field: `slots.${name}`, expected: show(expected), actual: show(actual) });
    }
  }
  for (const [name, expected] of Object.entries(step.sessionAttributes ?? {})) {
    const actual = observed.sessionAttributes[name] ?? null;
    if (expected !== actual) {
      mismatches.push({
        field: `sessionAttributes.${name}`,
        expected: show(expected),
        actual: show(actual),
      });
    }
  }
  return mismatches;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function runOne(
  options: RunConversationsOptions,
  conversation: Conversation & { file?: string },
  sessionId: string,
): Promise<ConversationResult> {
  const ids = { botId: options.botId, botAliasId: options.botAliasId, localeId: options.localeId };
  const steps: StepResult[] = [];
  let failed = false;
  for (const [index, step] of conversation.steps.entries()) {
    if (failed) {
      steps.push({ index, user: step.user, status: 'skipped', mismatches: [] });
      continue;
    }
    try {
      // Time passing between turns, e.g. for a migration to finish.
      if (step.pauseMs) await new Promise((r) => setTimeout(r, step.pauseMs));
      const attributes = index === 0 ? conversation.sessionAttributes : undefined;
      const response = await options.client.send(
        new RecognizeTextCommand({
          ...ids,
          sessionId,
          text: step.user,
          ...(attributes ? { sessionState: { sessionAttributes: attributes } } : {}),
        }),
      );
      const observed = observe(response);
      const mismatches = compare(step, observed);
      failed = mismatches.length > 0;
      steps.push({
        index,
        user: step.user,
        status: failed ? 'failed' : 'passed',
        mismatches,
        observed,
      });
    } catch (error) {
      failed = true;
      steps.push({
        index,
        user: step.user,
        status: 'failed',
        mismatches: [],
        error: errorText(error),
      });
    }
  }
  return {
    name: conversation.name,
    group: conversation.group,
    ...(conversation.file ? { file: conversation.file } : {}),
    ...(conversation.undocumented ? { undocumented: conversation.undocumented } : {}),
    sessionId,
    passed: !failed,
    steps,
  };
}

/**
 * Runs conversation tests against a bot through the Lex Runtime V2 API, each in a fresh session,
 * and reports every step: passed, failed (with what differs), or skipped after a failure.
 */
export async function runConversations(
  options: RunConversationsOptions,
): Promise<ConversationReport> {
  const selected = options.conversations.filter(
    (c) => !options.groups || options.groups.includes(c.group),
  );
  const prefix = options.sessionIdPrefix ?? 'conv';
  const run = randomUUID().slice(0, 8);
  const results: ConversationResult[] = new Array(selected.length);
  let next = 0;
  const worker = async () => {
    while (next < selected.length) {
      const i = next;
      next += 1;
      const conversation = selected[i];
      if (conversation) {
        await options.beforeEach?.(conversation);
        results[i] = await runOne(options, conversation, `${prefix}-${i + 1}-${run}`);
      }
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 1, selected.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  const passed = results.filter((r) => r.passed).length;
  return { passed, failed: results.length - passed, results };
}

/** A readable report: one line a conversation, and for a failure, the step and what differs. */
export function formatReport(report: ConversationReport): string {
  const lines: string[] = [];
  for (const result of report.results) {
    lines.push(`${result.passed ? '✓' : '✗'} ${result.group} / ${result.name}`);
    if (result.passed) continue;
    if (result.undocumented)
      lines.push(
        `    relies on the runtime's undocumented choice ${result.undocumented.join(', ')} (src/runtime/README.md)`,
      );
    for (const step of result.steps) {
      if (step.status !== 'failed') continue;
      lines.push(`    step ${step.index + 1}: user ${JSON.stringify(step.user)}`);
      if (step.error) lines.push(`      error: ${step.error}`);
      for (const m of step.mismatches) {
        // "got" right-aligned under "expected", so the two values line up.
        lines.push(`      ${m.field}: expected ${m.expected}`);
        lines.push(`      ${' '.repeat(m.field.length + 7)}got ${m.actual}`);
      }
    }
    const skipped = result.steps.filter((s) => s.status === 'skipped').length;
    if (skipped > 0) lines.push(`    (${skipped} later step${skipped === 1 ? '' : 's'} skipped)`);
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  const byChoice = new Map<number, number>();
  for (const r of report.results)
    if (!r.passed)
      for (const c of r.undocumented ?? []) byChoice.set(c, (byChoice.get(c) ?? 0) + 1);
  if (byChoice.size > 0)
    lines.push(
      `failures by undocumented choice: ${[...byChoice]
        .sort(([a], [b]) => a - b)
        .map(([c, n]) => `${c} (${n})`)
        .join(', ')}`,
    );
  return lines.join('\n');
}
