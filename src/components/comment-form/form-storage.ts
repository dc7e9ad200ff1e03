/**
 * What the form keeps in `localStorage` between visits: unsent drafts (one per thread and
 * parent comment) and, if the visitor agrees, their name and website. Every access is
 * guarded: where storage is disabled or full, the form simply works without memory.
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

/** The saved draft body, or '' when there is none. */
export function loadDraft(threadId: string, parentId: string | null): string {
  const value = read(draftKey(threadId, parentId));
  return typeof value === 'object' && value !== null && typeof (value as { body?: unknown }).body === 'string'
    ? (value as { body: string }).body
    : '';
}

/** Saves a draft; an empty body deletes it. */
export function saveDraft(threadId: string, parentId: string | null, body: string): void {
  write(draftKey(threadId, parentId), body.trim() === '' ? null : { body, savedAt: new Date().toISOString() });
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
