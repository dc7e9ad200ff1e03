/**
 * The read half of the adapter for the reference server (`HttpAdapter`): requests with
 * timeouts, retries and error mapping, reading a thread, its live changes, and which comments
 * this browser may still edit. `<comment-thread src>` loads it as a chunk while its first list
 * request is already on its way (`http-request.ts`), and reads that request's answer with it;
 * the write half (`http-adapter.ts`) loads when a visitor writes.
 *
 * @module
 */
import { httpCapabilities, serverBaseUrl } from './capabilities.js';
import { DEFAULT_TIMEOUT_MS, KEY_PREFIX, authorKey, feedUrl, grantUntil, grantsKey, listPath, listedAt, noteListed, openRequest, parseGrants, validGrant, type EditGrant, type OpenRequest } from './http-request.js';
import { readComment, readList } from './read-comment.js';
import {
  AdapterError,
  throwIfAborted,
  type AdapterCapabilities,
  type AdapterErrorCode,
  type CallOptions,
  type Comment,
  type CommentPath,
  type ListOptions,
  type ListResult,
  type ThreadChange,
} from './storage-adapter.js';

/** Options of {@link HttpAdapter}. */
export interface HttpAdapterOptions {
  /** Milliseconds before a request gives up with a `timeout` error. Default 10 000. */
  timeoutMs?: number;
  /** Further attempts of a read or a post after a failure worth retrying. Default 2. */
  retries?: number;
  /** Milliseconds before the first retry; each next one waits twice as long. Default 400. */
  retryDelayMs?: number;
  /**
   * The longest the adapter waits before a retry, in milliseconds. Backoff is capped at this;
   * a server that asks for a longer pause (`429` with `Retry-After`) gets no automatic retry:
   * the call rejects at once with `rate-limited` and `retryAfter`, so the visitor can decide.
   * Default 15 000.
   */
  maxRetryWaitMs?: number;
  /**
   * Where edit tokens and the author key are kept, so the author can still edit after a
   * reload. Default `localStorage`; `null` keeps them in memory only.
   */
  storage?: Storage | null;
}


export { KEY_PREFIX, type EditGrant };

/** HTTP statuses as adapter error codes. */
function codeForStatus(status: number): AdapterErrorCode {
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'invalid';
  if (status === 408) return 'timeout';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  return 'unavailable';
}

/**
 * Seconds a `Retry-After` header asks to wait: delta-seconds or an HTTP date, or `undefined`
 * when absent, unreadable or not in the future.
 */
function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = /^\s*\d+\s*$/.test(header) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

