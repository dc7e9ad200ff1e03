/**
 * The sender of one kind of outbox item (webhooks, mail): every {@link POLL_MS} (and when told
 * something was queued) it claims the due items of its kind (`CommentStore.claimDue`: on
 * PostgreSQL `FOR UPDATE SKIP LOCKED`, so processes take different ones), attempts each once,
 * and records the outcome: delivered; again after the first wait, then twice as long each time;
 * given up (and logged) after {@link MAX_ATTEMPTS}, or at once when trying again cannot help. What an attempt is belongs to its user.
 *
 * @module
 */
import type { CommentStore, OutboxEntry, OutboxItem } from './store/comment-store.js';

/** Attempts before an item is given up (about 21 hours of waits with a first wait of 10 s). */
export const MAX_ATTEMPTS = 8;
/** How often the worker looks for due items. */
const POLL_MS = 500;

/** What an attempt got. */
export interface AttemptResult {
  delivered: boolean;
  /** For the log: "HTTP 204", "250 OK", "not reached (ECONNREFUSED)". */
  result: string;
  /** Trying again cannot help (a mail server refused the address for good): given up now. */
  permanent?: boolean;
}

export interface OutboxWorkerOptions {
  kind: OutboxItem['kind'];
  /** The wait before the first retry; each later one waits twice as long. */
  retryMs: number;
  /** Longest an attempt takes: an item is claimed for twice as long. */
  timeoutMs: number;
  /** Items attempted at once by one process. */
  batch: number;
  /** Sends `entry` once; never throws (a failure is a result). */
  attempt(entry: OutboxEntry): Promise<AttemptResult>;
  /** How the log names an item given up: "webhook delivery 12 (comment.created) to https://…". */
  describe(entry: OutboxEntry): string;
}

/** The wait after `attempts` failed attempts. */
export const backoff = (retryMs: number, attempts: number): number => retryMs * 2 ** Math.max(0, attempts - 1);

/** Sends the due items of one kind, from {@link start} to {@link stop}; {@link kick} after queueing. */
export class OutboxWorker {
  readonly #store: CommentStore;
  readonly #options: OutboxWorkerOptions;
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | null = null;
  #sending: Promise<void> = Promise.resolve();
  /** A round of sending is under way; {@link #again}: another was asked for meanwhile. */
  #busy = false;
  #again = false;

  constructor(store: CommentStore, options: OutboxWorkerOptions, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#options = options;
    this.#now = now;
  }

  /** Looks for due items every {@link POLL_MS}, and at once. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.kick(), POLL_MS);
    this.#timer.unref();
    this.kick();
  }

  /** Stops looking; resolves when the attempts under way have ended. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#sending;
  }

  /** Sends what is due; asked again while a round is under way, it runs one more round after it. */
  kick(): void {
    if (this.#busy) {
      this.#again = true;
      return;
    }
    this.#busy = true;
    this.#sending = (async () => {
      do {
        this.#again = false;
        try {
          await this.sendDue();
        } catch (error) {
          console.error(`comment-thread-server: the outbox (${this.#options.kind}) could not be read; trying again shortly:`, (error as Error).message);
        }
      } while (this.#again);
      this.#busy = false;
    })();
  }

  /** Claims the due items and attempts each once. */
  async sendDue(): Promise<void> {
    const now = this.#now();
    // Claimed for longer than an attempt can take: no other process sends them meanwhile.
    const until = new Date(now.getTime() + this.#options.timeoutMs * 2).toISOString();
    const due = await this.#store.claimDue(this.#options.kind, now.toISOString(), until, this.#options.batch);
    await Promise.all(due.map((entry) => this.#attempt(entry)));
  }

  async #attempt(entry: OutboxEntry): Promise<void> {
    const attempts = entry.attempts + 1;
    const { delivered, result, permanent = false } = await this.#options.attempt(entry);
    const now = this.#now();
    const given = !delivered && (permanent || attempts >= MAX_ATTEMPTS);
    await this.#store.settle(entry.id, {
      status: delivered ? 'delivered' : given ? 'failed' : 'pending',
      attempts,
      nextAt: new Date(now.getTime() + (delivered || given ? 0 : backoff(this.#options.retryMs, attempts))).toISOString(),
      lastResult: result,
      doneAt: delivered || given ? now.toISOString() : null,
    });
    if (given) console.error(`comment-thread-server: ${this.#options.describe(entry)} failed ${attempts} times and is given up: ${result}`);
  }
}
