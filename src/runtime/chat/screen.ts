import type { Interface } from 'node:readline';
import type { Writable } from 'node:stream';

/**
 * A terminal with the prompt on its last line: lines are printed above it, and live lines
 * (progress bars) sit just above the prompt and are redrawn in place, while whatever the user
 * is typing stays on the prompt line. Each redraw goes back to the top of the live block, clears
 * to the end of the screen and writes the block again: the terminal keeps no state of ours.
 * Live lines are cut to the terminal's width: one that wrapped would throw the count off.
 */
export class Screen {
  private readonly live = new Map<number, string>();
  /** Live lines on screen, right above the prompt. */
  private drawn = 0;
  private closed = false;

  constructor(
    private readonly output: Writable,
    private readonly readline: Interface,
  ) {}

  /** Prints lines for good, above the live block and the prompt. */
  print(lines: readonly string[]): void {
    this.redraw(lines, 0);
  }

  /**
   * The user pressed Enter: the terminal echoed the line (`width` characters, over as many rows
   * as it took) and moved down, under the live block. The echoed line becomes a printed line
   * above it, and a fresh prompt comes back.
   */
  entered(echoed: string, width: number): void {
    this.redraw([echoed], Math.max(1, Math.ceil(width / this.columns)));
  }

  /** Text cut to fit one row of the terminal. */
  fit(text: string): string {
    return text.length < this.columns ? text : `${text.slice(0, this.columns - 2)}…`;
  }

  private get columns(): number {
    return (this.output as { columns?: number }).columns || Number.POSITIVE_INFINITY;
  }

  /** Sets (or, with undefined, removes) a live line. */
  setLive(id: number, line: string | undefined): void {
    if (line === undefined) this.live.delete(id);
    else this.live.set(id, line);
    this.redraw([], 0);
  }

  /** Clears the live block and the prompt line, for the shell that comes back. */
  close(): void {
    if (this.closed) return;
    this.output.write(`\r${this.drawn > 0 ? `\x1b[${this.drawn}A` : ''}\x1b[0J`);
    this.closed = true;
  }

  private redraw(lines: readonly string[], extraUp: number): void {
    if (this.closed) return;
    const up = this.drawn + extraUp;
    let text = `\r${up > 0 ? `\x1b[${up}A` : ''}\x1b[0J`;
    for (const line of lines) text += `${line}\n`;
    for (const line of this.live.values()) text += `${line}\n`;
    this.output.write(text);
    this.drawn = this.live.size;
    this.readline.prompt(true);
  }
}
