import fc from 'fast-check';
import { INTENT, SESSION_ATTRIBUTE, SLOT } from '../../../../bot-definition';
import { bindingOf, vouchedFor } from '../../../../src/intents/trust/confirmations';
import { trustedAttributes } from '../../../../src/intents/trust/sealed-session';
import { processSessionKey } from '../../../../src/intents/trust/session-key';
import { parseLexEvent, toLexRequest } from '../../../../src/lex';

/**
 * Arbitraries for hostile Lex events: the strings and keys an attacker or a broken client would
 * send, and events built from them. Maps are built with Object.fromEntries so that keys such as
 * `__proto__` are own data keys, exactly as JSON.parse leaves them in an event Lex delivers.
 */

/** The intents whose fulfillment changes the fleet. */
export const WRITE_INTENTS: ReadonlySet<string> = new Set([
  INTENT.MigrateVm,
  INTENT.CreateVm,
  INTENT.EvacuateHost,
]);

/**
 * A readable event that is a confirmed fulfillment of a fleet change, whose session carries the
 * bot's own record of asking for that very change (sealed with this process's key, unexpired at
 * `now`): the only kind that may write.
 */
export function isConfirmedFleetChange(raw: unknown, now: number): boolean {
  const parsed = parseLexEvent(raw);
  if (!parsed.ok) return false;
  const { invocationSource, sessionState, sessionId } = parsed.event;
  if (
    invocationSource !== 'FulfillmentCodeHook' ||
    sessionState.intent.confirmationState !== 'Confirmed' ||
    !WRITE_INTENTS.has(sessionState.intent.name)
  )
    return false;
  const attributes = trustedAttributes(
    sessionState.sessionAttributes,
    sessionId,
    processSessionKey(),
  );
  const req = toLexRequest({
    ...parsed.event,
    sessionState: { ...sessionState, sessionAttributes: attributes },
  });
  return bindingOf(req, now).kind === 'bound';
}

/**
 * The event as the bot would see it had it asked, in this session, to confirm exactly this
 * request (for events that cannot be read: unchanged).
 */
export function vouched(raw: unknown, now: number): unknown {
  const parsed = parseLexEvent(raw);
  return parsed.ok ? vouchedFor(parsed.event, processSessionKey(), now) : raw;
}

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const CONTROL = [...Array(32).keys(), 127, 0x85, 0x2028, 0x2029, 0x202e, 0x200b, 0xfeff].map((c) =>
  String.fromCharCode(c),
);

/** Names that mean something somewhere: fleet names, JavaScript internals, numbers. */
const MEANINGFUL = [
  'vm-3',
  'VM3',
  'vm 3',
  'VM-3',
  'virtual machine three',
  'vm-6',
  'vm-9',
  'vm-0',
  'host B',
  'b',
  'host-b',
  'host-a',
  'host-z',
  'bravo',
  'auto-converge',
  'web server',
  'database',
  'memory-muncher',
  '4',
  '0',
  '-1',
  '0.1',
  '1e309',
  '0x10',
  'NaN',
  'Infinity',
  '1024',
  '99999999999999999999',
  ...PROTOTYPE_KEYS,
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '',
  ' ',
  '\t\n',
  '😀',
  'vm-😀',
  '👨‍👩‍👧‍👦',
  'ｖｍ－３',
  'vm\u00003',
  '\u202evm-3',
  '<script>alert(1)</script>',
  '${process.exit()}',
  '"; DROP TABLE vmbot; --',
  '%s%s%n',
];

/** A string of `length` characters made by repeating `unit`. */
const repeated = (unit: string, length: number) =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...MEANINGFUL), weight: 4 },
  { arbitrary: fc.string(), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme' }), weight: 1 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...CONTROL), minLength: 1 }), weight: 1 },
  {
    // Up to 10 KB: large enough to break messages, small enough to stay under the 12 KB quota.
    arbitrary: fc
      .tuple(fc.constantFrom('a', 'vm-3 ', '😀', '\u0007', 'host ', '\n'), fc.nat({ max: 10_240 }))
      .map(([unit, length]) => repeated(unit, length)),
    weight: 1,
  },
);

const BOT_INTENTS = Object.values(INTENT);
export const intentName: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...BOT_INTENTS), weight: 6 },
  { arbitrary: fc.constantFrom('OrderPizza', 'AMAZON.FallbackIntent', 'migratevm'), weight: 1 },
  { arbitrary: nastyString, weight: 1 },
);

export const slotName: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...Object.values(SLOT)), weight: 6 },
  { arbitrary: nastyString, weight: 1 },
);

/** Anything at all, with prototype keys and a `polluted` marker that must never escape. */
export const anything: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 3,
  maxKeys: 5,
  key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'polluted'), fc.string()),
  values: [
    fc.constant({ polluted: 'yes' }),
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  ],
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
});

const slotValue = fc.record({
  originalValue: nastyString,
  interpreted: fc.option(nastyString, { nil: undefined }),
  resolved: fc.array(nastyString, { maxLength: 2 }),
});

/** A slot as Lex writes it, mostly Scalar, sometimes a List or empty. */
export const slot: fc.Arbitrary<unknown> = fc.oneof(
  {
    arbitrary: slotValue.map((v) => ({
      shape: 'Scalar',
      value: {
        originalValue: v.originalValue,
        ...(v.interpreted === undefined ? {} : { interpretedValue: v.interpreted }),
        resolvedValues: v.resolved,
      },
    })),
    weight: 8,
  },
  {
    arbitrary: fc.array(slotValue, { minLength: 1, maxLength: 2 }).map((vs) => ({
      shape: 'List',
      values: vs.map((v) => ({
        shape: 'Scalar',
        value: { originalValue: v.originalValue, resolvedValues: v.resolved },
      })),
    })),
    weight: 1,
  },
  { arbitrary: fc.constant(null), weight: 2 },
);

