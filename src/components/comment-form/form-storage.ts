/**
 * What the form keeps in `localStorage` between visits: unsent drafts (one per thread and
 * parent comment), each with the idempotency key of its last submission, and, if the visitor
 * agrees, their name and website. Every access is guarded: where storage is disabled or full,
 * the form simply works without memory.
 */

const PREFIX = 'comment-thread:v1';

/** Remembered author details. */
export interface RememberedIdentity {
  name: string;
  website: string;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // SecurityError where the page may not use storage
  }
}

function read(key: string): unknown {
  try {
    const raw = storage()?.getItem(key);
    return raw == null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) storage()?.removeItem(key);
    else storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Full or disabled storage: the draft lives on in the form itself.
  }
}

/** The storage key of the draft for a reply to `parentId` (or a top-level comment) in a thread. */
export function draftKey(threadId: string, parentId: string | null): string {
  return `${PREFIX}:draft:${JSON.stringify([threadId, parentId])}`;
}

/**
 * The idempotency key of a submission and the text it was made for (the author and the body,
 * as the form sends them): sent again, the same text reuses the key, so that a store keeps a
 * retried post once, also after a reload.
 */
export interface Idempotency {
  key: string;
  text: string;
}

/** A saved draft: its body, and the key of its last submission (or `null`). */
export interface Draft {
  body: string;
  idempotency: Idempotency | null;
}

/**
 * The saved draft: its body ('' when there is none) and its key, when it has one that is a
 * string (a text that is none never equals the text sent, which then gets a new key).
 */
export function loadDraft(threadId: string, parentId: string | null): Draft {
  const { body, idempotency } = (read(draftKey(threadId, parentId)) ?? {}) as { body?: unknown; idempotency?: Idempotency | null };
  return { body: typeof body === 'string' ? body : '', idempotency: typeof idempotency?.key === 'string' ? idempotency : null };
}

/**
 * Saves a draft with the key of its last submission (kept until the post succeeds, so a
 * reload while it is under way does not lose it); an empty body deletes both.
 */
export function saveDraft(threadId: string, parentId: string | null, body: string, idempotency: Idempotency | null = null): void {
  write(draftKey(threadId, parentId), body.trim() === '' ? null : { body, savedAt: new Date().toISOString(), idempotency });
}

const IDENTITY_KEY = `${PREFIX}:identity`;

/** The remembered name and website, or `null`. */
export function loadIdentity(): RememberedIdentity | null {
  const value = read(IDENTITY_KEY) as Partial<RememberedIdentity> | null;
  if (!value || typeof value !== 'object') return null;
  return {
    name: typeof value.name === 'string' ? value.name : '',
    website: typeof value.website === 'string' ? value.website : '',
  };
}

/** Remembers the name and website, or forgets them when `identity` is `null`. */
export function saveIdentity(identity: RememberedIdentity | null): void {
  write(IDENTITY_KEY, identity);
}
