// Benchmark page: <comment-thread> with a MemoryAdapter seeded with the generated thread.
import '../../src/define.ts';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.ts';
import { elementsByTag, nextPaint, postThroughForm, scrollWhole, watchLongTasks } from './dom.js';
import { N, THREAD_ID, comments, countElements, measureMount, measureScroll, newCommentInput, whenAdded } from './measure.js';

const SELECTOR = 'article[part~="comment"]';
let host;
let adapter;

const count = () => host.shadowRoot?.querySelectorAll(SELECTOR).length ?? 0;

window.bench = {
  n: N,
  async mount() {
    adapter = new MemoryAdapter({ comments });
    return measureMount(() => {
      host = document.createElement('comment-thread');
      host.setAttribute('thread-id', THREAD_ID);
      host.setAttribute('max-depth', '5');
      host.adapter = adapter;
      document.body.append(host);
      return { host, count };
    });
  },
  elements: () => countElements(host),
  elementsByTag: () => elementsByTag(host),
  scroll: () => measureScroll(),
  scrollWhole: () => scrollWhole(),
  post: () => postThroughForm(host, newCommentInput().body),
  async addOne() {
    const before = count();
    const t0 = performance.now();
    // A comment from elsewhere waits behind "Show 1 new comment"; the reader presses it. Any new
    // article: the only one added is the new comment's (the id is known only after create).
    const arrived = whenAdded(host.shadowRoot, 'article');
    await adapter.create(newCommentInput());
    let button = null;
    for (let i = 0; i < 600 && !(button = host.shadowRoot.querySelector('[part~="new-comments-button"]')); i++) await nextPaint();
    button?.click();
    const seen = await arrived;
    await host.updateComplete;
    const t1 = performance.now();
    return { ms: seen === null ? null : t1 - t0, after: count(), before };
  },
  /**
   * An upvote on the fifth comment, pressed once the write path has loaded (as it has once the
   * browser was idle after the thread rendered): from the click to the score painted, then the
   * stored answer; the same marks as posting.
   */
  async vote() {
    const root = host.shadowRoot;
    const article = root.querySelectorAll(SELECTOR)[4];
    const button = article.querySelector('[part~="upvote"]');
    button.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await customElements.whenDefined('comment-thread-form');
    await host.updateComplete;
    const score = () => root.getElementById(article.id)?.querySelector('[part~="score"]')?.textContent;
    const before = score();
    const articlesBefore = new Set(root.querySelectorAll(SELECTOR));
    globalThis.gc?.();
    await nextPaint();
    await nextPaint();
    const tasks = watchLongTasks();
    performance.mark('bench:post:start');
    const t0 = performance.now();
    button.click();
    let t1 = null;
    for (let i = 0; i < 600 && t1 === null; i++) {
      const t = await nextPaint();
      if (score() !== before) t1 = t;
    }
    await host.updateComplete;
    const t2 = await nextPaint();
    performance.mark('bench:post:stored');
    await new Promise((r) => setTimeout(r, 1000));
    performance.mark('bench:post:settled');
    const long = await tasks.stop(t0, t2);
    const rebuilt = [...articlesBefore].filter((a) => !a.isConnected).length;
    return { optimisticMs: t1 === null ? null : t1 - t0, storedMs: t2 - t0, rebuilt, longTaskCount: long.count, longTaskMaxMs: long.maxMs, longTaskDurations: long.durations };
  },
};
document.title = 'ready';
