/**
 * Counts from a comment server, batched: every thread asked for in the same task (or, while
 * the page is still being parsed, until it is) from the same server is answered by one
 * `POST {server}/api/counts` with `{ "threads": [...] }`, whose answer is
 * `{ "counts": { thread: n } }`. More threads than a request may name are split over several.
 *
 * @module
 */
import { DEFAULT_TIMEOUT_MS } from '../adapters/http-request.js';
import { LIMITS } from '../core/limits.js';
import { httpAddress } from './http-address.js';

/** Threads one request names at most: the reference server's limit (`server/src/app.ts`). */
export const MAX_THREADS_PER_REQUEST = 100;

/** Characters the server refuses in a thread id (`server/src/validate.ts`). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The address of the server at `src` to put `/api/…` after: absolute (resolved against the
 * page), http(s), without a trailing slash, as `HttpAdapter` takes it (`serverBaseUrl` in
 * `adapters/capabilities.ts`, whose module would bring the adapters' capabilities along).
 *
 * @throws {TypeError} When `src` is no such address.
 */
export function serverOf(src: string): string {
  const url = httpAddress(src);
  if (!url) throw new TypeError(`Not an http(s) address: ${src}`);
  return url.replace(/\/+$/, '');
}

/** Who waits for a thread's count. */
type Waiting = [resolve: (count: number) => void, reject: (error: unknown) => void];

/** The threads asked for since the last request went out, by server. */
let batch: Map<string, Map<string, Waiting[]>> | undefined;

/**
 * The published comments of `threadId` on the server at `baseUrl` (absolute, without a trailing
 * slash). Rejects with the reason when the server cannot be reached, answers with an error, or
 * does not count the thread; at once, without asking, for a thread id the server would refuse
 * (which would fail the whole request).
 */
export const requestCount = (baseUrl: string, threadId: string): Promise<number> =>
  new Promise((resolve, reject) => {
    if (threadId.length > LIMITS.threadIdMax || CONTROL.test(threadId)) throw new Error('A thread id the server refuses');
    if (!batch) {
      batch = new Map();
      // (The listener is added once however often: it is always the same function.)
      if (document.readyState === 'loading') addEventListener('DOMContentLoaded', send);
      else queueMicrotask(send);
    }
    const threads = batch.get(baseUrl) ?? new Map<string, Waiting[]>();
    batch.set(baseUrl, threads.set(threadId, [...(threads.get(threadId) ?? []), [resolve, reject]]));
  });

/** Sends the batch: one request per server and per {@link MAX_THREADS_PER_REQUEST} threads. */
function send(): void {
  const sending = batch!;
  batch = undefined;
  for (const [baseUrl, threads] of sending) {
    const ids = [...threads.keys()];
    for (let i = 0; i < ids.length; i += MAX_THREADS_PER_REQUEST) void ask(baseUrl, ids.slice(i, i + MAX_THREADS_PER_REQUEST), threads);
  }
}

/**
 * One request for `ids` (at most {@link MAX_THREADS_PER_REQUEST}) to the server at `baseUrl`,
 * without cookies or the author key (a count needs neither), given up after the adapters'
 * timeout; settles everyone waiting for them.
 */
async function ask(baseUrl: string, ids: string[], threads: Map<string, Waiting[]>): Promise<void> {
  /** Tells each of the threads' waiters its count, or `error`. */
  const settle = (counts: Record<string, unknown> | undefined, error?: unknown): void => {
    for (const id of ids) {
      // Only a count of its own: `__proto__` or `constructor` missing from the answer reads
      // Object's, which is no integer.
      const count = counts?.[id];
      for (const [resolve, reject] of threads.get(id)!) {
        if (Number.isSafeInteger(count) && (count as number) >= 0) resolve(count as number);
        else reject(error ?? new Error('Not counted'));
      }
    }
  };
  try {
    const response = await fetch(`${baseUrl}/api/counts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ threads: ids }),
      credentials: 'omit',
      signal: AbortSignal.timeout(DEFAULT_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    settle(((await response.json()) as { counts?: Record<string, unknown> } | null)?.counts);
  } catch (error) {
    settle(undefined, error);
  }
}
