/**
 * Counts from this browser's storage, where the sample adapter (`LocalStorageAdapter`) keeps
 * comments, read with that adapter's own key scheme and tolerant parser
 * (`adapters/local-storage-format.ts`). Loaded only for elements without `src`: a chunk of its
 * own beside the standalone `comment-count.js`; inside the bundle's `comment-thread.count-HASH.js`,
 * whose parser the bundle already holds.
 *
 * @module
 */
import { parseThread, threadStorageKey } from '../adapters/local-storage-format.js';

/** The start of the key of every thread the sample adapter keeps (with its default prefix). */
const THREAD_KEY_PREFIX = threadStorageKey('');

/**
 * How many of the comments kept in this browser for `threadId` count: those the parser can read
 * that are published (`status` absent or `published`: not `pending`, not a `deleted`
 * placeholder) and of kind `comment` (`kind` absent or `comment`: no pingbacks, trackbacks or
 * webmentions).
 *
 * @throws When this browser's storage cannot be read (storage disabled, a sandboxed frame).
 */
export function localCount(threadId: string): number {
  const { comments, entries, indexOf } = parseThread(localStorage.getItem(threadStorageKey(threadId)), threadId);
  return comments.filter(
    // The kind is read from the stored entry itself, whatever the parser keeps of it.
    ({ id, status = 'published' }) => status === 'published' && ((entries[indexOf.get(id)!] as { kind?: unknown }).kind ?? 'comment') === 'comment',
  ).length;
}

/** Elements that count from this browser's storage, with what counts each again. */
const watched = new Map<HTMLElement, (el: HTMLElement) => void>();
let listening = false;

/**
 * Counts `el` again (with `recount`) whenever the comments kept in this browser may have
 * changed, while it is connected and has no `src`: another tab changed a thread or cleared the
 * storage (`storage`), or a `<comment-thread>` on this page stored a comment
 * (`ct-comment-posted`). Elements no longer in the page are let go.
 */
export function watchLocalCount(el: HTMLElement, recount: (el: HTMLElement) => void): void {
  if (!listening) {
    listening = true;
    const changed = (event: Event): void => {
      const key = (event as StorageEvent).key;
      if (key && !key.startsWith(THREAD_KEY_PREFIX)) return;
      for (const [each, again] of watched) {
        if (each.isConnected && !each.getAttribute('src')?.trim()) again(each);
        else watched.delete(each);
      }
    };
    addEventListener('storage', changed);
    addEventListener('ct-comment-posted', changed);
  }
  for (const [each] of watched) if (!each.isConnected) watched.delete(each);
  watched.set(el, recount);
}
