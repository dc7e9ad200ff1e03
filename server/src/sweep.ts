/**
 * The sweep: every so often, and once at start, the store forgets what it keeps no longer
 * than it is needed (`CommentStore.sweep`): edit tokens once their edit window has passed,
 * client-network hashes once a block of that network would have expired, change-log entries
 * after an hour, rate-limit buckets once they are full again, outbox deliveries a week
 * after they ended (delivered, or given up), moderation page sign-ins and spent proof-of-work
 * challenges once they expired, and, with `--forget-email DAYS`, the e-mail addresses of
 * comments older than that (without it they stay as long as their comment, since a reply may
 * come at any time; a placeholder keeps none). Several processes may
 * sweep the same database; each sweep is idempotent.
 *
 * @module
 */
import { NETWORK_BLOCK_DAYS } from './app.js';
import { refillMs, type RateRule } from './rate-limit.js';
import type { CommentStore, SweepCutoffs } from './store/comment-store.js';

/** How long the change log keeps a change: a client away longer reads its thread again. */
export const CHANGE_LOG_MINUTES = 60;
/** How long the outbox keeps a delivery that ended (delivered, or given up): the delivery log's memory. */
export const OUTBOX_DAYS = 7;
/** How often the sweep runs. */
export const SWEEP_MINUTES = 10;

export interface SweepOptions {
  editWindowMinutes: number;
  /** Every rate-limit rule in use: a bucket is forgotten once the slowest would be full. */
  rules: readonly RateRule[];
  /** Days after which a comment's e-mail address is forgotten (`--forget-email`); null: kept with the comment. */
  forgetEmailDays?: number | null;
}

/** What a sweep at `now` removes. */
export function sweepCutoffs(now: number, options: SweepOptions): SweepCutoffs {
  const before = (ms: number): string => new Date(now - ms).toISOString();
  return {
    changesBefore: before(CHANGE_LOG_MINUTES * 60_000),
    editTokensBefore: before(options.editWindowMinutes * 60_000),
    addressesBefore: before(NETWORK_BLOCK_DAYS * 86_400_000),
    rateLimitsBefore: now - Math.max(0, ...options.rules.map(refillMs)),
    outboxBefore: before(OUTBOX_DAYS * 86_400_000),
    sessionsBefore: before(0),
    proofsBefore: before(0),
    emailsBefore: options.forgetEmailDays == null ? null : before(options.forgetEmailDays * 86_400_000),
  };
}

/** Sweeps now and every {@link SWEEP_MINUTES}; a failed sweep is logged and tried again next time. */
export function startSweeper(store: CommentStore, options: SweepOptions, now: () => number = Date.now): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = (): void => {
    running = store.sweep(sweepCutoffs(now(), options)).catch((error: unknown) => {
      console.error('comment-thread-server: the periodic sweep failed; it runs again later:', (error as Error).message);
    });
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_MINUTES * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
