import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Comments in the first step after the first render. Later steps are sized from what the last
 * one cost; starting from the first render's handful would take several frames to grow.
 */
const FIRST_STEP = 40;

export interface ProgressiveOptions {
  /** Comments in the first render of a long thread: enough for a screenful (default 8). */
  first?: number;
  /** Threads of up to this many comments render whole in the first frame, without steps (default 200). */
  whole?: number;
  /** Milliseconds of rendering one later step should take, below the 50 ms of a long task. */
  budgetMs?: number;
}

/**
 * Renders a long thread in steps: the first screenful at once, then more top-level threads per
 * task until all are in the DOM, each step sized to stay under `budgetMs`. A thread of up to
 * `whole` comments (most threads) renders whole at once: steps would only delay its last
 * comments by a few frames. The page can paint
 * and answer input between steps, and every comment still ends up in the DOM (find-in-page and
 * links keep working), soon after the first paint. The host asks {@link take} how many threads
 * to render and awaits {@link whenComplete} where it needs all of them.
 */
export class ProgressiveController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #first: number;
  readonly #whole: number;
  readonly #budgetMs: number;
  /** Comments allowed in the DOM so far. */
  #limit: number;
  #step: number;
  #total = 0;
  #grew = false;
  /** Stays true once the first screenful was painted (or all was rendered), until {@link reset}. */
  #pastFirst = false;
  #startedAt = 0;
  #scheduled = false;
  #channel: MessageChannel | undefined;
  #waiters: Array<() => void> = [];

  constructor(host: ReactiveControllerHost, options: ProgressiveOptions = {}) {
    this.#host = host;
    this.#first = options.first ?? 8;
    this.#whole = options.whole ?? 200;
    this.#budgetMs = options.budgetMs ?? 35;
    this.#limit = this.#first;
    this.#step = FIRST_STEP;
    host.addController(this);
  }

  /** Every thread offered to the last {@link take} is rendered. */
  get complete(): boolean {
    return this.#limit >= this.#total;
  }

  /**
   * The first screenful has been painted (a later step has run), or there was no more to
   * render: what sits below the thread can render now without delaying the first comments.
   */
  get pastFirstScreen(): boolean {
    return this.#pastFirst || this.complete;
  }

  /** Starts again from the first screenful (a different thread is shown). */
  reset(): void {
    this.#scheduled = false;
    this.#pastFirst = false;
    this.#limit = this.#first;
    this.#step = FIRST_STEP;
  }

  /**
   * How many of the top-level threads to render now, given the number of comments in each;
   * always at least one, and always whole threads.
   */
  take(sizes: readonly number[]): number {
    let total = 0;
    let count = 0;
    for (const size of sizes) {
      if (total < this.#limit) count++;
      total += size;
    }
    this.#total = total;
    if (total <= this.#whole && this.#limit < total) {
      this.#limit = total;
      return sizes.length;
    }
    return count;
  }

  /** Resolves once every comment is rendered (or the host left the page). */
  whenComplete(): Promise<void> {
    return this.complete ? Promise.resolve() : new Promise((resolve) => this.#waiters.push(resolve));
  }

  hostUpdate(): void {
    this.#startedAt = performance.now();
  }

  hostUpdated(): void {
    if (this.complete) {
      this.#pastFirst = true;
      this.#settle();
      return;
    }
    if (this.#grew) {
      // Size the next step from what this one cost, within sane bounds.
      const spent = Math.max(1, performance.now() - this.#startedAt);
      this.#step = Math.round(Math.min(4000, Math.max(40, (this.#step * this.#budgetMs) / spent)));
      this.#grew = false;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    // A message, not setTimeout(0): nested timeouts are clamped to 4 ms each, which adds up
    // over hundreds of steps; the browser still paints between tasks.
    this.#channel ??= new MessageChannel();
    this.#channel.port1.onmessage = () => {
      if (!this.#scheduled) return;
      this.#scheduled = false;
      this.#pastFirst = true;
      this.#limit += this.#step;
      this.#grew = true;
      this.#host.requestUpdate();
    };
    // After the first screenful, let the browser paint it before the next step: otherwise the
    // steps queued behind it keep the first comments off the screen.
    if (this.#limit === this.#first) requestAnimationFrame(() => this.#channel?.port2.postMessage(null));
    else this.#channel.port2.postMessage(null);
  }

  hostDisconnected(): void {
    this.#scheduled = false;
    this.#settle();
  }

  hostConnected(): void {
    if (!this.complete) this.#host.requestUpdate();
  }

  #settle(): void {
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}
