/**
 * The live-update streams of `/api/events`, kept cheap at thousands of watchers:
 *
 * - **Fan-out once per thread.** The first watcher of a thread subscribes the thread to the
 *   {@link LiveHub}; each change is read from the store and turned into its message once, and
 *   that message goes to every watcher of the thread. (Before, each watcher read the comment
 *   itself: 2,000 watchers cost 2,000 reads per post.)
 * - **Caps.** Open streams are limited per client network and in all; one more is refused
 *   with a clear error, which EventSource treats as final and the widget retries later.
 * - **Catching up.** A message's SSE id is the change's `seq`; a client that reconnects with
 *   `Last-Event-ID` (EventSource sends it by itself) first gets what it missed, from the
 *   change log, then the live messages, with none twice. A change that cannot be read (the
 *   database failed under it) ends the thread's streams, so that their clients come back and
 *   catch up, rather than miss it without knowing.
 *
 * @module
 */
import type { LiveEvent, LiveHub } from './live.js';

/** One SSE message. */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/** A thread's message for a change, or null when the change shows nothing to anyone. */
export type RenderChange = (event: LiveEvent) => Promise<SseMessage | null>;

/**
 * Gets each message with its change's `seq`; or `null` when a change could not be read (the
 * database failed under it): the stream should then end, so that its client comes back with
 * `Last-Event-ID` and is sent what it missed once the database answers again.
 */
type Watcher = (message: SseMessage | null, seq: number) => void;

interface Feed {
  watchers: Set<Watcher>;
  unsubscribe: () => void;
  /** One change at a time, so that messages go out in the order of the changes. */
  order: Promise<void>;
}

/** Why a stream was refused. */
export type StreamRefusal = 'client' | 'total';

export interface StreamLimits {
  /** Streams in all. */
  total: number;
  /** Streams per client network. */
  perClient: number;
}

export class ThreadFeeds {
  readonly #live: LiveHub;
  readonly #render: RenderChange;
  readonly #limits: StreamLimits;
  readonly #feeds = new Map<string, Feed>();
  readonly #perClient = new Map<string, number>();
  #open = 0;

  constructor(live: LiveHub, render: RenderChange, limits: StreamLimits) {
    this.#live = live;
    this.#render = render;
    this.#limits = limits;
  }

  /**
   * Counts a new stream of `client` (the keyed hash of its network), or says why it is
   * refused. Each stream that was let in is given back with {@link release}.
   */
  admit(client: string): StreamRefusal | null {
    const mine = this.#perClient.get(client) ?? 0;
    if (mine >= this.#limits.perClient) return 'client';
    if (this.#open >= this.#limits.total) return 'total';
    this.#perClient.set(client, mine + 1);
    this.#open++;
    return null;
  }

  release(client: string): void {
    const mine = (this.#perClient.get(client) ?? 1) - 1;
    if (mine <= 0) this.#perClient.delete(client);
    else this.#perClient.set(client, mine);
    this.#open--;
  }

  /** Sends every message of `threadId`'s changes to `watcher` from now on; returns the stop. */
  watch(threadId: string, watcher: Watcher): () => void {
    let feed = this.#feeds.get(threadId);
    if (!feed) {
      const created: Feed = { watchers: new Set(), unsubscribe: () => {}, order: Promise.resolve() };
      created.unsubscribe = this.#live.subscribe(threadId, (event) => {
        created.order = created.order.then(async () => {
          let message: SseMessage | null;
          try {
            message = await this.#render(event);
          } catch {
            for (const each of created.watchers) each(null, event.seq);
            return;
          }
          if (message) for (const each of created.watchers) each(message, event.seq);
        });
      });
      this.#feeds.set(threadId, (feed = created));
    }
    const watched = feed;
    watched.watchers.add(watcher);
    return () => {
      watched.watchers.delete(watcher);
      if (watched.watchers.size === 0 && this.#feeds.get(threadId) === watched) {
        watched.unsubscribe();
        this.#feeds.delete(threadId);
      }
    };
  }
}

/**
 * A stream's pause between messages: `done` resolves when `wake()` is called (a message came)
 * or after `ms` (time for a keep-alive). Woken, the timer goes: each one left running would
 * hold its promise (and, at 5,000 streams, ~300 bytes per stream per message) for 25 s.
 */
export function nap(ms: number): { done: Promise<void>; wake: () => void } {
  let wake = (): void => {};
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, wake };
}
