/**
 * Live updates: who is told when a thread changes. Within one process a plain listener set;
 * on PostgreSQL every change also goes through LISTEN/NOTIFY, so clients of every server
 * process on the same database hear about it.
 *
 * @module
 */
import type pg from 'pg';

/** A change to a comment of a thread; listeners read the comment itself from the store. */
export interface LiveEvent {
  type: 'created' | 'updated' | 'deleted';
  threadId: string;
  id: string;
}

type Listener = (event: LiveEvent) => void;

const CHANNEL = 'comment_thread_changes';

export class LiveHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private pool: pg.Pool | null = null;
  private client: pg.PoolClient | null = null;
  private closed = false;

  /** Number of open subscriptions, for health checks and tests. */
  get size(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** Shares changes through PostgreSQL from now on (for several server processes). */
  async connectPostgres(pool: pg.Pool): Promise<void> {
    this.pool = pool;
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (!this.pool || this.closed) return;
    try {
      const client = await this.pool.connect();
      this.client = client;
      client.on('notification', (message) => {
        if (message.channel !== CHANNEL || !message.payload) return;
        try {
          this.deliver(JSON.parse(message.payload) as LiveEvent);
        } catch {
          // Not ours: ignore.
        }
      });
      client.on('error', () => this.reconnect());
      await client.query(`LISTEN ${CHANNEL}`);
    } catch {
      this.reconnect();
    }
  }

  private reconnect(): void {
    const client = this.client;
    this.client = null;
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

  /** Tells every subscriber of the thread, in every process. */
  async publish(event: LiveEvent): Promise<void> {
    if (this.pool) {
      // Delivered back to this process too, through its own LISTEN.
      await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
    } else {
      this.deliver(event);
    }
  }

  private deliver(event: LiveEvent): void {
    for (const listener of this.listeners.get(event.threadId) ?? []) listener(event);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    const client = this.client;
    this.client = null;
    if (client) {
      await client.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
      client.release();
    }
  }
}
