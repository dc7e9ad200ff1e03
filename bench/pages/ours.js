// Benchmark page: <comment-thread> with a MemoryAdapter seeded with the generated thread.
import '../../src/define.ts';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.ts';
import { elementsByTag, nextPaint, postThroughForm, scrollWhole, traced } from './dom.js';
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
    const traces = await traced(async (t0) => {
      button.click();
      let shown = null;
      for (let i = 0; i < 600 && shown === null; i++) {
        const t = await nextPaint();
        if (score() !== before) shown = t;
      }
      await host.updateComplete;
      const t1 = await nextPaint();
      return { t1, fields: { optimisticMs: shown === null ? null : shown - t0, storedMs: t1 - t0 } };
    });
    return { ...traces, rebuilt: [...articlesBefore].filter((a) => !a.isConnected).length };
  },
};
document.title = 'ready';
