/**
 * A `<comment-count>`'s whole behaviour, for both of its classes: `CommentCount` (the npm class
 * and the standalone `comment-count.js`) and the drop-in bundle's stand-in (`lazy-count.ts`),
 * which loads it in the chunk `comment-thread.count-HASH.js`. Each class only hands an element
 * that connects to the updater; everything else is here, so the stand-in stays a few bytes:
 * which thread and where from, the batched request or the local count, what it shows, its
 * state, the error event, and counting again when `src`, `thread-id` or `href` change, or (for
 * local counts) when this browser's stored comments do.
 *
 * @module
 */
import { COUNT_ERROR, type CountErrorDetail } from './count-error.js';
import { countText, labelsOf } from './count-text.js';
import { countedThread } from './count-thread.js';
import { renderCount } from './count-view.js';
import { requestCount, serverOf } from './server-counts.js';

/** `local-count.ts`, which each build loads its own way. */
export type LocalCounts = typeof import('./local-count.js');

/** Attributes that change what an element counts. */
const WATCHED = ['src', 'thread-id', 'href'];

/**
 * An updater: counts an element's thread and shows the count; until then, and if it cannot,
 * the element shows its own content. Sets `state` (`loading`, `loaded`, `error`) and, once
 * counted, `count` on the element. Never throws: a failure is `state="error"` and a
 * `ct-count-error` event. `local` gives `local-count.ts`, for elements without `src`.
 */
export function countUpdater(local: () => LocalCounts | Promise<LocalCounts>): (el: HTMLElement) => void {
  /** Each element's latest count in progress: the answer to an older one is dropped. */
  const asked = new WeakMap<HTMLElement, object>();
  let watcher: MutationObserver | undefined;

  const update = (el: HTMLElement): void => {
    (watcher ??= new MutationObserver((records) => {
      for (const { target } of records) if (target.isConnected) update(target as HTMLElement);
    })).observe(el, { attributeFilter: WATCHED });
    const threadId = countedThread(el);
    const src = (el.getAttribute('src') ?? '').trim();
    // An upgrade, or attributes changed together, may ask more than once: a batch asks the
    // server once per thread, and only the latest answer is shown.
    const key = {};
    asked.set(el, key);
    const show = (state: string, count?: number): void => {
      el.setAttribute('state', state);
      if (count === undefined) el.removeAttribute('count');
      else el.setAttribute('count', `${count}`);
      renderCount(el, count === undefined ? null : countText(el, count), labelsOf(el).fallback);
    };
    show('loading');
    (async () => {
      if (src) return requestCount(serverOf(src), threadId);
      const counts = await local();
      counts.watchLocalCount(el, update);
      return counts.localCount(threadId);
    })().then(
      (count) => asked.get(el) === key && show('loaded', count),
      (error: unknown) => {
        if (asked.get(el) !== key) return;
        show('error');
        el.dispatchEvent(new CustomEvent<CountErrorDetail>(COUNT_ERROR, { bubbles: true, composed: true, detail: { threadId, error } }));
      },
    );
  };
  return update;
}
