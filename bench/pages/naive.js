// Benchmark page: the naive baseline <naive-thread> (bench/baseline/naive-thread.ts).
import '../baseline/naive-thread.ts';
import { elementsByTag, nextPaint, scrollWhole, watchLongTasks } from './dom.js';
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
  elementsByTag: () => elementsByTag(host),
  scroll: () => measureScroll(),
  scrollWhole: () => scrollWhole(),
  /**
   * The baseline has no form and no optimistic step: posting is adding the stored comment to
   * its array, which re-renders the whole list. Same marks as ours' postThroughForm.
   */
  async post() {
    const before = count();
    globalThis.gc?.();
    await nextPaint();
    await nextPaint();
    const tasks = watchLongTasks();
    performance.mark('bench:post:start');
    const t0 = performance.now();
    const input = newCommentInput();
    host.comments = [...host.comments, { ...input, id: `new-${Date.now()}`, createdAt: new Date().toISOString(), status: 'published' }];
    await host.updateComplete;
    const t1 = await nextPaint();
    performance.mark('bench:post:stored');
    await new Promise((r) => setTimeout(r, 1000));
    performance.mark('bench:post:settled');
    const long = await tasks.stop(t0, t1);
    return {
      before,
      after: count(),
      optimisticMs: null,
      storedMs: t1 - t0,
      rebuilt: null,
      longTaskCount: long.count,
      longTaskMaxMs: long.maxMs,
      longTaskDurations: long.durations,
    };
  },
  /** A vote: the fifth comment's score raised in its array, which re-renders the whole list. */
  async vote() {
    globalThis.gc?.();
    await nextPaint();
    await nextPaint();
    const tasks = watchLongTasks();
    performance.mark('bench:post:start');
    const t0 = performance.now();
    host.comments = host.comments.map((c, i) => (i === 4 ? { ...c, score: (c.score ?? 0) + 1 } : c));
    await host.updateComplete;
    const t1 = await nextPaint();
    performance.mark('bench:post:stored');
    await new Promise((r) => setTimeout(r, 1000));
    performance.mark('bench:post:settled');
    const long = await tasks.stop(t0, t1);
    return { optimisticMs: null, storedMs: t1 - t0, rebuilt: null, longTaskCount: long.count, longTaskMaxMs: long.maxMs, longTaskDurations: long.durations };
  },
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
