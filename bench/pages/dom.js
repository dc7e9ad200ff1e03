// In-page helpers shared by every benchmark page (the MemoryAdapter pages and the HTTP pages'
// harness). Plain JS, no imports: esbuild bundles it into each page.

/** Resolves after the next frame has been painted (rAF, then a task after it). */
export function nextPaint() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
}

/**
 * The frame that first shows what `first` waits for (it resolves with a time, or null for
 * never): resolves, in a task right after that frame's paint, with `{ time, count }`, where
 * `count()` says what the frame showed; or with null. Call it before the client renders: a frame
 * callback registered every frame from then on runs before any the client registers while
 * rendering, so the task it posts runs right after that frame's paint, not behind the client's
 * next rendering step (which a rAF registered after the first comment would).
 */
export function firstFramePainted(first, count) {
  let seen = false;
  first.then((t) => (seen = t !== null));
  return new Promise((resolve) => {
    const frame = () => {
      if (!seen) {
        requestAnimationFrame(frame);
        return;
      }
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const time = performance.now();
        // What that frame showed (counted after it, in this task of ours).
        resolve({ time, count: count() });
      };
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(frame);
    first.then((t) => t === null && resolve(null));
  });
}

/** Elements in `root`'s subtree, counting every shadow tree inside it (and the root itself). */
export function countElements(root) {
  let count = 0;
  const walk = (node) => {
    for (const el of node.querySelectorAll('*')) {
      count++;
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  count++;
  if (root.shadowRoot) walk(root.shadowRoot);
  walk(root);
  return count;
}

/** Elements by tag name in `root`'s subtree and shadow trees, most frequent first. */
export function elementsByTag(root) {
  const counts = new Map();
  const walk = (node) => {
    for (const el of node.querySelectorAll('*')) {
      counts.set(el.localName, (counts.get(el.localName) ?? 0) + 1);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  if (root.shadowRoot) walk(root.shadowRoot);
  walk(root);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

/** A `longtask` PerformanceObserver; `stop(from, to)` returns the entries overlapping [from, to]. */
/**
 * Runs `act` (a post, a vote) between the marks a trace reads (`bench:post:start` before it,
 * `bench:post:stored` once it is done, `bench:post:settled` a second later), after a garbage
 * collection and two quiet frames, watching long tasks from its start to `t1`, the frame it
 * resolves with. Resolves with its `fields` and the long tasks.
 */
export async function traced(act) {
  globalThis.gc?.();
  await nextPaint();
  await nextPaint();
  const tasks = watchLongTasks();
  performance.mark('bench:post:start');
  const t0 = performance.now();
  const { t1, fields } = await act(t0);
  performance.mark('bench:post:stored');
  await new Promise((r) => setTimeout(r, 1000));
  performance.mark('bench:post:settled');
  const long = await tasks.stop(t0, t1);
  return { ...fields, longTaskCount: long.count, longTaskMaxMs: long.maxMs, longTaskDurations: long.durations };
}

export function watchLongTasks() {
  const entries = [];
  let observer = null;
  try {
    observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
    observer.observe({ type: 'longtask', buffered: true });
  } catch {
    observer = null;
  }
  return {
    supported: observer !== null,
    async stop(from, to) {
      // Long-task entries arrive asynchronously; give them a moment.
      await new Promise((r) => setTimeout(r, 300));
      if (observer) {
        entries.push(...observer.takeRecords());
        observer.disconnect();
      }
      const during = entries.filter((e) => e.startTime + e.duration >= from && e.startTime <= to);
      return {
        count: observer ? during.length : null,
        totalMs: observer ? during.reduce((s, e) => s + e.duration, 0) : null,
        maxMs: observer ? during.reduce((m, e) => Math.max(m, e.duration), 0) : null,
        durations: during.map((e) => Math.round(e.duration)),
      };
    },
  };
}

/**
 * Scrolls the page from the top to the bottom, one viewport per frame (at most `maxFrames`),
 * so that every part of the thread has been on screen once (and laid out, where the client
 * lets the browser skip off-screen content).
 */
export async function scrollWhole(maxFrames = 5000) {
  const tasks = watchLongTasks();
  window.scrollTo(0, 0);
  await nextPaint();
  const t0 = performance.now();
  let frames = 0;
  while (window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 1 && frames < maxFrames) {
    window.scrollBy(0, window.innerHeight);
    await nextPaint();
    frames++;
  }
  const t1 = performance.now();
  const reachedEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
  const long = await tasks.stop(t0, t1);
  return { frames, ms: t1 - t0, reachedEnd, longTasks: long.count, longestMs: long.maxMs, scrollHeight: document.documentElement.scrollHeight };
}

const COMMENT = 'article[part~="comment"]';

/**
 * Posts a comment through `<comment-thread>`'s composer, as a visitor would: types into its
 * textarea, clicks its submit button, and follows the post until the stored comment has
 * replaced the optimistic one (its article, `#comment-<id>` from `ct-comment-posted`, carries
 * no "pending" class and no badge, and the optimistic article is gone). Checks once per
 * frame, in a task of its own; the page's main-thread tasks meanwhile come from the caller's
 * trace, between the marks `bench:post:start`, `bench:post:stored` and `bench:post:settled`
 * (one second later, to catch follow-up work such as a live update of the same comment).
 */
export async function postThroughForm(host, body, { timeoutFrames = 3000 } = {}) {
  const root = host.shadowRoot;
  let form = null;
  for (let i = 0; i < 1200 && !(form = root.querySelector('[part~="composer"] comment-thread-form')); i++) await nextPaint();
  if (!form) throw new Error('the composer form never appeared');
  await customElements.whenDefined('comment-thread-form');
  await form.updateComplete;
  const textarea = form.shadowRoot.querySelector('textarea[name="body"]');
  textarea.value = body;
  textarea.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await form.updateComplete;
  const button = form.shadowRoot.querySelector('[part~="submit-button"]');
  const before = new Map();
  for (const article of root.querySelectorAll(COMMENT)) before.set(article.id, article);
  const elementsBefore = new Set(root.querySelectorAll('*'));

  globalThis.gc?.();
  await nextPaint();
  await nextPaint();
  let stored = null;
  const onPosted = (event) => (stored = event.comment);
  host.addEventListener('ct-comment-posted', onPosted);
  const tasks = watchLongTasks();
  // Only collects what each mutation removed (no walking): the analysis comes after the run.
  const removedNodes = [];
  const mutations = new MutationObserver((records) => {
    for (const record of records) for (const node of record.removedNodes) removedNodes.push(node);
  });
  mutations.observe(root, { childList: true, subtree: true });

  performance.mark('bench:post:start');
  const t0 = performance.now();
  button.click();
  let optimistic = null;
  let tOptimistic = null;
  let tStored = null;
  for (let frames = 0; frames < timeoutFrames; frames++) {
    const t = await nextPaint();
    if (!optimistic && !stored) {
      optimistic = root.querySelector(`${COMMENT}.pending`);
      if (optimistic) tOptimistic = t;
    }
    if (stored) {
      const article = root.getElementById(`comment-${stored.id}`);
      if (article && !article.classList.contains('pending') && !article.querySelector('[part~="badge"]') && !(optimistic?.isConnected && optimistic !== article)) {
        tStored = t;
        break;
      }
    }
  }
  performance.mark('bench:post:stored');
  mutations.takeRecords().forEach((record) => removedNodes.push(...record.removedNodes));
  mutations.disconnect();
  await new Promise((r) => setTimeout(r, 1000));
  performance.mark('bench:post:settled');
  host.removeEventListener('ct-comment-posted', onPosted);
  const long = await tasks.stop(t0, tStored ?? performance.now());

  let rebuilt = 0;
  for (const [id, article] of before) if (root.getElementById(id) !== article) rebuilt++;
  // Elements from before the post that it took out of the DOM: for good (detached), or to put
  // them back (moved: a removed node that is connected again, with its subtree).
  let detached = 0;
  for (const el of elementsBefore) if (!el.isConnected) detached++;
  let moved = 0;
  for (const node of new Set(removedNodes)) {
    if (node.nodeType === 1 && elementsBefore.has(node) && node.isConnected) moved += 1 + node.getElementsByTagName('*').length;
  }
  return {
    before: before.size,
    elementsBefore: elementsBefore.size,
    detached,
    moved,
    after: root.querySelectorAll(COMMENT).length,
    optimisticMs: tOptimistic === null ? null : tOptimistic - t0,
    storedMs: tStored === null ? null : tStored - t0,
    rebuilt,
    longTaskCount: long.count,
    longTaskMaxMs: long.maxMs,
    longTaskDurations: long.durations,
  };
}
