/**
 * What the HTTP adapter and the bundle's quick reader of a comment server share (see
 * `default-adapters.ts`): one request, sent as every call sends it (JSON, this browser's author
 * key if it has one, no cookies, a timeout), the list path, and the edit grants this browser
 * keeps. The bundle reads a thread's first page with these while the full client
 * (`http-client.ts`, a chunk) loads.
 *
 * @module
 */
import { randomId } from '../core/id.js';
import type { ListOptions } from './storage-adapter.js';

/** The first part of the HTTP adapter's `localStorage` keys. */
export const KEY_PREFIX = 'comment-thread:v1:';

/** Where the author key is kept. */
export const AUTHOR_KEY = `${KEY_PREFIX}author-key`;

/** Milliseconds before a request gives up, unless the adapter's options say otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** An edit token the server gave for a comment, and until when it works. */
export interface EditGrant {
  token: string;
  until: string;
}

/** Where the edit grants for the server at `baseUrl` are kept. */
export const grantsKey = (baseUrl: string): string => `${KEY_PREFIX}edit-tokens:${baseUrl}`;

/** The edit grants kept as `value`, by comment id; none when it is unreadable. */
export function parseGrants(value: string | null): Record<string, EditGrant> {
  try {
    const parsed = JSON.parse(value ?? '{}') as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, EditGrant>) : {};
  } catch {
    return {};
  }
}

/** `grant` when it is one (a token and a date), else `null`. */
export const validGrant = (grant: EditGrant | undefined): EditGrant | null =>
  grant && typeof grant.token === 'string' && typeof grant.until === 'string' ? grant : null;

/** Until when `grant` lets this browser edit its comment, or `null` when it does not (any more). */
export function grantUntil(grant: EditGrant | undefined): Date | null {
  const until = new Date(validGrant(grant)?.until ?? NaN);
  return until.getTime() > Date.now() ? until : null;
}

/** A request on its way. */
export interface OpenRequest {
  response: Promise<Response>;
  /** Aborts when the request has taken too long. */
  timeout: AbortSignal;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  body?: unknown;
  headers?: Record<string, string> | undefined;
  timeoutMs: number;
}

/**
 * This browser's author key, as kept through `read`: a random key that identifies its author
 * (and voter) to the server, which stores it hashed. Only a post or a vote makes one: with
 * `write`, a key is made and kept when there is none; without it (a read), `null` when there is
 * none, so that a reader who never writes is never given an identifier.
 */
export function authorKey(read: (name: string) => string | null, write?: (name: string, value: string) => void): string | null {
  let key = read(AUTHOR_KEY);
  if (!key && write) write(AUTHOR_KEY, (key = `${randomId()}${randomId()}`.replace(/-/g, '')));
  return key;
}

/** Sends a request to `url`, with the author key `key` when there is one. */
export function openRequest(url: string, method: string, key: string | null | undefined, options: RequestOptions): OpenRequest {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const response = fetch(url, {
    method,
    signal,
    headers: {
      Accept: 'application/json',
      ...(key ? { 'X-Author-Key': key } : {}),
      ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : null,
    credentials: 'omit',
  });
  return { response, timeout };
}

/**
 * The server's `lastEventId` of the latest first page read of each thread (`"baseUrl thread"`):
 * where the thread's live stream, opened once the client has loaded, goes on from, so that a
 * change made between the read and the stream is not missed. Taken by the stream that uses it.
 */
export const listedAt = new Map<string, { id: string; at: number }>();

/** Notes the `lastEventId` of a first page's `answer` for thread `threadId` (see {@link listedAt}). */
export function noteListed(baseUrl: string, threadId: string, answer: unknown, options: ListOptions = {}): void {
  const id = (answer as { lastEventId?: unknown } | null)?.lastEventId;
  if (!options.cursor && typeof id === 'string' && /^\d{1,15}$/.test(id)) listedAt.set(`${baseUrl} ${threadId}`, { id, at: Date.now() });
}

/** The address of a thread's Atom feed on the server at `baseUrl`. */
export const feedUrl = (baseUrl: string, threadId: string): string => `${baseUrl}/api/comments.atom?thread=${encodeURIComponent(threadId)}`;

/** The API path that lists a thread's comments. */
export function listPath(threadId: string, options: ListOptions = {}): string {
  const query = new URLSearchParams({ thread: threadId, sort: options.sort ?? 'oldest' });
  if (options.limit) query.set('limit', String(Math.min(100, Math.max(1, Math.floor(options.limit)))));
  if (options.cursor) query.set('cursor', options.cursor);
  return `/api/comments?${query}`;
}
