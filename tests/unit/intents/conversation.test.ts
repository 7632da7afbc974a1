import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bot, INTENTS, SESSION_ATTRIBUTE } from '../../../bot-definition';
import { mentions } from '../../../src/intents/conversation/mentions';
import {
  memoryAttributes,
  readMemory,
  type Memory,
} from '../../../src/intents/conversation/memory';
import {
  asksAgain,
  isReference,
  leavesChoiceToBot,
  pointsBack,
  repairAct,
  soundsLikeCorrection,
} from '../../../src/intents/conversation/phrases';
import { hooksOf } from '../../../src/intents/registry';
import { allTasks, questionFor } from '../../../src/intents/tasks';

/** The pure parts of the conversation layer: phrases, mentions, memory, the registry's tasks. */

describe('repairAct: what a whole input does to the conversation', () => {
  it.each([
    ['cancel', 'cancel'],
    ['forget about it', 'cancel'],
    ['Never mind.', 'cancel'],
    ['oh, cancel that please', 'cancel'],
    ['no forget it', 'cancel'],
    ['scratch that', 'cancel'],
    ["I've changed my mind", 'cancel'],
    ['stop', 'stop'],
    ['STOP!', 'stop'],
    ['quit', 'stop'],
    ['start over', 'startOver'],
    ["let's start over", 'startOver'],
    ['restart', 'startOver'],
    ['say that again', 'repeat'],
    ['sorry, what?', 'repeat'],
    ['repeat the question please', 'repeat'],
    ['help', 'help'],
    ["I don't know", 'help'],
    ['what are my options', 'help'],
  ] as const)('%j → %s', (text, act) => {
    expect(repairAct(text)).toBe(act);
  });

  it.each([
    'cancel the migration of vm-3 and move vm-4 instead',
    'host-b',
    'vm-3',
    'yes',
    'stop vm-3 from migrating to host b please now',
    '',
    'what is the weather',
  ])('%j is no repair', (text) => {
    expect(repairAct(text)).toBeUndefined();
  });
});

describe('phrases about names', () => {
  it.each([
    'anywhere',
    'you pick',
    'any host that fits',
    'up to you',
    'whatever works',
    'Surprise me!',
  ])('%j leaves the choice to the bot', (text) => expect(leavesChoiceToBot(text)).toBe(true));
  it.each(['host b', 'the best host is host-b? no, c', 'nowhere'])(
    '%j names a host or none',
    (text) => {
      expect(leavesChoiceToBot(text) && !text.includes('best')).toBe(false);
    },
  );

  it.each(['migrate it to host b', 'where is that VM', 'the same one'])('%j points back', (t) =>
    expect(pointsBack(t)).toBe(true),
  );
  it.each(['it', 'that one', 'the same VM', 'this machine'])('%j is only a reference', (t) =>
    expect(isReference(t)).toBe(true),
  );
  it.each(['vm-3', 'itinerary', 'web-1'])('%j is not a reference', (t) =>
    expect(isReference(t)).toBe(false),
  );

  it.each([
    'actually host-d',
    'no, I meant vm-1',
    'make it 2 GiB',
    'sorry, vm-1 not vm-4',
    'host c instead',
  ])('%j sounds like a correction', (t) => expect(soundsLikeCorrection(t)).toBe(true));
  it.each(['host-d', 'which host is vm-6 on', 'list hosts'])('%j does not', (t) =>
    expect(soundsLikeCorrection(t)).toBe(false),
  );

  it.each(['try again with auto-converge', 'retry', 'same thing but with auto-converge'])(
    '%j asks again',
    (t) => expect(asksAgain(t)).toBe(true),
  );
});

describe('mentions: names found in free text', () => {
  it.each([
    ['actually host-d', { hosts: ['host-d'] }],
    ['no, I meant vm-1', { vms: ['vm-1'] }],
    ['sorry, vm-1 not vm-4', { vms: ['vm-1'] }],
    ['migrate vm4 to hosta', { vms: ['vm-4'], hosts: ['host-a'] }],
    ['vm seven on host bravo', { vms: ['vm-7'], hosts: ['host-b'] }],
    ['um, host a maybe', { hosts: ['host-a'] }],
    ['make that 2 GiB please', { memoryGiB: '2' }],
    ['8gb', { memoryGiB: '8' }],
    ['sixteen gigs', { memoryGiB: '16' }],
    ['4.5 GiB', { memoryGiB: '4.5' }],
    ['no, make it a game server', { appliances: ['game-server'] }],
    ['a redis box', { appliances: ['cache'] }],
    ['use postgres instead of redis', { appliances: ['database'] }],
    ['with auto-converge', { autoConverge: true }],
  ] as const)('%j', (text, expected) => {
    expect(mentions(text)).toMatchObject(expected);
  });

  it('finds nothing in "list hosts" or "the hosts"', () => {
    expect(mentions('list hosts')).toMatchObject({ vms: [], hosts: [], appliances: [] });
    expect(mentions('show me the hosts')).toMatchObject({ hosts: [] });
  });

  it('never throws, and only finds well-formed names', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const m = mentions(text);
        for (const vm of m.vms) expect(vm).toMatch(/^vm-\d+$/);
        for (const host of m.hosts) expect(host).toMatch(/^host-[a-z]$/);
      }),
    );
  });
});

