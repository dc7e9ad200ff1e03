// Shared in-page measurement helpers for the two benchmark pages. Plain JS: esbuild bundles it.
import { generateThread } from '../generate.mjs';
import { countElements, firstFramePainted, nextPaint, watchLongTasks } from './dom.js';

export { countElements, nextPaint };

const params = new URLSearchParams(location.search);
export const N = Number(params.get('n') ?? 100);
export const SEED = Number(params.get('seed') ?? 1);
/** Measure only the first comments (for thread sizes where rendering all is not the point). */
export const FIRST_ONLY = params.get('first-only') === '1';
export const THREAD_ID = 'bench';
export const comments = generateThread({ n: N, seed: SEED, threadId: THREAD_ID, maxDepth: 5 });

/**
 * Times when the first and the `n`-th `<article>` arrive under `root`, counting only what each
 * mutation adds: re-counting the whole tree on every mutation would cost a client that renders
 * in many steps far more than one that renders once, and measure the observer, not the client.
 */
function watchArticles(root, n, timeout = 120_000) {
  let seen = 0;
  let resolveFirst;
  let resolveAll;
  const first = new Promise((r) => (resolveFirst = r));
  const all = new Promise((r) => (resolveAll = r));
  const observer = new MutationObserver((records) => {
    const t = performance.now();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        seen += (node.localName === 'article' ? 1 : 0) + node.querySelectorAll('article').length;
      }
    }
    if (seen >= 1) resolveFirst(t);
    if (seen >= n) {
      resolveAll(t);
      observer.disconnect();
      clearTimeout(timer);
    }
  });
  observer.observe(root, { childList: true, subtree: true });
  const timer = setTimeout(() => {
    observer.disconnect();
    resolveFirst(null);
    resolveAll(null);
  }, timeout);
  return { first, all };
}

/**
 * Resolves with the performance.now() time at which an element matching `selector` is added
 * under `root`, looking only at what each mutation adds; null after `timeout` ms.
 */
export function whenAdded(root, selector, timeout = 10_000) {
  return new Promise((resolve) => {
    const observer = new MutationObserver((records) => {
      const t = performance.now();
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && (node.matches(selector) || node.querySelector(selector))) {
            observer.disconnect();
            clearTimeout(timer);
            resolve(t);
            return;
          }
        }
      }
    });
    observer.observe(root, { childList: true, subtree: true });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(null);
    }, timeout);
  });
}

/**
 * Mounts through `mount()` (which returns the host element and a function counting rendered
 * comments) and measures first comment, all comments, next paint and long tasks.
 */
export async function measureMount(mount) {
  // Collect the garbage of generating the thread (bench/run.mjs exposes gc), so that neither
  // client pays for it at a random moment of its mount; then let the page go idle.
  globalThis.gc?.();
  await nextPaint();
  const tasks = watchLongTasks();
  const t0 = performance.now();
  const { host, count } = mount();
  const root = host.shadowRoot ?? host;
  const { first, all } = watchArticles(root, N);
  const firstPaint = firstFramePainted(first, count);
  const tFirst = await first;
  const shown = await firstPaint;
  const tAll = FIRST_ONLY ? null : await all;
  const tPaint = await nextPaint();
  const long = await tasks.stop(t0, tPaint);
  return {
    firstMs: tFirst === null ? null : tFirst - t0,
    firstPaintMs: shown === null ? null : shown.time - t0,
    allMs: tAll === null ? null : tAll - t0,
    paintMs: tAll === null ? null : tPaint - t0,
    rendered: count(),
    firstFrameCount: shown?.count ?? null,
    longTaskCount: long.count,
    longTaskTotalMs: long.totalMs,
    longTaskMaxMs: long.maxMs,
  };
}

export function newCommentInput() {
  return {
    threadId: THREAD_ID,
    parentId: null,
    author: { name: 'Late Arrival' },
    body: 'A *new* comment that arrives while the thread is open. See [the docs](https://example.com/docs) and `npm run bench`.',
  };
}

/**
 * Scrolls the page down one viewport per frame (from the top, for at most 300 viewports) and
 * reports the long tasks (> 50 ms) seen meanwhile: is a long thread usable once it is loaded?
 */
export async function measureScroll() {
  const tasks = watchLongTasks();
  window.scrollTo(0, 0);
  await nextPaint();
  const t0 = performance.now();
  let frames = 0;
  while (window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 1 && frames < 300) {
    window.scrollBy(0, window.innerHeight);
    await nextPaint();
    frames++;
  }
  const t1 = performance.now();
  const long = await tasks.stop(t0, t1);
  return { frames, scrollLongTasks: long.count, scrollLongestMs: long.maxMs, scrollMs: t1 - t0 };
}