/** Waits `ms`, or rejects with an `AbortError` as soon as `signal` aborts (at once if it has). */
const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    try {
      throwIfAborted(signal);
    } catch (error) {
      reject(error);
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      try {
        throwIfAborted(signal);
      } catch (error) {
        reject(error);
      }
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Reads from a comment-thread server: {@link list}, {@link subscribe}, {@link editableUntil}.
 * `HttpAdapter` adds the writes. Internal: use `HttpAdapter`.
 *
 * @internal
 */
export class HttpClient {
  readonly capabilities: AdapterCapabilities = httpCapabilities();

  /** The server's address, without a trailing slash. */
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #maxRetryWaitMs: number;
  readonly #storage: Storage | null;
  /** Tokens when there is no storage (or it fails). */
  readonly #memory = new Map<string, string>();

  /** @param baseUrl The server, e.g. `https://comments.example.com` (a path prefix is kept). */
  constructor(baseUrl: string, options: HttpAdapterOptions = {}) {
    this.baseUrl = serverBaseUrl(baseUrl);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retries = options.retries ?? 2;
    this.#retryDelayMs = options.retryDelayMs ?? 400;
    this.#maxRetryWaitMs = options.maxRetryWaitMs ?? 15_000;
    this.#storage = options.storage === undefined ? (typeof localStorage === 'undefined' ? null : localStorage) : options.storage;
    // Edit grants whose window has passed since the last visit go at once.
    this.loadGrants();
  }

  /**
   * Reads a page of a thread in `sort` order (`top` included), each comment with this
   * browser's vote on it (`myVote`) when it has an author key. A comment the widget cannot read
   * is skipped and reported in `warnings`, never allowed to blank the thread; an answer that
   * holds no list is `corrupt`.
   */
  async list(threadId: string, options: ListOptions = {}): Promise<ListResult> {
    const answer = await this.request<unknown>('GET', listPath(threadId, options), { signal: options.signal, retry: true });
    noteListed(this.baseUrl, threadId, answer, options);
    return readList(answer, threadId);
  }

  /**
   * Reads one comment by id or alias, with the comments above it (`GET /api/comments/{id}`):
   * `null` when the server has no such comment in this thread. A comment it cannot read is
   * `corrupt`; an ancestor it cannot read is left out.
   */
  async get(threadId: string, idOrAlias: string, options: CallOptions = {}): Promise<CommentPath | null> {
    let answer: { comment?: unknown; ancestors?: unknown } | null;
    try {
      answer = await this.request('GET', `/api/comments/${encodeURIComponent(idOrAlias)}?thread=${encodeURIComponent(threadId)}`, { signal: options.signal, retry: true });
    } catch (error) {
      if (error instanceof AdapterError && error.code === 'not-found') return null;
      throw error;
    }
    const comment = readComment(answer?.comment, threadId);
    if (!comment) {
      // Another thread's comment is no comment of this one.
      if ((answer?.comment as { threadId?: unknown } | undefined)?.threadId !== threadId) return null;
      throw new AdapterError('corrupt', 'The comment server sent a comment that cannot be read.', { retryable: false });
    }
    const ancestors = Array.isArray(answer?.ancestors) ? answer.ancestors.map((entry) => readComment(entry, threadId)).filter((c): c is Comment => c !== null) : [];
    return { comment, ancestors };
  }

  /**
   * Pushes the thread's changes from the server's event stream. When the stream comes back
   * after it was down (EventSource's own reconnection, which sends `Last-Event-ID`, or ours,
   * which asks with `lastEventId`), the server replays what was missed from its change log;
   * when it cannot (its `ready` does not say `replayed`), `listener` gets `{ type: 'resync' }`:
   * whatever changed in between has to be read again.
   */
  subscribe(threadId: string, listener: (change: ThreadChange) => void, options: CallOptions = {}): () => void {
    let source: EventSource | null = null;
    let closed = false;
    let failures = 0;
    /** The stream has been ready before: the next `ready` is a reconnection. */
    let connected = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const close = (): void => {
      closed = true;
      clearTimeout(timer);
      source?.close();
      options.signal?.removeEventListener('abort', close);
    };
    /** The id of the last event heard: where a new connection asks the server to go on from. */
    let lastId = '';
    const parse = (event: MessageEvent): { comment?: Comment; id?: string; replayed?: unknown } | null => {
      if (event.lastEventId) lastId = event.lastEventId;
      try {
        return JSON.parse(event.data as string) as { comment?: Comment; id?: string };
      } catch {
        return null;
      }
    };
    const open = (): void => {
      if (closed) return;
      // The first connection goes on from the thread's first read, if it was made already: what
      // changed in between is replayed (see `listedAt`).
      const key = `${this.baseUrl} ${threadId}`;
      // Only a read of a moment ago: an older one was followed by a stream already (a read made
      // after its stream opened, or before a thread switched away and back).
      const listed = listedAt.get(key);
      if (listed && Date.now() - listed.at < 30_000) lastId ||= listed.id;
      listedAt.delete(key);
      const resumed = !!lastId;
      source = new EventSource(`${this.baseUrl}/api/events?${new URLSearchParams(lastId ? { thread: threadId, lastEventId: lastId } : { thread: threadId })}`);
      source.addEventListener('ready', (event) => {
        failures = 0;
        // The server subscribes before it says `ready`, so a list read from now on misses
        // nothing; a stream that went on from an id (a reconnection, or the first read's)
        // reads again unless the server replays what was missed.
        if ((connected || resumed) && parse(event as MessageEvent)?.replayed !== true) listener({ type: 'resync' });
        connected = true;
      });
      for (const type of ['created', 'updated'] as const) {
        source.addEventListener(type, (event) => {
          const comment = readComment(parse(event as MessageEvent)?.comment, threadId);
          if (comment) listener({ type, comment });
        });
      }
      source.addEventListener('deleted', (event) => {
        const data = parse(event as MessageEvent);
        if (typeof data?.id === 'string') listener({ type: 'removed', id: data.id });
      });
      source.addEventListener('error', () => {
        // EventSource retries by itself while it can; once it gives up (CLOSED), so do we,
        // for a while: 1 s, 2 s, 4 s … up to a minute.
        if (closed || source?.readyState !== EventSource.CLOSED) return;
        failures++;
        if (failures === 3) {
          listener({ type: 'error', error: new AdapterError('network', 'Live updates from the comment server are interrupted; retrying.') });
        }
        timer = setTimeout(open, Math.min(60_000, 1000 * 2 ** Math.min(6, failures - 1)));
      });
    };
    if (options.signal?.aborted) return close;
    options.signal?.addEventListener('abort', close, { once: true });
    open();
    return close;
  }

  /**
   * Until when this browser may still edit or delete a comment it posted, or `null` if it may
   * not (not posted here, or the window has passed).
   */
  /** The thread's Atom feed on the server. */
  feed(threadId: string): string {
    return feedUrl(this.baseUrl, threadId);
  }

  editableUntil(_threadId: string, id: string): Date | null {
    return grantUntil(this.loadGrants()[id]);
  }

  /**
   * The random key identifying this browser's author to the server (stored hashed there), or
   * `null` when it has none. With `make` (a post, a vote), one is made and kept first when
   * there is none: a visitor who only reads is never given one.
   */
  protected authorKey(make?: boolean): string | null {
    return authorKey(
      (name) => this.read(name),
      make ? (name, value) => this.write(name, value) : undefined,
    );
  }

  protected grantsKey(): string {
    return grantsKey(this.baseUrl);
  }

  /**
   * The edit grants kept for this server, by comment id: those whose edit window is still
   * open. Any other (expired, unreadable) is removed from storage as it is found, so that no
   * token outlives its use; every call to the server, and making the client, looks.
   */
  protected loadGrants(): Record<string, EditGrant> {
    const kept = Object.entries(parseGrants(this.read(this.grantsKey())));
    const open = kept.filter(([, grant]) => grantUntil(grant));
    if (open.length < kept.length) this.saveGrants(Object.fromEntries(open));
    return Object.fromEntries(open);
  }

  /** Keeps `grants` for this server; none removes the entry. */
  protected saveGrants(grants: Record<string, EditGrant>): void {
    this.write(this.grantsKey(), Object.keys(grants).length > 0 ? JSON.stringify(grants) : null);
  }

  protected loadGrant(id: string): EditGrant | null {
    return validGrant(this.loadGrants()[id]);
  }

  protected read(name: string): string | null {
    try {
      return this.#storage?.getItem(name) ?? this.#memory.get(name) ?? null;
    } catch {
      return this.#memory.get(name) ?? null;
    }
  }

  /** Keeps `value` as `name`; `null` removes it. */
  protected write(name: string, value: string | null): void {
    if (value === null) this.#memory.delete(name);
    else this.#memory.set(name, value);
    try {
      if (value === null) this.#storage?.removeItem(name);
      else this.#storage?.setItem(name, value);
    } catch {
      // Storage full or blocked: the memory copy serves this page.
    }
  }

  /**
   * One API call with timeout, retries (when allowed) and error mapping. It carries this
   * browser's author key when there is one; with `author` (a post, a vote), one is made if need be.
   */
  protected async request<T>(
    method: string,
    path: string,
    options: { signal?: AbortSignal | undefined; body?: unknown; headers?: Record<string, string>; retry?: boolean; author?: boolean },
  ): Promise<T> {
    const attempts = 1 + (options.retry ? this.#retries : 0);
    // Expired edit grants go, on every call.
    this.loadGrants();
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(options.signal);
      try {
        return await this.#fetchOnce<T>(options.signal, openRequest(`${this.baseUrl}${path}`, method, this.authorKey(options.author), { ...options, timeoutMs: this.#timeoutMs }));
      } catch (error) {
        if (!(error instanceof AdapterError) || !error.retryable || attempt >= attempts) throw error;
        // A server asking for a longer pause than we would wait is better answered by the
        // visitor's own retry.
        if (error.retryAfter !== undefined && error.retryAfter * 1000 > this.#maxRetryWaitMs) throw error;
        const backoff = this.#retryDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
        await sleep(error.retryAfter !== undefined ? error.retryAfter * 1000 : Math.min(backoff, this.#maxRetryWaitMs), options.signal);
      }
    }
  }

  /** Reads the answer to a request sent, mapping every failure to an AdapterError. */
  async #fetchOnce<T>(caller: AbortSignal | undefined, { response: answer, timeout }: OpenRequest): Promise<T> {
    let response: Response;
    try {
      response = await answer;
    } catch (error) {
      throwIfAborted(caller);
      if (timeout.aborted) throw new AdapterError('timeout', 'The comment server did not answer in time.', { cause: error });
      throw new AdapterError('network', 'The comment server cannot be reached. Check the connection and try again.', { cause: error });
    }
    if (response.status === 204) return null as T;
    let payload: unknown = null;
    try {
      payload = await response.json();
    } catch (error) {
      throwIfAborted(caller);
      if (timeout.aborted) throw new AdapterError('timeout', 'The comment server did not answer in time.', { cause: error });
      if (response.ok) throw new AdapterError('unavailable', 'The comment server sent an answer that is not JSON.', { cause: error });
    }
    if (response.ok) return payload as T;
    const detail = (payload as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
    const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
    // 413: it is the comment that is too long.
    const field = typeof detail?.field === 'string' ? detail.field : response.status === 413 ? 'body' : undefined;
    // A 403 for a closed thread is `closed`, not `forbidden`: the widget says so for itself.
    throw new AdapterError(detail?.code === 'closed' ? 'closed' : codeForStatus(response.status), typeof detail?.message === 'string' ? detail.message : `The comment server answered ${response.status}.`, {
      ...(field !== undefined ? { field } : {}),
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    });
  }
}
