/**
 * Webhooks: a JSON POST to each `--webhook` URL when a comment is created, edited, deleted or
 * moderated, signed with HMAC-SHA256 of the body under `--webhook-secret`, so that the receiver
 * can tell it came from this server. Each delivery goes through the outbox (`outbox` table):
 * it survives a restart, a failed attempt is tried again after {@link WebhookOptions.retryMs},
 * then twice as long each time, up to {@link MAX_ATTEMPTS}, and any server process on the
 * database may send a due one. `GET /api/admin/webhooks` is the delivery log.
 *
 * What a receiver gets:
 * - `Content-Type: application/json`, `User-Agent: comment-thread-server`;
 * - `X-Comment-Thread-Event`: `comment.created`, `comment.updated`, `comment.deleted` or
 *   `comment.status` (approved, rejected, marked as spam);
 * - `X-Comment-Thread-Delivery`: the delivery's id (the same on every attempt: receivers can
 *   drop repeats);
 * - `X-Comment-Thread-Signature`: `sha256=` and the hex HMAC-SHA256 of the body;
 * - the body: `{ "event", "deliveredFor" (ISO date of the change), "comment": { … } }`.
 * Any 2xx answer within {@link TIMEOUT_MS} is a delivery.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { OutboxWorker, type AttemptResult } from './outbox-worker.js';
import type { CommentStore, OutboxEntry, StoredComment } from './store/comment-store.js';

export { MAX_ATTEMPTS } from './outbox-worker.js';

/** How long a receiver may take to answer. */
export const TIMEOUT_MS = 10_000;
/** Deliveries sent at once by one process. */
const BATCH = 20;

export type WebhookEvent = 'comment.created' | 'comment.updated' | 'comment.deleted' | 'comment.status';

export interface WebhookOptions {
  /** Where to POST. */
  urls: readonly string[];
  /** The HMAC key (`--webhook-secret`). */
  secret: string;
  /** The wait before the first retry; each later one waits twice as long (default 10 s). */
  retryMs: number;
}

/** `body` signed as receivers check it: `sha256=` and the hex HMAC-SHA256 under `secret`. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A comment as a webhook carries it: what the site's own systems may know of it (never its author key, token or network). */
function described(comment: StoredComment): Record<string, unknown> {
  return {
    id: comment.id,
    threadId: comment.threadId,
    parentId: comment.parentId,
    author: { name: comment.authorName, website: comment.authorWebsite, role: comment.role },
    body: comment.body,
    status: comment.status,
    kind: comment.kind,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
  };
}

/**
 * Queues webhook deliveries and sends them. {@link notify} is called by the routes; the sender
 * (`outbox-worker.ts`) runs from {@link start} to {@link stop}.
 */
export class Webhooks {
  readonly #store: CommentStore;
  readonly #options: WebhookOptions;
  readonly #now: () => Date;
  readonly #worker: OutboxWorker;

  constructor(store: CommentStore, options: WebhookOptions, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#options = options;
    this.#now = now;
    this.#worker = new OutboxWorker(
      store,
      {
        kind: 'webhook',
        retryMs: options.retryMs,
        timeoutMs: TIMEOUT_MS,
        batch: BATCH,
        attempt: (entry) => this.#post(entry),
        describe: (entry) => `webhook delivery ${entry.id} (${entry.event}) to ${entry.target}`,
      },
      now,
    );
  }

  /** Queues `event` about `comment` for every URL. A failure to queue is logged: the change itself stands. */
  async notify(event: WebhookEvent, comment: StoredComment): Promise<void> {
    const at = this.#now().toISOString();
    const payload = JSON.stringify({ event, deliveredFor: at, comment: described(comment) });
    try {
      await this.#store.enqueue(
        this.#options.urls.map((target) => ({ kind: 'webhook' as const, target, event, payload })),
        at,
      );
      this.#worker.kick();
    } catch (error) {
      console.error(`comment-thread-server: a webhook (${event}) could not be queued:`, (error as Error).message);
    }
  }

  /** Looks for due deliveries every half second, and at once. */
  start(): void {
    this.#worker.start();
  }

  /** Stops looking; resolves when the deliveries under way have ended. */
  stop(): Promise<void> {
    return this.#worker.stop();
  }

  /** POSTs a delivery once. */
  async #post(entry: OutboxEntry): Promise<AttemptResult> {
    try {
      const response = await fetch(entry.target, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'comment-thread-server',
          'X-Comment-Thread-Event': entry.event,
          'X-Comment-Thread-Delivery': String(entry.id),
          'X-Comment-Thread-Signature': signature(this.#options.secret, entry.payload),
        },
        body: entry.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      return { delivered: response.status >= 200 && response.status < 300, result: `HTTP ${response.status}` };
    } catch (error) {
      return {
        delivered: false,
        result:
          (error as Error).name === 'TimeoutError'
            ? `no answer within ${TIMEOUT_MS / 1000} s`
            : `not reached (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`,
      };
    }
  }
}
