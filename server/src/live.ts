/**
 * Live updates: who is told when a thread changes. Every change is logged in the store's
 * change log first (`CommentStore.recordChange`), which numbers it (`seq`); then, within one
 * process, a plain listener set hears it. On PostgreSQL the logging statement also announces
 * it through NOTIFY, and every server process on the database hears it through its LISTEN
 * connection. When that connection breaks (PostgreSQL restarted, the backend was terminated),
 * the hub connects again and reads from the log what it missed, so that no change is lost
 * and none is heard twice: listeners get changes in `seq` order.
 *
 * Moderators hear more than readers: every new, edited, moderated or deleted comment, held
 * ones too ({@link ModerationNotice}), for the moderation page to read its list again. These
 * are not logged (a page that reconnects reads its list again anyway); on PostgreSQL they go
 * through NOTIFY on {@link MODERATION_CHANNEL}, so a page hears of a post any process took.
 *
 * @module
 */
import type pg from 'pg';
import { CHANGES_CHANNEL, type Change, type CommentStore } from './store/comment-store.js';

/** A change to a comment of a thread; listeners read the comment itself from the store. */
export type LiveEvent = Change;

type Listener = (event: LiveEvent) => void;

/** The NOTIFY channel of {@link ModerationNotice}s. */
export const MODERATION_CHANNEL = 'comment_thread_moderation';

/** What moderators are told of: a comment and what happened to it (as the webhooks name it). */
export interface ModerationNotice {
  event: 'comment.created' | 'comment.updated' | 'comment.status' | 'comment.deleted';
  threadId: string;
  id: string;
}

type NoticeListener = (notice: ModerationNotice) => void;

/** Changes read from the log per query when catching up. */
const CATCH_UP_PAGE = 1000;

export class LiveHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly moderators = new Set<NoticeListener>();
  private readonly store: CommentStore;
  private pool: pg.Pool | null = null;
  private client: pg.PoolClient | null = null;
  private closed = false;
  /** The newest change delivered: anything at or below it was heard already. */
  private lastSeq = 0;
  /** Notifications that arrived while catching up from the log, delivered after it. */
  private held: LiveEvent[] | null = null;

  constructor(store: CommentStore) {
    this.store = store;
  }

  /** Number of open subscriptions, for health checks and tests. */
  get size(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** Shares changes through PostgreSQL from now on (for several server processes). */
  async connectPostgres(pool: pg.Pool): Promise<void> {
    this.pool = pool;
    this.lastSeq = await this.store.lastChange();
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (!this.pool || this.closed) return;
    try {
      const client = await this.pool.connect();
      this.client = client;
      client.on('notification', (message) => {
        if (message.channel === MODERATION_CHANNEL && message.payload) {
          this.tellModerators(message.payload);
          return;
        }
        if (message.channel !== CHANGES_CHANNEL || !message.payload) return;
        let event: LiveEvent;
        try {
          event = JSON.parse(message.payload) as LiveEvent;
        } catch {
          return; // Not ours.
        }
        if (this.held) this.held.push(event);
        else this.deliver(event);
      });
      client.on('error', () => this.reconnect());
      this.held = [];
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      await client.query(`LISTEN ${MODERATION_CHANNEL}`);
      // Listening again: whatever was logged while the connection was down is read from the
      // log, then what arrived meanwhile (most of it read already: deliver skips those).
      for (let complete = false; !complete && !this.closed; ) {
        const page = await this.store.changesSince(this.lastSeq, null, CATCH_UP_PAGE);
        for (const event of page.changes) this.deliver(event);
        complete = page.changes.length < CATCH_UP_PAGE;
      }
      const held = this.held;
      this.held = null;
      for (const event of held) this.deliver(event);
    } catch {
      this.reconnect();
    }
  }

  private reconnect(): void {
    const client = this.client;
    this.client = null;
    // What was held is in the log: the next connection reads it, in order, from there.
    this.held = null;
    client?.release(true);
    if (!this.closed) setTimeout(() => void this.listen(), 1000).unref();
  }

  subscribe(threadId: string, listener: Listener): () => void {
    let set = this.listeners.get(threadId);
    if (!set) this.listeners.set(threadId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(threadId);
    };
  }

  /** Logs a change and tells every subscriber of its thread, in every process. */
  async publish(event: Omit<LiveEvent, 'seq'>): Promise<void> {
    const logged = await this.store.recordChange(event);
    // On PostgreSQL it comes back to this process too, through its own LISTEN. Here it is
    // delivered on the next turn of the event loop: the write that made it is answered first,
    // however many streams then have to be written (in order: `setImmediate` runs FIFO).
    if (!this.pool) setImmediate(() => this.deliver(logged));
  }

  /** Listens to every {@link ModerationNotice}, from every process; returns the way to stop. */
  subscribeModeration(listener: NoticeListener): () => void {
    this.moderators.add(listener);
    return () => this.moderators.delete(listener);
  }

  /** Tells the moderators of every process; a notice that cannot be sent is lost (pages read their list again when they reconnect). */
  async notifyModerators(notice: ModerationNotice): Promise<void> {
    const payload = JSON.stringify(notice);
    if (this.pool) await this.pool.query('SELECT pg_notify($1, $2)', [MODERATION_CHANNEL, payload]);
    else setImmediate(() => this.tellModerators(payload));
  }

  private tellModerators(payload: string): void {
    let notice: ModerationNotice;
    try {
      notice = JSON.parse(payload) as ModerationNotice;
    } catch {
      return; // Not ours.
    }
    for (const listener of this.moderators) listener(notice);
  }

  private deliver(event: LiveEvent): void {
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    for (const listener of this.listeners.get(event.threadId) ?? []) listener(event);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.moderators.clear();
    const client = this.client;
    this.client = null;
    if (client) {
      await client.query('UNLISTEN *').catch(() => undefined);
      client.release();
    }
  }
}
