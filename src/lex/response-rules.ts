import { base64Length, errorText, safeJson, utf8Bytes } from './json-size';
import { describeValue, formatPath, orList } from './problem-text';
import {
  CLOSE_INTENT_STATES,
  CONFIRMATION_STATES,
  DIALOG_ACTION_TYPES,
  INTENT_STATES,
  LEX_LIMITS,
  MESSAGE_CONTENT_TYPES,
  SLOT_ELICITATION_STYLES,
  SLOT_SHAPES,
} from './types';

/**
 * Every rule of the Lex V2 Lambda response format, as a list of problems (empty = valid).
 *
 * Sources: the response format and quotas of the Lex V2 developer guide (see
 * shared/reference/lex-v2.md §1 and §7) and the field limits of the Lex Runtime V2 service
 * model (names, lengths, list sizes, ranges). One rule is ours and stricter than Lex: fields
 * that are not part of the format are reported (they are typos, and Lex would ignore them).
 *
 * Each problem is one sentence naming the rule it broke, prefixed with the field where it
 * helps: `messages[1].content: message content must be 1 to 1024 characters, got 0`.
 * Never throws.
 */
export interface ResponseRuleContext {
  /**
   * The bot's intents with their slot names. When given, intent names must be intents of the
   * bot, slot keys slots of that intent, and slotToElicit a slot of that intent.
   */
  slotNames?: Readonly<Record<string, readonly string[]>>;
}

export function lexResponseProblems(
  response: unknown,
  context: ResponseRuleContext = {},
): string[] {
  const problems: string[] = [];
  try {
    checkResponse(response, context, problems);
  } catch (error) {
    problems.push(`response could not be checked: ${errorText(error)}`);
  }
  return problems;
}

/** Names and patterns from the Runtime V2 model. */
const ACTIVE_CONTEXT_NAME = /^([A-Za-z0-9]_?)+$/;

const RESPONSE_FIELDS = ['sessionState', 'messages', 'requestAttributes'];
// originatingRequestId and runtimeHints belong to the runtime SessionState: echoing them is fine.
const SESSION_STATE_FIELDS = [
  'dialogAction',
  'intent',
  'sessionAttributes',
  'activeContexts',
  'originatingRequestId',
  'runtimeHints',
];
const DIALOG_ACTION_FIELDS = ['type', 'slotToElicit', 'slotElicitationStyle', 'subSlotToElicit'];
const INTENT_FIELDS = ['name', 'slots', 'state', 'confirmationState'];
const SLOT_FIELDS = ['shape', 'value', 'values', 'subSlots'];
const SLOT_VALUE_FIELDS = ['originalValue', 'interpretedValue', 'resolvedValues'];
const MESSAGE_FIELDS = ['contentType', 'content', 'imageResponseCard'];
const CARD_FIELDS = ['title', 'subtitle', 'imageUrl', 'buttons'];
const BUTTON_FIELDS = ['text', 'value'];
const CONTEXT_FIELDS = ['name', 'contextAttributes', 'timeToLive'];
const TTL_FIELDS = ['timeToLiveInSeconds', 'turnsToLive'];
const SUB_SLOT_FIELDS = ['name', 'subSlotToElicit'];

type Path = readonly (string | number)[];
type Obj = Record<string, unknown>;

class Problems {
  constructor(readonly list: string[]) {}

  add(path: Path, rule: string): void {
    const field = formatPath(path);
    this.list.push(field ? `${field}: ${rule}` : rule);
  }

  /** A rule stated as a whole sentence, not tied to one field. */
  rule(sentence: string): void {
    this.list.push(sentence);
  }

  unknownFields(value: Obj, path: Path, allowed: readonly string[], what: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.add([...path, key], `not a field of ${what} (allowed: ${allowed.join(', ')})`);
      }
    }
  }
}

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function has(value: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key) && value[key] !== undefined;
}

