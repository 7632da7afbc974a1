import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  inline,
  parseMessage,
  parseTable,
  ssmlText,
  type Block,
  type Inline,
} from '../../../src/console/web/message-text';

const text = (spans: Inline | undefined) => (spans ?? []).map((s) => s.text).join('');

/** Every word a block shows, in order. */
function words(blocks: Block[]): string[] {
  const out: string[] = [];
  const add = (s: string) => out.push(...s.split(/\s+/).filter(Boolean));
  for (const b of blocks) {
    if (b.kind === 'paragraph') add(text(b.text));
    if (b.kind === 'list') {
      add(text(b.lead));
      b.items.forEach((item) => add(text(item)));
    }
    if (b.kind === 'table') {
      add(text(b.lead));
      for (const row of [b.table.header ?? [], ...b.table.rows]) row.forEach(add);
    }
  }
  return out;
}

// The bot's answers as the Lambda wrote them at the time of writing (the wording may change;
// the layouts are what these tests are about).
const EVACUATION = `Evacuate host-a and put it in maintenance? One at a time, I would live-migrate:
- vm-2 (8 GiB) to host-b, about 7.8 s
- vm-1 (4 GiB) to host-b, about 3.6 s
- vm-6 stays: it writes memory faster than any link can copy it; move it later with auto-converge
about 15 s in all. Shall I go ahead?`;

const HOSTS = `6 hosts:
host-a (KVM, hardware-assisted, Intel): 44 GiB of 64 GiB and 22 of 32 vCPUs free; runs vm-1, vm-2, vm-3, vm-6.
host-b (KVM, hardware-assisted, Intel): 60 GiB of 64 GiB and 30 of 32 vCPUs free; runs vm-4.
host-f (KVM, hardware-assisted, Intel): 16 GiB of 16 GiB and 8 of 8 vCPUs free; no VMs.`;

const TIMELINE = `Timeline (Clark et al., Figure 1):
0 Pre-Migration      at 0 ms             vm-6 running on host-a; host-b chosen
1 Reservation        at 0 ms             host-b reserves 4 GiB and 2 vCPUs
2 Iterative Pre-Copy 0 ms to 22.3 s      11 rounds, 25.7 GiB sent while vm-6 runs
3 Stop-and-Copy      22.3 s to 22.5 s    vm-6 paused; 291 MiB of dirty pages and CPU state sent
4 Commitment         at 22.5 s           host-b holds a consistent copy; host-a releases vm-6
5 Activation         22.5 s to 22.5 s    vm-6 resumes on host-b
  downtime 251 ms (stages 3 to 5)`;

const ROUNDS = `Pre-copy rounds:
round       sent   duration    dirtied  throttle
    1      4 GiB     3.47 s      3 GiB       0 %  ####################
    2      3 GiB      2.6 s      3 GiB       0 %  ###############
    9    1.4 GiB      1.2 s    899 MiB      50 %  #######
   10    899 MiB     762 ms    572 MiB      50 %  ####
   11    572 MiB     484 ms    291 MiB      60 %  ###`;

const RECOMMENDATION = `For vm-3 (on host-a) I recommend host-b: KVM, hardware-assisted, Intel like host-a, and the most room left after the move (56 GiB and 28 vCPUs free).
Excluded: host-c has AMD CPUs and vm-3 runs on Intel: live migration cannot cross CPU vendors; host-d and host-e run other hypervisors than vm-3's KVM; host-f's CPU feature level is 3, below vm-3's level 4.`;

