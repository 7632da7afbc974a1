/**
 * The bot's plain-text messages as a person reads them: the text is the Lambda's, kept exactly as
 * the AWS CLI and the terminal chat show it; this reads its layout back into blocks the page can
 * draw as HTML, so that nothing needs a monospace block or a sideways scroll:
 *
 * - lines starting "- ", "* ", "• " or "1." are a list (an indented line continues its item);
 * - lines whose columns are aligned with runs of spaces are a table (the report's timeline and
 *   rounds), its first line a header when it alone has no digits;
 * - a line ending in ":" leads the list or table under it, and lines under such a lead with no
 *   marker of their own ("6 hosts:" then a line per host) are a list too;
 * - "Label: a; b; c" is a label with a list;
 * - any other line is a paragraph of its own.
 *
 * Inline, VM, host and migration ids, "quoted" things to say and quantities are marked, for
 * styling and wrapping only.
 * Pure and total: any string gives blocks whose words are the string's words, in order (list
 * markers and column padding aside). Written by hand: Markdown parsers would read this text
 * wrong (a table here has no pipes, an id is no code span) and weigh more than this file.
 */

export type Span = { kind: 'text' | 'id' | 'say' | 'qty'; text: string };
export type Inline = Span[];

export type Block =
  | { kind: 'paragraph'; text: Inline }
  | { kind: 'list'; lead?: Inline; items: Inline[] }
  | { kind: 'table'; lead?: Inline; table: TextTable };

export interface TextTable {
  header?: string[];
  rows: string[][];
  align: ('left' | 'right')[];
  /** Columns drawn with "#" characters: a bar whose length is the number of them. */
  bars: boolean[];
}

const LIST_ITEM = /^\s*(?:[-*•–]|\d{1,3}[.)])\s+(\S.*)$/;
/** A run of two or more spaces after the first word: a column gap. */
const COLUMN_GAP = /\S {2,}\S/;
const LABEL_LIST = /^([^:;]{1,30}):\s+(.+;.+)$/;
const BAR = /^[#█▇▆▅▄▃▂▁]+$/;

export function parseMessage(content: string): Block[] {
  const lines = content.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  /** A lead waiting for the list or table under it. */
  let lead: string | undefined;
  const flushLead = () => {
    if (lead !== undefined) blocks.push({ kind: 'paragraph', text: inline(lead) });
    lead = undefined;
  };

  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      flushLead();
      i++;
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const items: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '') {
        const item = LIST_ITEM.exec(lines[i]!);
        if (item) items.push(item[1]!.trim());
        else if (/^\s/.test(lines[i]!) && items.length > 0)
          items.push(`${items.pop()!} ${lines[i]!.trim()}`);
        else break;
        i++;
      }
      blocks.push(listBlock(lead, items));
      lead = undefined;
      continue;
    }
    const tableEnd = tableRun(lines, i);
    if (tableEnd > i) {
      const table = parseTable(lines.slice(i, tableEnd));
      if (table) {
        blocks.push({
          kind: 'table',
          ...(lead !== undefined ? { lead: inline(lead) } : {}),
          table,
        });
        lead = undefined;
        i = tableEnd;
        continue;
      }
    }
    if (lead !== undefined) {
      // Plain lines under a lead: one item each, up to a blank line or another kind of block.
      const items: string[] = [];
      while (i < lines.length && isPlainLine(lines, i)) items.push(lines[i++]!.trim());
      if (items.length >= 2) {
        blocks.push(listBlock(lead, items));
        lead = undefined;
        continue;
      }
      flushLead();
      i -= items.length;
    }
    const trimmed = line.trim();
    i++;
    if (trimmed.endsWith(':')) {
      lead = trimmed;
      continue;
    }
    const labelled = LABEL_LIST.exec(trimmed);
    if (labelled) {
      const parts = labelled[2]!.split(/;\s+/).filter((p) => p.trim() !== '');
      blocks.push(listBlock(`${labelled[1]!}:`, parts));
      continue;
    }
    blocks.push({ kind: 'paragraph', text: inline(trimmed) });
  }
  flushLead();
  return blocks;
}

function listBlock(lead: string | undefined, items: string[]): Block {
  return {
    kind: 'list',
    ...(lead !== undefined ? { lead: inline(lead) } : {}),
    items: items.map(inline),
  };
}

/** A line that is neither blank, a list item, nor the start of a table. */
function isPlainLine(lines: readonly string[], i: number): boolean {
  const line = lines[i]!;
  return line.trim() !== '' && !LIST_ITEM.test(line) && tableRun(lines, i) === i;
}

/**
 * Where a table starting at line `start` ends (exclusive): at least two lines in a row with a
 * column gap. `start` itself when there is none.
 */