function checkResponse(response: unknown, context: ResponseRuleContext, out: string[]): void {
  const p = new Problems(out);
  if (!isObject(response)) {
    p.rule(`the response must be a JSON object, got ${describeValue(response)}`);
    return;
  }
  checkSize(response, p);
  p.unknownFields(response, [], RESPONSE_FIELDS, 'a Lex V2 response');

  const messages = checkMessages(response, p);
  if (has(response, 'requestAttributes')) {
    checkStringMap(response.requestAttributes, ['requestAttributes'], 'requestAttributes', p);
  }

  if (!has(response, 'sessionState')) {
    p.rule('the response requires sessionState');
    return;
  }
  const state = response.sessionState;
  if (!isObject(state)) {
    p.add(['sessionState'], `sessionState must be an object, got ${describeValue(state)}`);
    return;
  }
  p.unknownFields(state, ['sessionState'], SESSION_STATE_FIELDS, 'sessionState');

  const intent = checkIntent(state, context, p);
  checkSessionAttributes(state, p);
  checkActiveContexts(state, p);
  checkDialogAction(state, intent, messages, context, p);
}

function checkSize(response: Obj, p: Problems): void {
  const text = safeJson(response);
  if (!text.ok) {
    p.rule(`the response must be JSON data: ${text.reason}`);
    return;
  }
  const limit = LEX_LIMITS.responseBytes;
  const bytes = utf8Bytes(text.json);
  if (bytes > limit) {
    p.rule(
      `the response is ${bytes} bytes of JSON; the Lex V2 Lambda output quota is ${limit} bytes (50 KB)`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Dialog action: the per-type requirements

interface IntentFacts {
  present: boolean;
  name: string | undefined;
  state: unknown;
  hasSlots: boolean;
}

function checkDialogAction(
  state: Obj,
  intent: IntentFacts,
  messageCount: number,
  context: ResponseRuleContext,
  p: Problems,
): void {
  const path = ['sessionState', 'dialogAction'];
  if (!has(state, 'dialogAction')) {
    p.rule('the response requires sessionState.dialogAction');
    return;
  }
  const action = state.dialogAction;
  if (!isObject(action)) {
    p.add(path, `dialogAction must be an object, got ${describeValue(action)}`);
    return;
  }
  p.unknownFields(action, path, DIALOG_ACTION_FIELDS, 'dialogAction');
  const type = action.type;
  if (!has(action, 'type')) {
    p.rule('the response requires sessionState.dialogAction.type');
    return;
  }
  if (typeof type !== 'string' || !(DIALOG_ACTION_TYPES as readonly string[]).includes(type)) {
    p.add(
      [...path, 'type'],
      `dialogAction.type must be ${orList(DIALOG_ACTION_TYPES)}, got ${describeValue(type)}`,
    );
    return;
  }

  const requireIntentName = () => {
    if (intent.name === undefined) p.rule(`dialogAction ${type} requires sessionState.intent.name`);
  };
  const requireMessage = () => {
    if (messageCount < 1) p.rule(`dialogAction ${type} requires at least one message in messages`);
  };

  switch (type) {
    case 'Close':
      requireIntentName();
      if (intent.present && !(CLOSE_INTENT_STATES as readonly unknown[]).includes(intent.state)) {
        p.rule(
          `dialogAction Close requires sessionState.intent.state to be ${orList(CLOSE_INTENT_STATES)}, got ${describeValue(intent.state)}`,
        );
      }
      break;
    case 'ConfirmIntent':
      requireIntentName();
      if (intent.present && !intent.hasSlots) {
        p.rule('dialogAction ConfirmIntent requires sessionState.intent.slots');
      }
      requireMessage();
      break;
    case 'ElicitIntent':
      requireMessage();
      break;
    case 'ElicitSlot':
      requireIntentName();
      checkSlotToElicit(action, intent, context, p);
      break;
    case 'Delegate':
      break;
  }

  if (type !== 'ElicitSlot') {
    for (const field of ['slotToElicit', 'slotElicitationStyle', 'subSlotToElicit']) {
      if (has(action, field)) p.rule(`dialogAction ${field} is only allowed with ElicitSlot`);
    }
  }
  if (type !== 'Delegate' && intent.state === 'ReadyForFulfillment') {
    p.rule(
      `sessionState.intent.state ReadyForFulfillment is only allowed with dialogAction Delegate, got ${type}`,
    );
  }
}

function checkSlotToElicit(
  action: Obj,
  intent: IntentFacts,
  context: ResponseRuleContext,
  p: Problems,
): void {
  const path = ['sessionState', 'dialogAction'];
  const slot = action.slotToElicit;
  if (!has(action, 'slotToElicit')) {
    p.rule('dialogAction ElicitSlot requires sessionState.dialogAction.slotToElicit');
  } else if (typeof slot !== 'string' || slot.length === 0) {
    p.add(
      [...path, 'slotToElicit'],
      `slotToElicit must be a slot name, got ${describeValue(slot)}`,
    );
  } else if (intent.name !== undefined && context.slotNames) {
    const slots = ownValue(context.slotNames, intent.name);
    if (slots && !slots.includes(slot)) {
      p.add(
        [...path, 'slotToElicit'],
        `slotToElicit must name a slot of intent ${intent.name} (${slots.join(', ') || 'none'}), got ${describeValue(slot)}`,
      );
    }
  }
  if (has(action, 'slotElicitationStyle')) {
    checkEnum(
      action.slotElicitationStyle,
      SLOT_ELICITATION_STYLES,
      [...path, 'slotElicitationStyle'],
      'slotElicitationStyle',
      p,
    );
  }
  if (has(action, 'subSlotToElicit')) {
    checkSubSlot(action.subSlotToElicit, [...path, 'subSlotToElicit'], p);
  }
}

function checkSubSlot(value: unknown, path: Path, p: Problems): void {
  if (!isObject(value)) {
    p.add(path, `subSlotToElicit must be an object, got ${describeValue(value)}`);
    return;
  }
  p.unknownFields(value, path, SUB_SLOT_FIELDS, 'subSlotToElicit');
  checkText(value.name, [...path, 'name'], 'subSlotToElicit.name', 1, Infinity, p);
  if (has(value, 'subSlotToElicit'))
    checkSubSlot(value.subSlotToElicit, [...path, 'subSlotToElicit'], p);
}

// ---------------------------------------------------------------------------------------------
// Intent and slots

function checkIntent(state: Obj, context: ResponseRuleContext, p: Problems): IntentFacts {
  const none: IntentFacts = { present: false, name: undefined, state: undefined, hasSlots: false };
  if (!has(state, 'intent')) return none;
  const path = ['sessionState', 'intent'];
  const intent = state.intent;
  if (!isObject(intent)) {
    p.add(path, `intent must be an object, got ${describeValue(intent)}`);
    return none;
  }
  p.unknownFields(intent, path, INTENT_FIELDS, 'intent');

  let name: string | undefined;
  if (!has(intent, 'name')) {
    p.rule('sessionState.intent requires a name');
  } else if (typeof intent.name !== 'string' || intent.name.length === 0) {
    p.add(
      [...path, 'name'],
      `intent.name must be a non-empty string, got ${describeValue(intent.name)}`,
    );
  } else {
    name = intent.name;
    if (context.slotNames && !ownValue(context.slotNames, name)) {
      p.add(
        [...path, 'name'],
        `intent.name must be an intent of the bot (${Object.keys(context.slotNames).join(', ')}), got ${describeValue(name)}`,
      );
    }
  }
  if (has(intent, 'state')) {
    checkEnum(intent.state, INTENT_STATES, [...path, 'state'], 'intent.state', p);
  }
  if (has(intent, 'confirmationState')) {
    checkEnum(
      intent.confirmationState,
      CONFIRMATION_STATES,
      [...path, 'confirmationState'],
      'intent.confirmationState',
      p,
    );
  }
  const hasSlots = has(intent, 'slots');
  if (hasSlots) {
    const known =
      name !== undefined && context.slotNames ? ownValue(context.slotNames, name) : undefined;
    checkSlots(intent.slots, [...path, 'slots'], p, known, name);
  }
  return { present: true, name, state: intent.state, hasSlots };
}

function checkSlots(
  slots: unknown,
  path: Path,
  p: Problems,
  known?: readonly string[],
  intentName?: string,
): void {
  if (!isObject(slots)) {
    p.add(
      path,
      `slots must be an object mapping slot names to slots or null, got ${describeValue(slots)}`,
    );
    return;
  }
  for (const [name, slot] of Object.entries(slots)) {
    if (name.length === 0) p.add(path, 'slot names must not be empty');
    if (known && !known.includes(name)) {
      p.add(
        [...path, name],
        `slots must be slots of intent ${intentName} (${known.join(', ') || 'none'})`,
      );
    }
    if (slot !== null) checkSlot(slot, [...path, name], p);
  }
}

function checkSlot(slot: unknown, path: Path, p: Problems): void {
  if (!isObject(slot)) {
    p.add(path, `a slot must be an object or null, got ${describeValue(slot)}`);
    return;
  }
  p.unknownFields(slot, path, SLOT_FIELDS, 'a slot');
  let shape: unknown = 'Scalar';
  if (has(slot, 'shape')) {
    shape = slot.shape;
    checkEnum(shape, SLOT_SHAPES, [...path, 'shape'], 'slot shape', p);
  }
  if (has(slot, 'value')) checkSlotValue(slot.value, [...path, 'value'], p);
  if (has(slot, 'values')) {
    const values = slot.values;
    if (!Array.isArray(values)) {
      p.add(
        [...path, 'values'],
        `slot values must be an array of slots, got ${describeValue(values)}`,
      );
    } else {
      values.forEach((item, i) => checkSlot(item, [...path, 'values', i], p));
    }
  }
  if (has(slot, 'subSlots')) checkSlots(slot.subSlots, [...path, 'subSlots'], p);

  if (shape === 'Scalar' && !has(slot, 'value')) {
    p.add(path, 'a Scalar slot requires a value (use null for an empty slot)');
  }
  if (shape === 'List' && !has(slot, 'value') && !has(slot, 'values')) {
    p.add(path, 'a List slot requires values (use null for an empty slot)');
  }
  if (shape === 'Composite' && !has(slot, 'subSlots')) {
    p.add(path, 'a Composite slot requires subSlots (use null for an empty slot)');
  }
}

function checkSlotValue(value: unknown, path: Path, p: Problems): void {
  if (!isObject(value)) {
    p.add(path, `slot value must be an object, got ${describeValue(value)}`);
    return;
  }
  p.unknownFields(value, path, SLOT_VALUE_FIELDS, 'a slot value');
  if (!has(value, 'interpretedValue')) {
    p.add(path, 'slot value requires interpretedValue');
  } else {
    checkText(
      value.interpretedValue,
      [...path, 'interpretedValue'],
      'interpretedValue',
      1,
      Infinity,
      p,
    );
  }
  if (has(value, 'originalValue')) {
    checkText(value.originalValue, [...path, 'originalValue'], 'originalValue', 1, Infinity, p);
  }
  if (has(value, 'resolvedValues')) {
    const resolved = value.resolvedValues;
    if (!Array.isArray(resolved)) {
      p.add(
        [...path, 'resolvedValues'],
        `resolvedValues must be an array of strings, got ${describeValue(resolved)}`,
      );
    } else {
      resolved.forEach((item, i) =>
        checkText(item, [...path, 'resolvedValues', i], 'resolvedValues entries', 1, Infinity, p),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Session attributes, active contexts, request attributes

function checkSessionAttributes(state: Obj, p: Problems): void {
  if (!has(state, 'sessionAttributes')) return;
  const attributes = state.sessionAttributes;
  const path = ['sessionState', 'sessionAttributes'];
  if (!checkStringMap(attributes, path, 'sessionAttributes', p)) return;
  const text = safeJson(attributes);
  const limit = LEX_LIMITS.sessionAttributesBase64Bytes;
  if (text.ok) {
    const size = base64Length(utf8Bytes(text.json));
    if (size > limit) {
      p.add(
        path,
        `sessionAttributes may take at most ${limit} bytes after base64 (12 KB), got ${size}`,
      );
    }
  }
}

/** Lex's StringMap: non-empty keys, string values. Returns whether it is a map at all. */
function checkStringMap(value: unknown, path: Path, what: string, p: Problems): boolean {
  if (!isObject(value)) {
    p.add(path, `${what} must be an object of string values, got ${describeValue(value)}`);
    return false;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.length === 0) p.add(path, `${what} keys must not be empty`);
    if (typeof item !== 'string') {
      p.add([...path, key], `${what} values must be strings, got ${describeValue(item)}`);
    }
  }
  return true;
}

function checkActiveContexts(state: Obj, p: Problems): void {
  if (!has(state, 'activeContexts')) return;
  const path = ['sessionState', 'activeContexts'];
  const contexts = state.activeContexts;
  if (!Array.isArray(contexts)) {
    p.add(path, `activeContexts must be an array, got ${describeValue(contexts)}`);
    return;
  }
  if (contexts.length > LEX_LIMITS.maxActiveContexts) {
    p.add(
      path,
      `activeContexts may hold at most ${LEX_LIMITS.maxActiveContexts} contexts, got ${contexts.length}`,
    );
  }
  contexts.forEach((context, i) => checkActiveContext(context, [...path, i], p));
}

function checkActiveContext(context: unknown, path: Path, p: Problems): void {
  if (!isObject(context)) {
    p.add(path, `an active context must be an object, got ${describeValue(context)}`);
    return;
  }
  p.unknownFields(context, path, CONTEXT_FIELDS, 'an active context');
  const name = context.name;
  if (!has(context, 'name')) p.add(path, 'an active context requires a name');
  else if (
    typeof name !== 'string' ||
    name.length > LEX_LIMITS.activeContextNameMax ||
    !ACTIVE_CONTEXT_NAME.test(name)
  ) {
    p.add(
      [...path, 'name'],
      `active context names must be 1 to ${LEX_LIMITS.activeContextNameMax} letters, digits or single underscores, got ${describeValue(name)}`,
    );
  }

  if (!has(context, 'contextAttributes'))
    p.add(path, 'an active context requires contextAttributes');
  else checkContextAttributes(context.contextAttributes, [...path, 'contextAttributes'], p);

  if (!has(context, 'timeToLive')) {
    p.add(path, 'an active context requires timeToLive');
    return;
  }
  const ttl = context.timeToLive;
  const ttlPath = [...path, 'timeToLive'];
  if (!isObject(ttl)) {
    p.add(ttlPath, `timeToLive must be an object, got ${describeValue(ttl)}`);
    return;
  }
  p.unknownFields(ttl, ttlPath, TTL_FIELDS, 'timeToLive');
  checkInteger(
    ttl.timeToLiveInSeconds,
    [...ttlPath, 'timeToLiveInSeconds'],
    'timeToLiveInSeconds',
    LEX_LIMITS.timeToLiveSecondsMin,
    LEX_LIMITS.timeToLiveSecondsMax,
    p,
  );
  checkInteger(
    ttl.turnsToLive,
    [...ttlPath, 'turnsToLive'],
    'turnsToLive',
    LEX_LIMITS.turnsToLiveMin,
    LEX_LIMITS.turnsToLiveMax,
    p,
  );
}

function checkContextAttributes(value: unknown, path: Path, p: Problems): void {
  if (!checkStringMap(value, path, 'contextAttributes', p)) return;
  const entries = Object.entries(value as Obj);
  if (entries.length > LEX_LIMITS.maxContextAttributes) {
    p.add(
      path,
      `contextAttributes may hold at most ${LEX_LIMITS.maxContextAttributes} attributes, got ${entries.length}`,
    );
  }
  for (const [key, item] of entries) {
    if (key.length > LEX_LIMITS.contextAttributeNameMax) {
      p.add(
        path,
        `contextAttributes keys must be at most ${LEX_LIMITS.contextAttributeNameMax} characters, got ${key.length}`,
      );
    }
    if (typeof item === 'string') {
      checkText(
        item,
        [...path, key],
        'contextAttributes values',
        1,
        LEX_LIMITS.contextAttributeValueMax,
        p,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Messages

/** Returns how many messages there are (0 when absent or malformed). */
function checkMessages(response: Obj, p: Problems): number {
  if (!has(response, 'messages')) return 0;
  const messages = response.messages;
  if (!Array.isArray(messages)) {
    p.add(['messages'], `messages must be an array, got ${describeValue(messages)}`);
    return 0;
  }
  if (messages.length > LEX_LIMITS.maxMessages) {
    p.rule(`messages may hold at most ${LEX_LIMITS.maxMessages} messages, got ${messages.length}`);
  }
  messages.forEach((message, i) => checkMessage(message, ['messages', i], p));
  return messages.length;
}

function checkMessage(message: unknown, path: Path, p: Problems): void {
  if (!isObject(message)) {
    p.add(path, `a message must be an object, got ${describeValue(message)}`);
    return;
  }
  p.unknownFields(message, path, MESSAGE_FIELDS, 'a message');
  const type = message.contentType;
  if (!has(message, 'contentType')) {
    p.add(path, 'a message requires contentType');
  } else {
    checkEnum(type, MESSAGE_CONTENT_TYPES, [...path, 'contentType'], 'message contentType', p);
  }
  const max = LEX_LIMITS.messageContentMax;
  if (type === 'ImageResponseCard') {
    if (!has(message, 'imageResponseCard')) {
      p.add(path, 'an ImageResponseCard message requires imageResponseCard');
    }
  } else if (!has(message, 'content')) {
    const kind = typeof type === 'string' && type.length > 0 ? `${type} ` : '';
    p.add(path, `a ${kind}message requires content`);
  }
  if (has(message, 'content')) {
    checkText(message.content, [...path, 'content'], 'message content', 1, max, p);
  }
  if (has(message, 'imageResponseCard')) {
    checkCard(message.imageResponseCard, [...path, 'imageResponseCard'], p);
  }
}

function checkCard(card: unknown, path: Path, p: Problems): void {
  if (!isObject(card)) {
    p.add(path, `imageResponseCard must be an object, got ${describeValue(card)}`);
    return;
  }
  p.unknownFields(card, path, CARD_FIELDS, 'imageResponseCard');
  const max = LEX_LIMITS.cardTextMax;
  if (!has(card, 'title')) p.add(path, 'imageResponseCard requires a title');
  else checkText(card.title, [...path, 'title'], 'card title', 1, max, p);
  if (has(card, 'subtitle'))
    checkText(card.subtitle, [...path, 'subtitle'], 'card subtitle', 1, max, p);
  if (has(card, 'imageUrl'))
    checkText(card.imageUrl, [...path, 'imageUrl'], 'card imageUrl', 1, max, p);
  if (!has(card, 'buttons')) return;
  const buttons = card.buttons;
  if (!Array.isArray(buttons)) {
    p.add([...path, 'buttons'], `card buttons must be an array, got ${describeValue(buttons)}`);
    return;
  }
  if (buttons.length > LEX_LIMITS.maxButtons) {
    p.add(
      [...path, 'buttons'],
      `a card may hold at most ${LEX_LIMITS.maxButtons} buttons, got ${buttons.length}`,
    );
  }
  buttons.forEach((button, i) => {
    const at = [...path, 'buttons', i];
    if (!isObject(button)) {
      p.add(at, `a button must be an object, got ${describeValue(button)}`);
      return;
    }
    p.unknownFields(button, at, BUTTON_FIELDS, 'a button');
    checkText(button.text, [...at, 'text'], 'button text', 1, LEX_LIMITS.buttonTextMax, p);
    checkText(button.value, [...at, 'value'], 'button value', 1, LEX_LIMITS.buttonValueMax, p);
  });
}

// ---------------------------------------------------------------------------------------------
// Leaves

function checkText(
  value: unknown,
  path: Path,
  what: string,
  min: number,
  max: number,
  p: Problems,
): void {
  if (typeof value !== 'string') {
    p.add(path, `${what} must be a string, got ${describeValue(value)}`);
    return;
  }
  if (max === Infinity) {
    if (value.length < min) p.add(path, `${what} must be a non-empty string, got ""`);
  } else if (value.length < min || value.length > max) {
    p.add(path, `${what} must be ${min} to ${max} characters, got ${value.length}`);
  }
}

function checkEnum(
  value: unknown,
  allowed: readonly string[],
  path: Path,
  what: string,
  p: Problems,
): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    p.add(path, `${what} must be ${orList(allowed)}, got ${describeValue(value)}`);
  }
}

function checkInteger(
  value: unknown,
  path: Path,
  what: string,
  min: number,
  max: number,
  p: Problems,
): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    p.add(path, `${what} must be an integer from ${min} to ${max}, got ${describeValue(value)}`);
  }
}

function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