describe('parseMessage: the layouts of the bot answers', () => {
  it('reads an evacuation plan as its question, a list of moves and its closing line', () => {
    const blocks = parseMessage(EVACUATION);
    expect(blocks.map((b) => b.kind)).toEqual(['list', 'paragraph']);
    const [list, last] = blocks as [Extract<Block, { kind: 'list' }>, Block];
    expect(text(list.lead)).toBe(
      'Evacuate host-a and put it in maintenance? One at a time, I would live-migrate:',
    );
    expect(list.items.map(text)).toEqual([
      'vm-2 (8 GiB) to host-b, about 7.8 s',
      'vm-1 (4 GiB) to host-b, about 3.6 s',
      'vm-6 stays: it writes memory faster than any link can copy it; move it later with auto-converge',
    ]);
    expect(last).toEqual({
      kind: 'paragraph',
      text: inline('about 15 s in all. Shall I go ahead?'),
    });
  });

  it('reads lines under a heading ending in a colon as a list', () => {
    const [list, ...rest] = parseMessage(HOSTS);
    expect(rest).toEqual([]);
    expect(list!.kind).toBe('list');
    const { lead, items } = list as Extract<Block, { kind: 'list' }>;
    expect(text(lead)).toBe('6 hosts:');
    expect(items.map((i) => text(i).slice(0, 6))).toEqual(['host-a', 'host-b', 'host-f']);
  });

  it('reads the timeline as a table of three columns, the last line a note under it', () => {
    const [table, note] = parseMessage(TIMELINE);
    expect(table!.kind).toBe('table');
    const t = (table as Extract<Block, { kind: 'table' }>).table;
    expect(text((table as Extract<Block, { kind: 'table' }>).lead)).toBe(
      'Timeline (Clark et al., Figure 1):',
    );
    expect(t.header).toBeUndefined();
    expect(t.rows).toHaveLength(6);
    expect(t.rows[2]).toEqual([
      '2 Iterative Pre-Copy',
      '0 ms to 22.3 s',
      '11 rounds, 25.7 GiB sent while vm-6 runs',
    ]);
    expect(note).toEqual({ kind: 'paragraph', text: inline('downtime 251 ms (stages 3 to 5)') });
  });

  it('reads the rounds as a table with a header, numbers aligned right, the # column as bars', () => {
    const [table] = parseMessage(ROUNDS);
    const t = (table as Extract<Block, { kind: 'table' }>).table;
    expect(t.header).toEqual(['round', 'sent', 'duration', 'dirtied', 'throttle', '']);
    expect(t.rows[0]).toEqual(['1', '4 GiB', '3.47 s', '3 GiB', '0 %', '####################']);
    expect(t.rows[3]).toEqual(['10', '899 MiB', '762 ms', '572 MiB', '50 %', '####']);
    expect(t.align).toEqual(['right', 'right', 'right', 'right', 'right', 'left']);
    expect(t.bars).toEqual([false, false, false, false, false, true]);
  });

  it('reads a recommendation as a paragraph and a labelled list of the hosts left out', () => {
    const [first, excluded] = parseMessage(RECOMMENDATION);
    expect(first!.kind).toBe('paragraph');
    expect(excluded!.kind).toBe('list');
    const { lead, items } = excluded as Extract<Block, { kind: 'list' }>;
    expect(text(lead)).toBe('Excluded:');
    expect(items.map(text)).toEqual([
      'host-c has AMD CPUs and vm-3 runs on Intel: live migration cannot cross CPU vendors',
      "host-d and host-e run other hypervisors than vm-3's KVM",
      "host-f's CPU feature level is 3, below vm-3's level 4.",
    ]);
  });

  it('leaves prose as paragraphs: single spaces, one line, or a lead with one line under it', () => {
    expect(parseMessage('Live-migrate vm-3 (4 GiB) from host-a to host-b?')).toEqual([
      { kind: 'paragraph', text: inline('Live-migrate vm-3 (4 GiB) from host-a to host-b?') },
    ]);
    expect(parseMessage('Note:\nonly this.').map((b) => b.kind)).toEqual([
      'paragraph',
      'paragraph',
    ]);
    expect(parseMessage('a  b\nc d').map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
  });

  it('continues a list item on an indented line', () => {
    const [list] = parseMessage('- one\n  more of one\n- two');
    expect((list as Extract<Block, { kind: 'list' }>).items.map(text)).toEqual([
      'one more of one',
      'two',
    ]);
  });
});

describe('inline: ids, things to say and quantities', () => {
  it('keeps a number with its unit', () => {
    expect(inline('0 ms to 3.47 s, 130 MiB at 1180 MiB/s, 20 %, 2 vCPUs, 11 rounds')).toEqual([
      { kind: 'qty', text: '0 ms' },
      { kind: 'text', text: ' to ' },
      { kind: 'qty', text: '3.47 s' },
      { kind: 'text', text: ', ' },
      { kind: 'qty', text: '130 MiB' },
      { kind: 'text', text: ' at ' },
      { kind: 'qty', text: '1180 MiB/s' },
      { kind: 'text', text: ', ' },
      { kind: 'qty', text: '20 %' },
      { kind: 'text', text: ', ' },
      { kind: 'qty', text: '2 vCPUs' },
      { kind: 'text', text: ', 11 rounds' },
    ]);
  });

  it('marks VM, host and migration ids, not words with hyphens', () => {
    expect(inline("vm-3's pre-copy to host-b (mig-m3x1-0a1b2c), auto-converge")).toEqual([
      { kind: 'id', text: 'vm-3' },
      { kind: 'text', text: "'s pre-copy to " },
      { kind: 'id', text: 'host-b' },
      { kind: 'text', text: ' (' },
      { kind: 'id', text: 'mig-m3x1-0a1b2c' },
      { kind: 'text', text: '), auto-converge' },
    ]);
  });

  it('marks quoted things to say, quotes kept', () => {
    expect(inline('Ask "how is vm-6 doing?" any time.')).toEqual([
      { kind: 'text', text: 'Ask ' },
      { kind: 'say', text: '"how is vm-6 doing?"' },
      { kind: 'text', text: ' any time.' },
    ]);
  });
});

describe('parseMessage on any text', () => {
  const anyText = fc.string({
    unit: fc.constantFrom('a', 'b', '1', ' ', ' ', '  ', '\n', '-', ':', ';', '#', '"', 'vm-', '<'),
    maxLength: 200,
  });

  it('keeps every word in order (list markers aside) and never throws', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const withoutMarkers = s
          .replace(/\r\n?/g, '\n')
          .split('\n')
          .map((l) => l.replace(/^\s*(?:[-*•–]|\d{1,3}[.)])\s+(?=\S)/, ''))
          .join('\n');
        const expected = withoutMarkers.split(/\s+/).filter(Boolean);
        // A "Label: a; b" line is split at its semicolons: compare without them.
        const strip = (w: string[]) => w.join(' ').replace(/;/g, ' ').split(/\s+/).filter(Boolean);
        expect(strip(words(parseMessage(s)))).toEqual(strip(expected));
      }),
    );
  });

  it('gives spans whose text is the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(text(inline(s))).toBe(s);
      }),
    );
  });
});

