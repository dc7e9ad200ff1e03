/**
 * The sample adapter: comments kept in this browser's `localStorage`, without any server.
 * Only the visitor who wrote them sees them, on this device, and
 * {@link AdapterCapabilities.persistence} (`browser`) lets the widget say so. Reading is
 * `LocalStorageReader` (`local-storage-reader.ts`, with the key scheme); this module adds
 * writing.
 *
 * @module
 */
import { renderMarkdown } from '../core/markdown.js';
import { checkInput, editComment, newComment, planRemoval, voteOn } from './comment-ops.js';
import {
  LocalStorageReader,
  localWrites,
  quarantineStorageKey,
  storageError,
  threadStorageKey,
  type StoredThread,
} from './local-storage-reader.js';
import { AdapterError, throwIfAborted, type CallOptions, type Comment, type CommentPatch, type NewComment, type StorageAdapter } from './storage-adapter.js';

/**
 * The `unavailable` error for a write that threw `cause`: the storage is full, or this site may
 * not store data at all.
 */
function writeError(cause: unknown): AdapterError {
  const { name, code } = (cause ?? {}) as { name?: unknown; code?: unknown };
  const full = name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
  return full
    ? new AdapterError('unavailable', "This browser's storage for this site is full, so the comment could not be saved. Deleting some comments makes room.", { retryable: false, cause })
    : storageError(cause);
}

/** A stored thread's readable comments by id. */
/**
 * A comment with its body rendered to `html`, as it is stored: a reader's first paint then
 * needs no Markdown renderer (see `core/markdown-loader.ts`).
 */
const rendered = (comment: Comment): Comment => ({ ...comment, html: renderMarkdown(comment.body) });

const byId = (stored: StoredThread): Map<string, Comment> => new Map(stored.comments.map((c) => [c.id, c]));

export {
  DEFAULT_STORAGE_PREFIX,
  quarantineStorageKey,
  threadStorageKey,
  type LocalStorageAdapterOptions,
} from './local-storage-reader.js';

/**
 * A {@link StorageAdapter} over `localStorage`: no server, this browser only. Each thread is
 * stored apart under {@link threadStorageKey}. Reading is tolerant: an unreadable value or
 * invalid entries are reported as `corrupt` warnings and kept in storage untouched (an
 * unreadable value is moved to a {@link quarantineStorageKey} before a new comment replaces
 * it). Writes are all-or-nothing: a full storage rejects with `unavailable` and changes nothing.
 *
 * `subscribe` listens to the `storage` event, which the browser fires in the *other* documents
 * of this origin: changes made in another tab arrive, changes made in this one are not
 * delivered again.
 *
 * @example
 * ```ts
 * thread.adapter = new LocalStorageAdapter();
 * ```
 */
export class LocalStorageAdapter extends LocalStorageReader implements StorageAdapter {
  /**
   * Validates and stores a new comment. Rejects with `invalid` for bad input, `not-found` when
   * the parent is not in the thread, `unavailable` when storage is blocked or full.
   */
  async create(input: NewComment, options: CallOptions = {}): Promise<Comment> {
    throwIfAborted(options.signal);
    checkInput(input);
    const stored = this.read(input.threadId);
    const comment = rendered(newComment(byId(stored), input));
    this.write(input.threadId, stored, [...stored.entries, comment]);
    return comment;
  }

  /** Replaces a comment's body and sets `updatedAt`. A deleted placeholder cannot be edited. */
  async update(threadId: string, id: string, patch: CommentPatch, options: CallOptions = {}): Promise<Comment> {
    throwIfAborted(options.signal);
    const stored = this.read(threadId);
    const comment = rendered(editComment(byId(stored), id, patch.body));
    const { body, html, updatedAt } = comment;
    const at = stored.indexOf.get(id);
    // Keep fields this version does not know about: another version of the widget may need them.
    this.write(
      threadId,
      stored,
      stored.entries.map((entry, index) => (index === at ? { ...(entry as object), body, html, updatedAt } : entry)),
    );
    return comment;
  }

  /**
   * Casts this browser's vote on a comment: 1 up, -1 down, 0 to withdraw it; voting the same
   * again changes nothing. The score moves by the difference from this browser's previous vote,
   * kept with the comment in storage as `myVote` (other tabs hear the new score). Rejects with
   * `invalid` for another value, `not-found` for a missing comment, `conflict` for a deleted
   * placeholder, a pending comment or a mention.
   */
  async vote(threadId: string, id: string, value: 1 | 0 | -1, options: CallOptions = {}): Promise<Comment> {
    throwIfAborted(options.signal);
    const stored = this.read(threadId);
    const comment = voteOn(byId(stored), id, value);
    const { score, myVote } = comment;
    const at = stored.indexOf.get(id);
    // Other fields of the entry stay as they are; a withdrawn vote (`myVote` undefined) is left out of the JSON.
    this.write(threadId, stored, stored.entries.map((entry, index) => (index === at ? { ...(entry as object), score, myVote } : entry)));
    return comment;
  }

  /**
   * Deletes a comment. One with replies becomes a `deleted` placeholder (empty body, no author);
   * a leaf disappears, and so does a placeholder parent left without replies.
   */
  async remove(threadId: string, id: string, options: CallOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const stored = this.read(threadId);
    const plan = new Map([...planRemoval(stored.comments, id)].map(([removedId, to]) => [stored.indexOf.get(removedId), to]));
    this.write(
      threadId,
      stored,
      stored.entries.flatMap((entry, index) => (plan.has(index) ? (plan.get(index) ?? []) : [entry])),
    );
  }

  /**
   * Writes a thread's new entries, first moving an unreadable old value aside. All or nothing:
   * when the second write fails, the first is undone.
   */
  private write(threadId: string, stored: StoredThread, entries: unknown[]): void {
    const storage = this.area();
    const key = threadStorageKey(threadId, this.prefix);
    const value = entries.length ? JSON.stringify(entries) : null;
    let aside: string | undefined;
    try {
      if (stored.unreadable !== null) {
        let time = Date.now();
        while (storage.getItem((aside = quarantineStorageKey(threadId, time++, this.prefix))) !== null);
        storage.setItem(aside, stored.unreadable);
      }
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, value);
    } catch (error) {
      try {
        if (aside) storage.removeItem(aside);
      } catch {
        // The thread key still holds the unreadable value: nothing is lost.
      }
      throw writeError(error);
    }
    for (const follow of localWrites) follow(storage, key, value);
  }
}
