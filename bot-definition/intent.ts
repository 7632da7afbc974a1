import type { IntentDefinition } from './types';

/**
 * An intent of the bot, registered once (bot-definition/index.ts): its Lex definition and what
 * the Lambda's conversation layer needs to know to hold it as a request: what kind of request it
 * is, what each slot names, and how to say what it is doing. Everything else is derived from
 * the definition itself (the slots, which are required, the first question for each slot, the
 * confirmation), so that nothing is written twice.
 */
export type IntentKind =
  /** Changes the fleet: asks yes or no first, and a yes to that question is what writes. */
  | 'change'
  /** Reads the fleet or explains: may be asked in the middle of another request. */
  | 'question'
  /** A Lex built-in that acts on the conversation: cancel, stop, start over, repeat. */
  | 'repair'
  /** Small talk, help: answered in a line, the open request asked again after it. */
  | 'chitchat'
  /** Things the bot cannot do, recognised so that they are named rather than mistaken. */
  | 'unsupported'
  | 'fallback';

/** What a slot's value names: the Lambda reads corrections, references and answers by it. */
export type Entity =
  /** An existing VM ("vm-3", "it", "the web server"). */
  | 'vm'
  /** A name for a VM to be created. */
  | 'new-vm'
  | 'host'
  | 'appliance'
  /** A memory size, in GiB. */
  | 'size'
  /** Auto-converge, asked for or not. */
  | 'auto-converge'
  /** A yes or no (the offer of a report). */
  | 'yes-no';

/**
 * How the conversation speaks of a request. Templates: `{Slot}` is the slot's value, and
 * `{Slot|otherwise}` says `otherwise` when the slot is empty.
 */
export interface TaskWords {
  /** What the bot is doing for the user: "moving {VmName|a VM}". */
  readonly doing: string;
  /** What it says when the request is dropped: "OK, I won't migrate {VmName|anything}." */
  readonly dropped: string;
  /** A way to ask for it again: '"migrate vm-3 to host-b"'. */
  readonly example: string;
  /** What it can do, for help: "migrate a VM (with auto-converge ...)". */
  readonly help?: string;
  /**
   * Words that ask for it ("migrate", "spin up"): the Lambda believes a change only when the
   * input says one of them (so "shift the nginx vm" is never a creation), and uses them to tell
   * what a sentence asks when Lex's reading does not fit the words.
   */
  readonly verbs: readonly string[];
}

export interface TaskSpec extends TaskWords {
  /** Every slot of the intent and what it names. */
  readonly entities: Readonly<Record<string, Entity>>;
}

/**
 * Small talk, answered by the definition's closing response; with a request open, by the Lambda:
 * `whileOpen` (else the closing response's text), then the open question again, unless the
 * words end the requests (goodbye), which are then dropped and said to be.
 */
export interface ChitchatSpec {
  readonly whileOpen?: string;
  readonly endsRequests?: boolean;
}

export type BotIntent<N extends string = string> =
  | {
      readonly name: N;
      readonly kind: 'change' | 'question';
      readonly definition: IntentDefinition;
      readonly task: TaskSpec;
    }
  | {
      readonly name: N;
      readonly kind: 'chitchat';
      readonly definition: IntentDefinition;
      readonly chitchat: ChitchatSpec;
    }
  | {
      readonly name: N;
      readonly kind: 'repair';
      readonly act: RepairAct;
      readonly definition: IntentDefinition;
    }
  | {
      readonly name: N;
      readonly kind: 'unsupported' | 'fallback';
      readonly definition: IntentDefinition;
    };

/** What a repair does to the conversation. */
export type RepairAct = 'cancel' | 'stop' | 'startOver' | 'repeat' | 'help';

/**
 * Registers an intent: the name is the definition's, kept as a literal type so that the intent
 * names of the whole bot are a type the Lambda's registry must cover.
 */
export function defineIntent<
  const N extends string,
  const I extends DistributiveOmit<BotIntent<N>, 'name'>,
>(
  name: N,
  spec: I & { readonly definition: IntentDefinition & { readonly name: N } },
): I & { readonly name: N } {
  if (spec.definition.name !== name) {
    throw new Error(`Intent ${name} has a definition named ${spec.definition.name}.`);
  }
  return { ...spec, name };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** `{Slot}` and `{Slot|otherwise}` filled from the slots' values (an empty one leaves no gap). */
export function fillTemplate(template: string, slots: Readonly<Record<string, string>>): string {
  return template
    .replace(/\{(\w+)(?:\|([^}]*))?\}/g, (whole, name: string, otherwise?: string) =>
      Object.prototype.hasOwnProperty.call(slots, name) && slots[name]
        ? slots[name]!
        : (otherwise ?? whole),
    )
    .replace(/ {2,}/g, ' ');
}
