import {
  fillTemplate,
  INTENTS,
  type Entity,
  type IntentName,
  type RegisteredIntent,
  type TaskIntentName,
  type IntentDefinition,
  type TaskSpec,
} from '../../bot-definition';

/**
 * What the Lambda knows of each intent, derived from the one registry (bot-definition/index.ts):
 * for an intent that holds a request, its slots in the order Lex asks for them, what each
 * names, which are required, the first question for each (the slot prompt's first message), and
 * whether a yes to its confirmation is what changes the fleet.
 */
export interface TaskSlot {
  readonly name: string;
  readonly entity: Entity;
  readonly required: boolean;
  /** The prompt's first message, `{Slot}` references unfilled. */
  readonly question: string | undefined;
}

export interface Task {
  readonly intent: TaskIntentName;
  readonly kind: 'change' | 'question';
  /** In elicitation order. */
  readonly slots: readonly TaskSlot[];
  /** A change with a confirmation: only a yes to it writes (trust/confirmations.ts). */
  readonly confirmed: boolean;
  readonly spec: TaskSpec;
  doing(slots: Readonly<Record<string, string>>): string;
  dropped(slots: Readonly<Record<string, string>>): string;
}

const BY_NAME: ReadonlyMap<string, RegisteredIntent> = new Map(INTENTS.map((i) => [i.name, i]));

/** The registered intent of that name (own names only: "constructor" is none). */
export function intentNamed(name: string): RegisteredIntent | undefined {
  return BY_NAME.get(name);
}

export const isIntentName = (name: string): name is IntentName => BY_NAME.has(name);

let tasks: ReadonlyMap<string, Task> | undefined;

/** The task of an intent that holds a request (a change or a question); undefined otherwise. */
export function taskOf(name: string): Task | undefined {
  tasks ??= new Map(
    INTENTS.flatMap((i) =>
      i.kind === 'change' || i.kind === 'question' ? [[i.name, build(i)]] : [],
    ),
  );
  return tasks.get(name);
}

/** Every task, in registry order. */
export function allTasks(): Task[] {
  return INTENTS.flatMap((i) => {
    const task = taskOf(i.name);
    return task ? [task] : [];
  });
}

function build(intent: Extract<RegisteredIntent, { kind: 'change' | 'question' }>): Task {
  const definition: IntentDefinition = intent.definition;
  const spec: TaskSpec = intent.task;
  const order = new Map((definition.slotPriorities ?? []).map((p) => [p.slotName, p.priority]));
  const slots = [...(definition.slots ?? [])]
    .sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0))
    .map((slot): TaskSlot => {
      const entity = spec.entities[slot.name];
      if (!entity) throw new Error(`${intent.name}.${slot.name} names no entity in its task.`);
      const first = slot.valueElicitationSetting.promptSpecification?.messageGroupsList[0];
      return {
        name: slot.name,
        entity,
        required: slot.valueElicitationSetting.slotConstraint === 'Required',
        question: first?.message.plainTextMessage?.value,
      };
    });
  const missing = Object.keys(spec.entities).filter((s) => !slots.some((t) => t.name === s));
  if (missing.length > 0) throw new Error(`${intent.name}'s task names no slot ${missing[0]}.`);
  return {
    intent: intent.name,
    kind: intent.kind,
    slots,
    confirmed: intent.kind === 'change' && definition.intentConfirmationSetting !== undefined,
    spec,
    doing: (values) => fillTemplate(spec.doing, values),
    dropped: (values) => fillTemplate(spec.dropped, values),
  };
}

/** The bot's first question for a slot, with `{Slot}` references filled from the values. */
export function questionFor(
  intent: string,
  slot: string,
  values: Readonly<Record<string, string>>,
): string | undefined {
  const question = taskOf(intent)?.slots.find((s) => s.name === slot)?.question;
  return question === undefined ? undefined : fillTemplate(question, values);
}

/** The first required slot the values leave empty. */
export function missingSlot(
  intent: string,
  values: Readonly<Record<string, string>>,
): string | undefined {
  return taskOf(intent)?.slots.find((s) => s.required && !values[s.name])?.name;
}
