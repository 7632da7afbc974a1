import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bot, QUESTION, SESSION_ATTRIBUTE } from '../../../bot-definition';
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
import { questionFor, TASKS } from '../../../src/intents/conversation/tasks';

/** The pure parts of the conversation layer: phrases, mentions, memory, the task table. */

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
    const memory = readMemory((name) => (name === SESSION_ATTRIBUTE.openTask ? raw : undefined));
    expect(memory.open).toBeUndefined();
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

describe('the task table matches the bot definition', () => {
  const intents = bot.locale.intents ?? [];

  it.each(Object.entries(TASKS))(
    '%s: slots, required slots in priority order, questions',
    (name, task) => {
      const intent = intents.find((i) => i.name === name);
      expect(intent, name).toBeDefined();
      const slots = intent?.slots ?? [];
      expect([...task.slots].sort()).toEqual(slots.map((s) => s.name).sort());
      const priority = new Map((intent?.slotPriorities ?? []).map((p) => [p.slotName, p.priority]));
      const required = slots
        .filter((s) => s.valueElicitationSetting.slotConstraint === 'Required')
        .sort((a, b) => (priority.get(a.name) ?? 0) - (priority.get(b.name) ?? 0))
        .map((s) => s.name);
      expect(task.required).toEqual(required);
      // The Lambda's question for each slot it asks about is the prompt Lex says first.
      const questions = (QUESTION as Record<string, Record<string, string>>)[name] ?? {};
      for (const slot of task.required) expect(questions[slot], `${name}.${slot}`).toBeDefined();
      for (const [slotName, question] of Object.entries(questions)) {
        const slot = slots.find((s) => s.name === slotName);
        const first = slot?.valueElicitationSetting.promptSpecification?.messageGroupsList[0];
        expect(first?.message.plainTextMessage?.value, `${name}.${slotName}`).toBe(question);
      }
    },
  );

  it('fills a question with the slots it refers to', () => {
    expect(questionFor('MigrateVm', 'TargetHost', { VmName: 'vm-3' })).toBe(
      'Which host should vm-3 go to?',
    );
    expect(questionFor('MigrateVm', 'Nothing', {})).toBeUndefined();
  });
});
