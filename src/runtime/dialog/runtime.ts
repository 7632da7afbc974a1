import { randomUUID } from 'node:crypto';
import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import type {
  DeleteSessionOutput,
  GetSessionOutput,
  IntentState,
  PutSessionInput,
  PutSessionOutput,
  RecognizeTextInput,
  RecognizeTextOutput,
  SessionKey,
  SessionState,
} from '../api/types';
import type { BotDefinition } from '../bot/definition';
import { compileBotModel } from '../bot/model';
import type { BotModel } from '../bot/model';
import { compileNlu } from '../nlu/recognizer';
import type { Nlu } from '../nlu/recognizer';
import { dialogBehaviour } from './behaviour';
import type { ConfirmationSwitching, DialogBehaviour, InterpretationOrder } from './behaviour';
import { fromApi, isLive, toApi } from './contexts';
import { notFound, validationError } from './errors';
import {
  checkClientStateSize,
  checkDepth,
  checkPutMessages,
  RUNTIME_LIMITS,
  tooManySessions,
} from './limits';
import type { LambdaFunction } from './lambda';
import { newSession, SessionStore } from './sessions';
import type { Session } from './sessions';
import { DialogTurn } from './turn';
import type { DialogDeps } from './turn';
import {
  checkId,
  checkLocaleId,
  checkSessionId,
  checkSessionState,
  checkStringMap,
  checkText,
} from './validation';

export const DEFAULT_BOT_ID = 'VMBOTLOCAL';
export const DEFAULT_BOT_ALIAS_ID = 'TSTALIASID';
export const DEFAULT_BOT_ALIAS_NAME = 'TestBotAlias';
export const DEFAULT_LAMBDA_TIMEOUT_MS = 30_000;

export interface LexRuntimeOptions {
  /** The bot: name, idle session TTL and the locale (CloudFormation L1 shapes). */
  readonly bot: BotDefinition;
  /** Replaces `bot.locale` (a variant of the same bot). */
  readonly locale?: CfnBot.BotLocaleProperty;
  /** Default `VMBOTLOCAL`: 10 characters [0-9a-zA-Z], as Lex bot ids. */
  readonly botId?: string;
  /** Default `TSTALIASID`, the test alias of every Lex bot. */
  readonly botAliasId?: string;
  /** Default `TestBotAlias`. */
  readonly botAliasName?: string;
  /** Default `DRAFT`. */
  readonly botVersion?: string;
  /** The alias's Lambda, called with Lex V2 events exactly as Lex calls it. */
  readonly invokeLambda: LambdaFunction;
  /** Milliseconds since the epoch; injected for idle-TTL and context tests. */
  readonly clock?: () => number;
  /** In [0, 1): picks message variations (Random strategy). */
  readonly random?: () => number;
  /** Lex waits 30 s for a code hook. */
  readonly lambdaTimeoutMs?: number;
  /** The originatingRequestId of each turn. */
  readonly requestId?: () => string;
  /** Sessions held at once (default RUNTIME_LIMITS.maxSessions). */
  readonly maxSessions?: number;
  /**
   * The order of interpretations (default `score`, or VMBOT_INTERPRETATION_ORDER): see
   * InterpretationOrder.
   */
  readonly interpretationOrder?: InterpretationOrder;
  /**
   * Another intent's utterance at a confirmation (default `lex`, or
   * VMBOT_CONFIRMATION_SWITCHING): see ConfirmationSwitching.
   */
  readonly confirmationSwitching?: ConfirmationSwitching;
}

/** Identifies the session of a call; bot, alias and locale default to the runtime's own. */
export interface SessionRef {
  readonly botId?: string;
  readonly botAliasId?: string;
  readonly localeId?: string;
  readonly sessionId: string;
}

export interface LexRuntime {
  readonly botId: string;
  /** How this runtime plays Lex where it can be played more than one way. */
  readonly behaviour: DialogBehaviour;
  readonly botAliasId: string;
  readonly localeId: string;
  readonly model: BotModel;
  readonly nlu: Nlu;
  recognizeText(request: SessionRef & RecognizeTextInput): Promise<RecognizeTextOutput>;
  putSession(request: SessionRef & PutSessionInput): Promise<PutSessionOutput>;
  getSession(request: SessionRef): Promise<GetSessionOutput>;
  deleteSession(request: SessionRef): Promise<DeleteSessionOutput>;
}

const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

