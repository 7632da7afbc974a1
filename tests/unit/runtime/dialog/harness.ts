import { createLexRuntime, DEFAULT_BEHAVIOUR } from '../../../../src/runtime';
import type {
  BotDefinition,
  LexRuntimeOptions,
  RecognizeTextInput,
  RecognizeTextOutput,
} from '../../../../src/runtime';
import { dialogBot } from '../fixtures/dialog-bot';
import { fakeLambda } from '../fixtures/fake-lambda';
import type { Reply } from '../fixtures/fake-lambda';

export const START = Date.UTC(2026, 0, 1);

/**
 * A runtime on a fixture bot with a recording fake Lambda and a hand-driven clock, with the
 * default behaviour unless the test says otherwise.
 */
export function harness(
  options: {
    bot?: BotDefinition;
    reply?: Reply;
    timeoutMs?: number;
    behaviour?: Pick<LexRuntimeOptions, 'interpretationOrder' | 'confirmationSwitching'>;
  } = {},
) {
  const lambda = fakeLambda(options.reply);
  let now = START;
  const runtime = createLexRuntime({
    bot: options.bot ?? dialogBot(),
    invokeLambda: lambda.fn,
    clock: () => now,
    random: () => 0,
    requestId: () => 'request-1',
    ...(options.timeoutMs === undefined ? {} : { lambdaTimeoutMs: options.timeoutMs }),
    // Pinned, so that a run with VMBOT_INTERPRETATION_ORDER or VMBOT_CONFIRMATION_SWITCHING set
    // (for the conversation tests) does not change what these tests check.
    ...DEFAULT_BEHAVIOUR,
    ...options.behaviour,
  });
  const say = (text: string, extra: Partial<RecognizeTextInput> = {}, sessionId = 'session-1') =>
    runtime.recognizeText({ sessionId, text, ...extra });
  return {
    runtime,
    lambda,
    say,
    advance(ms: number) {
      now += ms;
    },
  };
}

export const contents = (r: { messages?: { content?: string }[] }) =>
  (r.messages ?? []).map((m) => m.content);

/** The interpreted values of the session's intent, for compact assertions. */
export const slotValues = (r: RecognizeTextOutput) =>
  Object.fromEntries(
    Object.entries(r.sessionState.intent?.slots ?? {}).map(([k, v]) => [
      k,
      v?.value?.interpretedValue ?? null,
    ]),
  );

export const summary = (r: RecognizeTextOutput) => ({
  action: r.sessionState.dialogAction?.type,
  slot: r.sessionState.dialogAction?.slotToElicit,
  intent: r.sessionState.intent?.name,
  state: r.sessionState.intent?.state,
  confirmation: r.sessionState.intent?.confirmationState,
});
