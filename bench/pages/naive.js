// Benchmark page: the naive baseline <naive-thread> (bench/baseline/naive-thread.ts).
import '../baseline/naive-thread.ts';
import { elementsByTag, nextPaint, scrollWhole, traced } from './dom.js';
import { N, comments, countElements, measureMount, measureScroll, newCommentInput } from './measure.js';

let host;

/** The list re-rendered and painted, as `traced` wants it: no optimistic step, nothing rebuilt counted. */
async function rendered(t0) {
  await host.updateComplete;
  const t1 = await nextPaint();
  return { t1, fields: { optimisticMs: null, storedMs: t1 - t0, rebuilt: null } };
}
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
    const traces = await traced(async (t0) => {
      const input = newCommentInput();
      host.comments = [...host.comments, { ...input, id: `new-${Date.now()}`, createdAt: new Date().toISOString(), status: 'published' }];
      return rendered(t0);
    });
    return { before, after: count(), ...traces };
  },
  /** A vote: the fifth comment's score raised in its array, which re-renders the whole list. */
  vote: () =>
    traced((t0) => {
      host.comments = host.comments.map((c, i) => (i === 4 ? { ...c, score: (c.score ?? 0) + 1 } : c));
      return rendered(t0);
    }),
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