/**
 * A local Lex V2 runtime for one bot locale: the NLU and dialog manager behind the four session
 * operations of the Lex Runtime V2 API, calling `invokeLambda` as Lex calls the alias Lambda.
 */
export function createLexRuntime(options: LexRuntimeOptions): LexRuntime {
  const model = compileBotModel(options.bot, options.locale);
  const nlu = compileNlu(model);
  const botId = checkId('botId', options.botId ?? DEFAULT_BOT_ID);
  const botAliasId = checkId('botAliasId', options.botAliasId ?? DEFAULT_BOT_ALIAS_ID);
  const clock = options.clock ?? Date.now;
  const requestId = options.requestId ?? randomUUID;
  const store = new SessionStore(
    model.idleSessionTtlInSeconds * 1000,
    clock,
    options.maxSessions ?? RUNTIME_LIMITS.maxSessions,
  );
  const deps: DialogDeps = {
    model,
    nlu,
    invokeLambda: options.invokeLambda,
    clock,
    random: options.random ?? Math.random,
    lambdaTimeoutMs: options.lambdaTimeoutMs ?? DEFAULT_LAMBDA_TIMEOUT_MS,
    bot: {
      id: botId,
      name: model.name,
      aliasId: botAliasId,
      aliasName: options.botAliasName ?? DEFAULT_BOT_ALIAS_NAME,
      localeId: model.localeId,
      version: options.botVersion ?? 'DRAFT',
    },
    slotNames: Object.fromEntries(model.intents.map((i) => [i.name, i.slots.map((s) => s.name)])),
    behaviour: dialogBehaviour({
      ...(options.interpretationOrder ? { interpretationOrder: options.interpretationOrder } : {}),
      ...(options.confirmationSwitching
        ? { confirmationSwitching: options.confirmationSwitching }
        : {}),
    }),
  };

  /** Validates the path parameters, then checks they name this bot, alias and locale. */
  function keyOf(ref: SessionRef): SessionKey {
    const key = {
      botId: checkId('botId', ref.botId ?? botId),
      botAliasId: checkId('botAliasId', ref.botAliasId ?? botAliasId),
      localeId: checkLocaleId(ref.localeId ?? model.localeId),
      sessionId: checkSessionId(ref.sessionId),
    };
    if (key.botId !== botId) throw notFound(`Bot ${key.botId} does not exist`);
    if (key.botAliasId !== botAliasId) {
      throw notFound(`Bot alias ${key.botAliasId} does not exist for bot ${botId}`);
    }
    if (key.localeId !== model.localeId) {
      throw notFound(`Locale ${key.localeId} is not enabled for bot alias ${botAliasId}`);
    }
    return key;
  }

  /**
   * What every request that changes a session checks first, before any work: bounded input that
   * the Lambda could carry, and room for the session. A refused request changes nothing.
   */
  function admit(
    key: SessionKey,
    request: { sessionState?: unknown; requestAttributes?: unknown; messages?: unknown },
  ): void {
    checkDepth('sessionState', request.sessionState);
    checkDepth('requestAttributes', request.requestAttributes);
    checkDepth('messages', request.messages);
    checkClientStateSize(request.sessionState, request.requestAttributes);
    if (!store.admits(key)) throw tooManySessions();
  }

  function checkIntentName(state: SessionState | undefined): void {
    const name = state?.intent?.name;
    if (name !== undefined && !model.intent(name)) {
      throw validationError(
        `Invalid sessionState: intent ${name} does not exist in bot ${model.name}`,
      );
    }
  }

  /** A working copy: a failed turn (DependencyFailedException) leaves the stored session as it was. */
  function load(key: SessionKey): Session {
    const stored = store.get(key);
    const session = stored ? structuredClone(stored) : newSession(key, clock());
    const now = clock();
    session.activeContexts = session.activeContexts.filter((c) => isLive(c, now));
    return session;
  }

  /** Client-provided state: attributes replace (omitted keeps them, `{}` clears them). */
  function applyClientState(session: Session, state: SessionState | undefined): void {
    if (!state) return;
    if (state.sessionAttributes !== undefined) {
      session.sessionAttributes = { ...state.sessionAttributes };
    }
    if (state.activeContexts !== undefined) {
      session.activeContexts = state.activeContexts.map((c) => fromApi(c, clock()));
    }
    if (state.intent !== undefined) {
      const intentModel = model.intent(state.intent.name);
      const slots: IntentState['slots'] = {};
      for (const slot of intentModel?.slots ?? []) {
        slots[slot.name] = state.intent.slots?.[slot.name] ?? null;
      }
      session.intent = {
        name: state.intent.name,
        slots,
        state: state.intent.state ?? 'InProgress',
        confirmationState: state.intent.confirmationState ?? 'None',
      };
    }
    if (state.dialogAction !== undefined) {
      session.dialogAction = { ...state.dialogAction };
      session.attempt = 0;
    }
  }

  function sessionStateOf(session: Session): SessionState {
    const now = clock();
    return {
      ...(session.dialogAction ? { dialogAction: structuredClone(session.dialogAction) } : {}),
      ...(session.intent ? { intent: structuredClone(session.intent) } : {}),
      sessionAttributes: { ...session.sessionAttributes },
      activeContexts: session.activeContexts
        .filter((c) => isLive(c, now))
        .map((c) => toApi(c, now)),
      ...(session.originatingRequestId
        ? { originatingRequestId: session.originatingRequestId }
        : {}),
    };
  }

  /** Contexts live for a number of turns: this turn used the ones active when it started. */
  function ageContexts(session: Session, before: ReadonlySet<unknown>): void {
    for (const context of session.activeContexts) {
      if (before.has(context)) context.turnsLeft -= 1;
    }
    const now = clock();
    session.activeContexts = session.activeContexts.filter((c) => isLive(c, now));
  }

  return {
    botId,
    botAliasId,
    behaviour: deps.behaviour,
    localeId: model.localeId,
    model,
    nlu,

    async recognizeText(request) {
      const key = keyOf(request);
      const text = checkText(request.text);
      admit(key, request);
      const state =
        request.sessionState === undefined ? undefined : checkSessionState(request.sessionState);
      const requestAttributes = checkStringMap('requestAttributes', request.requestAttributes);
      checkIntentName(state);
      return store.serialise(key, async () => {
        const session = load(key);
        applyClientState(session, state);
        const before = new Set<unknown>(session.activeContexts);
        session.originatingRequestId = requestId();
        const turn = new DialogTurn(deps, session, { text, requestAttributes });
        await turn.userInput();
        ageContexts(session, before);
        session.messages = turn.messages;
        session.interpretations = turn.interpretations();
        store.put(session);
        const attributes = turn.responseRequestAttributes ?? requestAttributes;
        return {
          ...(turn.messages.length > 0 ? { messages: structuredClone(turn.messages) } : {}),
          sessionState: sessionStateOf(session),
          interpretations: structuredClone(session.interpretations),
          ...(attributes ? { requestAttributes: { ...attributes } } : {}),
          sessionId: key.sessionId,
        };
      });
    },

    async putSession(request) {
      const key = keyOf(request);
      admit(key, request);
      const state = checkSessionState(request.sessionState);
      const requestAttributes = checkStringMap('requestAttributes', request.requestAttributes);
      checkIntentName(state);
      const given = checkPutMessages(request.messages);
      return store.serialise(key, async () => {
        const session = load(key);
        applyClientState(session, state);
        session.originatingRequestId = requestId();
        const turn = new DialogTurn(deps, session, { text: '', requestAttributes });
        if (given) turn.messages.push(...given);
        await turn.putState(state.dialogAction, given !== undefined && given.length > 0);
        session.messages = turn.messages;
        session.interpretations = [];
        store.put(session);
        const attributes = turn.responseRequestAttributes ?? requestAttributes;
        return {
          contentType: request.responseContentType ?? TEXT_CONTENT_TYPE,
          ...(turn.messages.length > 0 ? { messages: structuredClone(turn.messages) } : {}),
          sessionState: sessionStateOf(session),
          ...(attributes ? { requestAttributes: { ...attributes } } : {}),
          sessionId: key.sessionId,
        };
      });
    },

    async getSession(request) {
      const key = keyOf(request);
      const session = store.get(key);
      if (!session) throw notFound(`Session ${key.sessionId} does not exist`);
      return {
        sessionId: key.sessionId,
        ...(session.messages.length > 0 ? { messages: structuredClone(session.messages) } : {}),
        interpretations: structuredClone(session.interpretations),
        sessionState: sessionStateOf(session),
      };
    },

    async deleteSession(request) {
      const key = keyOf(request);
      return store.serialise(key, async () => {
        if (!store.delete(key)) throw notFound(`Session ${key.sessionId} does not exist`);
        return { ...key };
      });
    },
  };
}
