import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ImageResponseCard, Message } from '../../runtime/api/types';
import { JsonTree } from './json-tree';
import {
  inline,
  parseMessage,
  ssmlText,
  type Block,
  type Inline,
  type TextTable,
} from './message-text';

/**
 * One message of the bot as a person reads it: plain text laid out as paragraphs, lists and
 * tables (message-text.ts reads them from the text), SSML as the text it says, a response card
 * as its title and buttons, a custom payload folded away (it is for other clients). Everything
 * is rendered as text nodes: nothing the bot sends becomes markup.
 */
export function BotMessage(props: {
  message: Message;
  live: boolean;
  onAnswer: (text: string) => void;
}) {
  const { message } = props;
  const content = typeof message.content === 'string' ? message.content : '';
  const card = message.imageResponseCard;
  if (message.contentType === 'ImageResponseCard' && card && typeof card === 'object')
    return <Card card={card} live={props.live} onAnswer={props.onAnswer} />;
  if (message.contentType === 'CustomPayload') return <CustomPayload content={content} />;
  return <RichText text={message.contentType === 'SSML' ? ssmlText(content) : content} />;
}

export function RichText(props: { text: string }) {
  const blocks = useMemo(() => parseMessage(props.text), [props.text]);
  return (
    <div class="bubble rich">
      {blocks.map((b) => (
        <TextBlock block={b} />
      ))}
    </div>
  );
}

function TextBlock({ block }: { block: Block }) {
  const lead =
    block.kind !== 'paragraph' && block.lead ? (
      <p class="lead">
        <Spans spans={block.lead} />
      </p>
    ) : null;
  switch (block.kind) {
    case 'paragraph':
      return (
        <p>
          <Spans spans={block.text} />
        </p>
      );
    case 'list':
      return (
        <>
          {lead}
          <ul>
            {block.items.map((item) => (
              <li>
                <Spans spans={item} />
              </li>
            ))}
          </ul>
        </>
      );
    case 'table':
      return (
        <>
          {lead}
          <FitTable table={block.table} />
        </>
      );
  }
}

function Spans({ spans }: { spans: Inline }) {
  return (
    <>{spans.map((s) => (s.kind === 'text' ? s.text : <span class={s.kind}>{s.text}</span>))}</>
  );
}

/**
 * A table of the bot's: columns while they fit the bubble, else one block per row with each
 * value under its column's name (no sideways scroll at any width).
 */
function FitTable({ table }: { table: TextTable }) {
  const box = useRef<HTMLDivElement>(null);
  const [stacked, setStacked] = useState(false);
  // The width the columns need, measured while they are shown.
  const needed = useRef(0);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const fit = () => {
      const tableElement = element.firstElementChild as HTMLElement | null;
      if (!tableElement) return;
      if (!stacked) needed.current = tableElement.scrollWidth;
      const next = needed.current > element.clientWidth + 0.5;
      if (next !== stacked) setStacked(next);
    };
    fit();
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fit);
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [stacked, table]);

  const longest = table.bars.map((bar, c) =>
    bar ? Math.max(...table.rows.map((r) => r[c]?.length ?? 0)) : 0,
  );
  const header = table.header;
  return (
    <div class="text-table" ref={box}>
      <table class={stacked ? 'stacked' : undefined}>
        {header ? (
          <thead>
            <tr>
              {header.map((h, c) => (
                <th scope="col" class={table.align[c]}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>
          {table.rows.map((row) => (
            <tr>
              {row.map((cell, c) =>
                table.bars[c] ? (
                  <td class="bar-cell" aria-hidden="true">
                    <span
                      class="text-bar"
                      style={{ width: `${(cell.length / longest[c]!) * 100}%` }}
                    />
                  </td>
                ) : (
                  <td
                    class={table.align[c]}
                    data-label={stacked && header?.[c] ? header[c] : undefined}
                  >
                    <Spans spans={inline(cell)} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Only links a browser may follow safely; the page shows no image from elsewhere (its CSP). */
function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function Card(props: { card: ImageResponseCard; live: boolean; onAnswer: (text: string) => void }) {
  const { card } = props;
  const title = String(card.title ?? '');
  const buttons = (Array.isArray(card.buttons) ? card.buttons : []).filter(
    (b) => b !== null && typeof b === 'object',
  );
  const image = safeLink(card.imageUrl);
  return (
    <div class="bubble card">
      <p class="card-title">{title}</p>
      {card.subtitle ? <p class="card-subtitle">{String(card.subtitle)}</p> : null}
      {image ? (
        <p class="card-image">
          <a href={image} target="_blank" rel="noopener noreferrer">
            Image of the card
          </a>
        </p>
      ) : null}
      {buttons.length > 0 ? (
        props.live ? (
          <div class="choices" role="group" aria-label={title}>
            {buttons.map((b) => (
              <button type="button" onClick={() => props.onAnswer(String(b.value ?? b.text))}>
                {String(b.text ?? b.value)}
              </button>
            ))}
          </div>
        ) : (
          <ul class="card-options" aria-label={`${title}: the choices offered`}>
            {buttons.map((b) => (
              <li>{String(b.text ?? b.value)}</li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

function CustomPayload({ content }: { content: string }) {
  const parsed = useMemo(() => {
    try {
      return { json: JSON.parse(content) as unknown };
    } catch {
      return undefined;
    }
  }, [content]);
  return (
    <details class="bubble payload">
      <summary>
        Custom payload for other clients ({content.length} character
        {content.length === 1 ? '' : 's'})
      </summary>
      {parsed ? (
        <JsonTree label="payload" value={parsed.json} openDepth={1} />
      ) : (
        <p class="payload-text">{content}</p>
      )}
    </details>
  );
}