describe('parseTable on any aligned table', () => {
  // One word a cell: a single space inside a cell may line up by chance with the start of a
  // column, a layout the bot's tables avoid (two spaces between columns) and people read both ways.
  const cell = fc.stringMatching(/^[a-z0-9.%#]{1,8}$/);
  const grid = fc
    .tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 6 }))
    .chain(([columns, rows]) =>
      fc.tuple(
        fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), {
          minLength: rows,
          maxLength: rows,
        }),
        fc.array(fc.boolean(), { minLength: columns, maxLength: columns }),
      ),
    );

  it('reads back the cells of columns padded left or right with two spaces between', () => {
    fc.assert(
      fc.property(grid, ([cells, right]) => {
        const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
        const lines = cells.map((r) =>
          r
            .map((x, c) => (right[c] ? x.padStart(widths[c]!) : x.padEnd(widths[c]!)))
            .join('  ')
            .trimEnd(),
        );
        const table = parseTable(lines);
        expect(table).not.toBeNull();
        expect([...(table!.header ? [table!.header] : []), ...table!.rows]).toEqual(cells);
      }),
    );
  });
});

describe('ssmlText', () => {
  it('says what SSML says, without its tags', () => {
    expect(ssmlText('<speak>Hello <break time="1s"/>vm-3 &amp; host-b</speak>')).toBe(
      'Hello vm-3 & host-b',
    );
  });
});