const entries = <V>(key: fc.Arbitrary<string>, value: fc.Arbitrary<V>, maxLength: number) =>
  fc.array(fc.tuple(key, value), { maxLength }).map((pairs) => Object.fromEntries(pairs));

const sessionAttributes = entries(
  fc.oneof(
    fc.constantFrom(...Object.values(SESSION_ATTRIBUTE), ...PROTOTYPE_KEYS, 'migrationInProgress'),
    nastyString,
  ),
  nastyString,
  4,
);

/** Slot values the fleet knows (or nearly), so that events get past validation and reach writes. */
const plausibleSlots = fc
  .record({
    VmName: fc.constantFrom('vm-3', 'vm 2', 'VM6', 'vm-9', 'vm-1'),
    TargetHost: fc.constantFrom('host-b', 'b', 'host-c', 'host F', 'host-a'),
    HostName: fc.constantFrom('host-a', 'f', 'host-z'),
    ApplianceName: fc.constantFrom('cache', 'web server', 'database', 'toaster'),
    VmNameForCreate: fc.option(fc.constantFrom('web-9', 'vm-2'), { nil: undefined }),
    MemoryGiB: fc.option(fc.constantFrom('4', '0.5', '2000', 'lots'), { nil: undefined }),
    AutoConverge: fc.option(fc.constant('auto-converge'), { nil: undefined }),
  })
  .map((v) => {
    const scalar = (value: string) => ({
      shape: 'Scalar',
      value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
    });
    const slots: Record<string, unknown> = {
      VmName: scalar(v.VmNameForCreate ?? v.VmName),
      TargetHost: scalar(v.TargetHost),
      HostName: scalar(v.HostName),
      ApplianceName: scalar(v.ApplianceName),
      MemoryGiB: v.MemoryGiB === undefined ? null : scalar(v.MemoryGiB),
      AutoConverge: v.AutoConverge === undefined ? null : scalar(v.AutoConverge),
    };
    return slots;
  });

export interface EventShape {
  event: Record<string, unknown>;
  intent: string;
  source: string;
  confirmationState: string;
}

/** Events in the Lex V2 shape whose contents are hostile: names, slots, labels, attributes. */
export const wellShapedEvent: fc.Arbitrary<EventShape> = fc
  .record({
    intent: intentName,
    slots: fc.oneof(entries(slotName, slot, 5), plausibleSlots),
    source: fc.constantFrom('DialogCodeHook', 'FulfillmentCodeHook'),
    confirmationState: fc.constantFrom('None', 'Confirmed', 'Denied'),
    state: fc.constantFrom('InProgress', 'ReadyForFulfillment', 'Fulfilled', 'Failed'),
    label: fc.option(fc.oneof(fc.constant('offer-report'), nastyString), {
      nil: undefined,
    }),
    sessionAttributes,
    requestAttributes: fc.option(sessionAttributes, { nil: null }),
    sessionId: fc.oneof(fc.constant('475183931217345'), nastyString),
    originatingRequestId: fc.option(nastyString, { nil: undefined }),
    inputTranscript: nastyString,
  })
  .map((e) => {
    const intent = {
      name: e.intent,
      slots: e.slots,
      state: e.state,
      confirmationState: e.confirmationState,
    };
    const event: Record<string, unknown> = {
      messageVersion: '1.0',
      invocationSource: e.source,
      inputMode: 'Text',
      responseContentType: 'text/plain; charset=utf-8',
      sessionId: e.sessionId,
      inputTranscript: e.inputTranscript,
      ...(e.label === undefined ? {} : { invocationLabel: e.label }),
      bot: {
        id: 'VMBOTLOCAL',
        name: 'vmbot',
        aliasId: 'TSTALIASID',
        aliasName: 'TestBotAlias',
        localeId: 'en_US',
        version: 'DRAFT',
      },
      interpretations: [{ intent, nluConfidence: 0.9, interpretationSource: 'Lex' }],
      sessionState: {
        sessionAttributes: e.sessionAttributes,
        activeContexts: [],
        intent,
        ...(e.originatingRequestId === undefined
          ? {}
          : { originatingRequestId: e.originatingRequestId }),
      },
      requestAttributes: e.requestAttributes,
    };
    return { event, intent: e.intent, source: e.source, confirmationState: e.confirmationState };
  });

/**
 * A change somewhere in an object: `path` picks a child at each level (modulo the number of
 * keys), then the value there is deleted or replaced. Works on a deep copy.
 */
export interface Mutation {
  path: number[];
  op: 'delete' | 'replace';
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  op: fc.constantFrom('delete', 'replace'),
  value: anything,
});

export function mutate(event: Record<string, unknown>, mutations: readonly Mutation[]): unknown {
  const root = structuredClone(event);
  for (const m of mutations) {
    let node: Record<string, unknown> = root;
    let target: { parent: Record<string, unknown>; key: string } | undefined;
    for (const [i, step] of m.path.entries()) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = keys[step % keys.length]!;
      target = { parent: node, key };
      const child = node[key];
      if (i === m.path.length - 1 || !isPlainContainer(child)) break;
      node = child as Record<string, unknown>;
    }
    if (!target) continue;
    if (m.op === 'delete') delete target.parent[target.key];
    else
      Object.defineProperty(target.parent, target.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return root;
}

/** JSON-like containers only: the event's own objects and arrays, not values put in by a mutation. */
function isPlainContainer(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}
