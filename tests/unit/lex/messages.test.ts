import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEX_LIMITS, splitText, toLexMessages, TRUNCATION_MARK } from '../../../src/lex';

const MAX = LEX_LIMITS.messageContentMax;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const line = (n: number, fill = 'r') => `${String(n).padStart(2, '0')} ${fill.repeat(96)}`;

describe('toLexMessages', () => {
  it('makes PlainText of text, keeping the given order and other messages as they are', () => {
    // Prepare
    const card = {
      contentType: 'ImageResponseCard' as const,
      imageResponseCard: { title: 'Hosts', buttons: [{ text: 'host-a', value: 'host-a' }] },
    };

    // Act
    const messages = toLexMessages(['One.', card, { contentType: 'SSML', content: '<speak/>' }]);

    // Assess
    expect(messages).toEqual([
      { contentType: 'PlainText', content: 'One.' },
      card,
      { contentType: 'SSML', content: '<speak/>' },
    ]);
    expect(messages[1]).not.toBe(card);
  });

  it('drops empty text and gives nothing for nothing', () => {
    expect(toLexMessages(undefined)).toEqual([]);
    expect(toLexMessages('')).toEqual([]);
    expect(toLexMessages(['', 'a', { contentType: 'PlainText', content: '' }])).toEqual([
      { contentType: 'PlainText', content: 'a' },
    ]);
  });

  it('splits long PlainText messages too', () => {
    // Act
    const messages = toLexMessages({ contentType: 'PlainText', content: 'x'.repeat(MAX + 1) });

    // Assess
    expect(messages.map((m) => m.contentType === 'PlainText' && m.content.length)).toEqual([
      MAX,
      1,
    ]);
  });

  it('keeps 10 messages and marks the last one when there is more', () => {
    // Prepare
    const many = Array.from({ length: 12 }, (_, i) => `message ${i + 1}`);

    // Act
    const messages = toLexMessages(many);

    // Assess
    expect(messages).toHaveLength(LEX_LIMITS.maxMessages);
    expect(messages[9]).toEqual({
      contentType: 'PlainText',
      content: `message 10${TRUNCATION_MARK}`,
    });
  });

  it('keeps the marked last message within 1024 characters', () => {
    // Act
    const messages = toLexMessages('x'.repeat(MAX * 11));

    // Assess
    const last = messages[9];
    expect(last?.contentType === 'PlainText' && last.content.length).toBe(MAX);
    expect(last?.contentType === 'PlainText' && last.content.endsWith(TRUNCATION_MARK)).toBe(true);
  });
});

describe('splitText', () => {
  it('leaves text that fits alone', () => {
    expect(splitText('x'.repeat(MAX))).toEqual(['x'.repeat(MAX)]);
  });

  it('breaks between lines, packing as many whole lines as fit', () => {
    // Prepare: 30 lines of 99 characters: 10 fit with their newlines (10*99+9 = 999).
    const lines = Array.from({ length: 30 }, (_, i) => line(i));

    // Act
    const pieces = splitText(lines.join('\n'));

    // Assess
    expect(pieces).toEqual([
      lines.slice(0, 10).join('\n'),
      lines.slice(10, 20).join('\n'),
      lines.slice(20).join('\n'),
    ]);
  });

  it('breaks a long line after its last space that fits, dropping that space', () => {
    // Prepare
    const words = Array.from({ length: 300 }, (_, i) => `w${String(i).padStart(3, '0')}`);
    const text = words.join(' ');

    // Act
    const pieces = splitText(text);

    // Assess: 205 words of 4 with 204 spaces = 1024.
    expect(pieces[0]).toBe(words.slice(0, 205).join(' '));
    expect(pieces.join(' ')).toBe(text);
  });

  it('cuts a single word longer than a message', () => {
    expect(splitText('y'.repeat(2500)).map((p) => p.length)).toEqual([1024, 1024, 452]);
  });

  it('never cuts an emoji in half', () => {
    // Prepare: 'a' then emoji (2 code units each): position 1024 falls inside a pair.
    const text = `a${'😀'.repeat(600)}`;

    // Act
    const pieces = splitText(text);

    // Assess
    expect(pieces[0]).toHaveLength(1023);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece).toBe(String(piece.match(/a?(?:😀)*/u)?.[0]));
  });

  it('always gives pieces of 1 to 1024 characters that rebuild the text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 1500, unit: 'grapheme' }),
            fc.constantFrom('', ' ', '\n', 'x'.repeat(1100), 'é'.repeat(1030)),
          ),
          { maxLength: 8 },
        ),
        (parts) => {
          const text = parts.join('\n');
          const pieces = splitText(text);
          for (const piece of pieces) {
            expect(piece.length).toBeGreaterThanOrEqual(1);
            expect(piece.length).toBeLessThanOrEqual(MAX);
            expect(piece).not.toMatch(LONE_SURROGATE);
          }
          // Only separators (newlines, one space per word break) may be lost.
          const squash = (s: string) => s.replace(/[\n ]/g, '');
          expect(squash(pieces.join(''))).toBe(squash(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
