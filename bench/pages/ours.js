// Benchmark page: <comment-thread> with a MemoryAdapter seeded with the generated thread.
import '../../src/define.ts';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.ts';
import { elementsByTag, postThroughForm, scrollWhole } from './dom.js';
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
    // Any new article: the only one added is the new comment's (the id is known only after create).
    const arrived = whenAdded(host.shadowRoot, 'article');
    await adapter.create(newCommentInput());
    const seen = await arrived;
    await host.updateComplete;
    const t1 = performance.now();
    return { ms: seen === null ? null : t1 - t0, after: count(), before };
  },
};
document.title = 'ready';