function tableRun(lines: readonly string[], start: number): number {
  let end = start;
  while (end < lines.length && COLUMN_GAP.test(lines[end]!) && !LIST_ITEM.test(lines[end]!)) end++;
  return end - start >= 2 ? end : start;
}

/**
 * Columns by position: a column boundary is a run of positions blank on every line, two wide,
 * or one wide where some line has more spaces and the cells line up at it (one space alone is
 * the gap between words of a cell, like "4 GiB"). Null when the lines do not line up into at
 * least two columns.
 */
export function parseTable(lines: readonly string[]): TextTable | null {
  const width = Math.max(...lines.map((l) => l.length));
  const blank = (p: number) => lines.every((l) => (l[p] ?? ' ') === ' ');
  // Inside the line: past its end a short line is blank, but that is no gap between words.
  const ends = lines.map((l) => l.trimEnd().length);
  const wideGapAt = (p: number) =>
    lines.some((l, n) => p < ends[n]! && l[p] === ' ' && (l[p - 1] === ' ' || l[p + 1] === ' '));
  const cuts: [number, number][] = [];
  let p = 0;
  while (p < width && blank(p)) p++; // indentation common to every line
  const first = p;
  while (p < width) {
    if (!blank(p)) {
      p++;
      continue;
    }
    const from = p;
    while (p < width && blank(p)) p++;
    // Two blank positions on every line: a gap. One: a gap only where it is wider on some
    // line and the cells line up at it (else it is the space between two words of a cell).
    const cut = p - from >= 2 || (wideGapAt(from) && aligned(lines, p));
    if (cut && p < width) cuts.push([from, p]);
  }
  if (cuts.length === 0) return null;
  const spans: [number, number][] = [];
  let start = first;
  for (const [from, to] of cuts) {
    spans.push([start, from]);
    start = to;
  }
  spans.push([start, width]);
  const grid = lines.map((l) => spans.map(([a, b]) => l.slice(a, b).trim()));
  const align = spans.map(([a, b]) => columnAlign(lines, a, b));
  const hasDigit = (row: string[]) => row.some((c) => /\d/.test(c));
  const [top, ...rest] = grid;
  const headed = top !== undefined && !hasDigit(top) && rest.some(hasDigit);
  const rows = headed ? rest : grid;
  const bars = spans.map((_, c) => {
    const cells = rows.map((r) => r[c]!).filter((x) => x !== '');
    return cells.length > 0 && cells.every((x) => BAR.test(x));
  });
  return { ...(headed ? { header: top } : {}), rows, align, bars };
}

/**
 * Whether a one-wide blank run starts a column: most lines with words after it start one right
 * after it ("2 Iterative Pre-Copy 0 ms" under "1 Reservation        at 0 ms"). A run blank on
 * every line by chance inside a cell ("22.3 s to 22.5 s" over shorter cells) does not.
 */
function aligned(lines: readonly string[], to: number): boolean {
  const after = lines.filter((l) => l.slice(to).trim() !== '');
  const starting = after.filter((l) => (l[to] ?? ' ') !== ' ').length;
  return starting * 2 > after.length;
}

/** Right when the column's cells end together but start apart (numbers), else left. */
function columnAlign(lines: readonly string[], from: number, to: number): 'left' | 'right' {
  const starts = new Set<number>();
  const ends = new Set<number>();
  for (const line of lines) {
    const cell = line.slice(from, to);
    if (cell.trim() === '') continue;
    starts.add(from + cell.length - cell.trimStart().length);
    ends.add(from + cell.trimEnd().length);
  }
  return ends.size === 1 && starts.size > 1 ? 'right' : 'left';
}

/**
 * VM, host and migration ids; "quoted" things to say (straight or curly quotes); quantities
 * ("3.47 s", "4 GiB"), which should not wrap between number and unit.
 */
const MARKS =
  /(?<id>(?<![\w-])(?:vm|host|mig)-[a-z0-9]+(?:-[a-z0-9]+)*(?![\w-]))|(?<say>"[^"\n]{1,120}"|“[^”\n]{1,120}”)|(?<qty>(?<![\w.])\d+(?:\.\d+)? (?:ms|s|min|h|[KMGT]iB(?:\/s)?|%|vCPUs?)(?![\w/]))/gi;

export function inline(text: string): Inline {
  const spans: Inline = [];
  let at = 0;
  for (const match of text.matchAll(MARKS)) {
    const index = match.index;
    if (index > at) spans.push({ kind: 'text', text: text.slice(at, index) });
    const kind = match.groups?.id ? 'id' : match.groups?.say ? 'say' : 'qty';
    spans.push({ kind, text: match[0] });
    at = index + match[0].length;
  }
  if (at < text.length) spans.push({ kind: 'text', text: text.slice(at) });
  return spans;
}

/** What an SSML message says, without its tags (the page shows speech as text). */
export function ssmlText(ssml: string): string {
  return ssml
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