describe('memory in session attributes', () => {
  const open = {
    intent: 'MigrateVm',
    slots: { VmName: 'vm-3' },
    awaiting: 'TargetHost',
    question: 'Which host should vm-3 go to?',
    retries: 1,
    resumed: false,
  };

  it('round-trips through the attributes', () => {
    const memory: Memory = { open, paused: { ...open, intent: 'CreateVm' }, lastVm: 'vm-3' };
    const attributes = memoryAttributes(memory);
    const read = readMemory((name) => attributes[name] ?? undefined);
    expect(read).toEqual({ ...memory, refused: undefined });
  });

  it.each([
    'not json',
    '{"intent":"__proto__","slots":{},"awaiting":null,"question":"","retries":0,"resumed":false}',
    '{"intent":"MigrateVm","slots":{"VmName":7},"awaiting":null,"question":"","retries":0,"resumed":false}',
    '{"intent":"MigrateVm","slots":{},"awaiting":null,"question":"","retries":-1,"resumed":false}',
    JSON.stringify({ ...open, question: 'x'.repeat(5000) }),
    '[]',
    'null',
  ])('reads a hostile open task %#: as absent', (raw) => {
    const stored = `{"open":${raw}}`;
    const memory = readMemory((name) => (name === SESSION_ATTRIBUTE.memory ? stored : undefined));
    expect(memory.open).toBeUndefined();
  });

  it.each([
    ['an intent that holds no request', { ...open, intent: 'Greeting' }],
    ['a slot of another intent', { ...open, slots: { HostName: 'host-b' } }],
    ['an awaited slot of another intent', { ...open, awaiting: 'ApplianceName' }],
  ])('reads a task with %s as absent', (_, task) => {
    const stored = JSON.stringify({ open: task, paused: task });
    const memory = readMemory((name) => (name === SESSION_ATTRIBUTE.memory ? stored : undefined));
    expect(memory.open).toBeUndefined();
    expect(memory.paused).toBeUndefined();
  });

  it('reads anything at all without throwing', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), (attributes) => {
        const memory = readMemory((name) =>
          Object.prototype.hasOwnProperty.call(attributes, name) ? attributes[name] : undefined,
        );
        expect(Object.getPrototypeOf(memory.open?.slots ?? Object.create(null))).toBeNull();
      }),
    );
  });
});

describe("the registry's tasks match the bot definition", () => {
  const intents = bot.locale.intents ?? [];

  it.each(allTasks().map((t) => [t.intent, t] as const))(
    '%s: slots in priority order, required slots, questions, a handler',
    async (name, task) => {
      const intent = intents.find((i) => i.name === name);
      expect(intent, name).toBeDefined();
      const slots = intent?.slots ?? [];
      expect(task.slots.map((s) => s.name).sort()).toEqual(slots.map((s) => s.name).sort());
      const priority = new Map((intent?.slotPriorities ?? []).map((p) => [p.slotName, p.priority]));
      const order = task.slots.map((s) => priority.get(s.name) ?? 0);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      for (const slot of task.slots) {
        const defined = slots.find((s) => s.name === slot.name)!;
        expect(slot.required).toBe(defined.valueElicitationSetting.slotConstraint === 'Required');
        // The Lambda's question for each slot is the prompt Lex says first.
        const first = defined.valueElicitationSetting.promptSpecification?.messageGroupsList[0];
        expect(slot.question, `${name}.${slot.name}`).toBe(first?.message.plainTextMessage?.value);
      }
      expect(task.confirmed).toBe(intent?.intentConfirmationSetting !== undefined);
      // Every task has its handler: the registry of hooks covers the bot definition.
      expect(await hooksOf(name)).toMatchObject({
        dialog: expect.any(Function),
        fulfil: expect.any(Function),
      });
    },
  );

  it('registers every intent of the definition once', () => {
    const names = INTENTS.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(intents.map((i) => i.name));
  });

  it('fills a question with the slots it refers to', () => {
    expect(questionFor('MigrateVm', 'TargetHost', { VmName: 'vm-3' })).toBe(
      'Which host should vm-3 go to?',
    );
    expect(questionFor('MigrateVm', 'Nothing', {})).toBeUndefined();
  });
});
