/**
 * Progress of a long import on standard error: on a terminal, a bar redrawn in place (at most
 * ten times a second); otherwise (a log, a pipe) a line every 10,000 comments.
 *
 * @module
 */

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Comments between two lines when standard error is not a terminal. */
export const LINE_EVERY = 10_000;

const number = (n: number): string => n.toLocaleString('en');

export class Progress {
  private readonly started = performance.now();
  private drawn = 0;
  private lastLine = 0;
  private shown = false;

  constructor(
    private readonly out: ProgressOutput,
    private readonly file: string,
  ) {}

  private elapsed(): string {
    return `${((performance.now() - this.started) / 1000).toFixed(1)} s`;
  }

  private bar(fraction: number, text: string): void {
    const now = performance.now();
    if (now - this.drawn < 100 && fraction < 1) return;
    this.drawn = now;
    const width = Math.max(10, Math.min(30, (this.out.columns ?? 80) - text.length - 10));
    const full = Math.round(Math.min(1, fraction) * width);
    this.out.write(`\r\x1b[2K[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${Math.floor(fraction * 100)}% ${text}`);
    this.shown = true;
  }

  /** The first reading of the file (its check): a bar on a terminal only. */
  checking(bytes: number, total: number): void {
    if (this.out.isTTY) this.bar(total > 0 ? bytes / total : 1, `checking ${this.file}`);
  }

  /** Comments read so far of the file's `total`. */
  comments(read: number, total: number): void {
    if (this.out.isTTY) {
      this.bar(total > 0 ? read / total : 1, `${number(read)} of ${number(total)} comments`);
      return;
    }
    while (read - this.lastLine >= LINE_EVERY) {
      this.lastLine += LINE_EVERY;
      const percent = total > 0 ? ` (${Math.floor((this.lastLine / total) * 100)}%)` : '';
      this.out.write(`import: ${number(this.lastLine)} of ${number(total)} comments read${percent}, ${this.elapsed()}\n`);
    }
  }

  /** Clears the bar. */
  end(): void {
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}
