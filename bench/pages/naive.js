// Benchmark page: the naive baseline <naive-thread> (bench/baseline/naive-thread.ts).
import '../baseline/naive-thread.ts';
import { N, comments, countElements, measureMount, measureScroll, newCommentInput } from './measure.js';

let host;
const count = () => host.shadowRoot?.querySelectorAll('article.comment').length ?? 0;

window.bench = {
  n: N,
  async mount() {
    return measureMount(() => {
      host = document.createElement('naive-thread');
      host.comments = comments;
      document.body.append(host);
      return { host, count };
    });
  },
  elements: () => countElements(host),
  scroll: () => measureScroll(),
  async addOne() {
    const before = count();
    const t0 = performance.now();
    const input = newCommentInput();
    const comment = { ...input, id: `new-${Date.now()}`, createdAt: new Date().toISOString(), status: 'published' };
    host.comments = [...host.comments, comment];
    await host.updateComplete;
    const t1 = performance.now();
    return { ms: t1 - t0, after: count(), before };
  },
};
document.title = 'ready';
