import { expect } from '@open-wc/testing';
import type { Comment } from '../../src/adapters/storage-adapter.js';
import { buildTree, type ThreadNode } from '../../src/core/tree.js';
import { reuseUnchanged, TreeCache } from '../../src/core/tree-cache.js';
import { rootOf, updateTree } from '../../src/core/tree-update.js';

let clock = Date.parse('2026-01-01T00:00:00Z');
function c(id: string, parentId: string | null = null, extra: Partial<Comment> = {}): Comment {
  clock += 60_000;
  return {
    id,
    threadId: 't',
    parentId,
    author: { name: `author ${id}` },
    body: `body ${id}`,
    createdAt: new Date(clock).toISOString(),
    ...extra,
  };
}

/** "id(child,child(grandchild))" for compact structural assertions. */
function shape(nodes: ThreadNode[]): string {
  return nodes.map((n) => (n.children.length ? `${n.comment.id}(${shape(n.children)})` : n.comment.id)).join(',');
}

describe('core/tree buildTree', () => {
  it('nests replies under their parents, replies oldest first', () => {
    const list = [c('a'), c('b'), c('a1', 'a'), c('a2', 'a'), c('a1x', 'a1')];
    const { roots, count } = buildTree(list.reverse());
    expect(shape(roots)).to.equal('a(a1(a1x),a2),b');
    expect(count).to.equal(5);
    expect(roots[0]!.children[0]!.children[0]!.depth).to.equal(3);
  });

  it('sorts top-level comments newest first on request, replies stay oldest first', () => {
    const list = [c('a'), c('b'), c('a1', 'a'), c('a2', 'a')];
    expect(shape(buildTree(list, { sort: 'newest' }).roots)).to.equal('b,a(a1,a2)');
  });

  it('sorts top-level comments by score with sort top, ties oldest first; replies stay oldest first', () => {
    const list = [c('a', null, { score: 1 }), c('b', null, { score: 4 }), c('c'), c('d', null, { score: 1 }), c('b1', 'b', { score: -2 }), c('b2', 'b', { score: 9 }), c('e', null, { score: -1 })];
    expect(shape(buildTree(list, { sort: 'top' }).roots)).to.equal('b(b1,b2),a,d,c,e');
    // Scores count for top only.
    expect(shape(buildTree(list, { sort: 'oldest' }).roots)).to.equal('a,b(b1,b2),c,d,e');
  });

  it('puts pinned top-level comments first in every order, in that order among themselves', () => {
    const list = [c('a', null, { pinned: true }), c('b', null, { score: 5 }), c('c', null, { pinned: true, score: 2 }), c('c1', 'c', { score: 1 }), c('d'), c('e', null, { pinned: true })];
    expect(shape(buildTree(list).roots)).to.equal('a,c(c1),e,b,d');
    expect(shape(buildTree(list, { sort: 'newest' }).roots)).to.equal('e,c(c1),a,d,b');
    expect(shape(buildTree(list, { sort: 'top' }).roots)).to.equal('c(c1),a,e,b,d');
    // A pinned reply is a reply like any other.
    const replies = [c('p'), c('p1', 'p'), c('p2', 'p', { pinned: true })];
    expect(shape(buildTree(replies).roots)).to.equal('p(p1,p2)');
  });

  it('makes orphans (parent missing) top-level', () => {
    const list = [c('a'), c('x', 'missing'), c('y', 'x')];
    expect(shape(buildTree(list).roots)).to.equal('a,x(y)');
  });

  it('treats a comment that is its own parent as top-level', () => {
    expect(shape(buildTree([c('self', 'self')]).roots)).to.equal('self');
  });

  it('breaks cycles of parents at the oldest comment without hanging', () => {
    const p = c('p', 'r');
    const q = c('q', 'p');
    const r = c('r', 'q');
    const { roots, count } = buildTree([r, q, p, c('z')]);
    expect(shape(roots)).to.equal('p(q(r)),z');
    expect(count).to.equal(4);
  });

  it('keeps the last of duplicate ids and shows it once', () => {
    const first = c('d');
    const second = { ...first, body: 'edited' };
    const { roots, count } = buildTree([first, c('e'), second]);
    expect(shape(roots)).to.equal('d,e');
    expect(roots[0]!.comment.body).to.equal('edited');
    expect(count).to.equal(2);
  });

  it('lists replies deeper than maxDepth at the last level, marked with whom they answer', () => {
    const list = [c('1'), c('2', '1'), c('3', '2'), c('4', '3'), c('5', '4'), c('6', '5'), c('4b', '3')];
    const { roots } = buildTree(list, { maxDepth: 3 });
    expect(shape(roots)).to.equal('1(2(3,4,5,6,4b))');
    const level3 = roots[0]!.children[0]!.children;
    expect(level3.map((n) => n.depth)).to.deep.equal([3, 3, 3, 3, 3]);
    expect(level3[0]!.replyTo).to.equal(undefined);
    expect(level3.slice(1).map((n) => n.replyTo?.id)).to.deep.equal(['3', '4', '5', '3']);
  });

  it('with maxDepth 1 shows everything flat, replies right after their top comment', () => {
    const list = [c('a'), c('b'), c('a1', 'a'), c('a1x', 'a1')];
    const { roots } = buildTree(list, { maxDepth: 1 });
    expect(roots.map((n) => n.comment.id)).to.deep.equal(['a', 'a1', 'a1x', 'b']);
    expect(roots.map((n) => n.replyTo?.id ?? null)).to.deep.equal([null, 'a', 'a1', null]);
  });

  it('does not count deleted placeholders but keeps their replies in place', () => {
    const list = [c('a', null, { status: 'deleted', body: '' }), c('a1', 'a')];
    const { roots, count } = buildTree(list);
    expect(shape(roots)).to.equal('a(a1)');
    expect(count).to.equal(1);
  });

  it('handles a reply chain 20,000 deep without overflowing the stack', () => {
    const list: Comment[] = [c('n0')];
    for (let i = 1; i < 20_000; i++) list.push(c(`n${i}`, `n${i - 1}`));
    const { roots, count } = buildTree(list, { maxDepth: 4 });
    expect(count).to.equal(20_000);
    const level4 = roots[0]!.children[0]!.children[0]!.children;
    expect(level4.length).to.equal(20_000 - 3);
  });

  it('tolerates unparseable dates by sorting them first', () => {
    const list = [c('a'), c('bad', null, { createdAt: 'not a date' })];
    expect(shape(buildTree(list).roots)).to.equal('bad,a');
  });
});

describe('core/tree reuseUnchanged', () => {
  it('keeps the node objects of unchanged threads and replaces the changed one', () => {
    const list = [c('a'), c('a1', 'a'), c('b'), c('b1', 'b')];
    const before = buildTree(list);
    const after = reuseUnchanged(before, buildTree([...list, c('b2', 'b')]));
    expect(after.roots[0]).to.equal(before.roots[0]);
    expect(after.roots[1]).not.to.equal(before.roots[1]);
    expect(shape(after.roots)).to.equal('a(a1),b(b1,b2)');
  });

  it('treats an edited comment (a new object) as a change', () => {
    const list = [c('a'), c('a1', 'a')];
    const before = buildTree(list);
    const edited = { ...list[1]!, body: 'edited' };
    const after = reuseUnchanged(before, buildTree([list[0]!, edited]));
    expect(after.roots[0]).not.to.equal(before.roots[0]);
    expect(after.roots[0]!.children[0]!.comment.body).to.equal('edited');
  });
});

describe('core/tree-update updateTree', () => {
  /** The shape a renderer sees: comment ids, depths, lifted markers, sizes and count. */
  const layout = (thread: { roots: ThreadNode[]; sizes: number[]; count: number }): unknown => {
    const node = (n: ThreadNode): unknown => [n.comment.id, n.depth, n.replyTo?.id ?? null, n.children.map(node)];
    return { roots: thread.roots.map(node), sizes: thread.sizes, count: thread.count };
  };
  const byId = (comments: Comment[]) => new Map(comments.map((comment) => [comment.id, comment]));

  it('follows additions, edits, removals and an optimistic comment replaced by the stored one exactly as a full rebuild would', () => {
    let seed = 0x51ced;
    const random = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 0x100000000;
    };
    let traced = 0;
    for (const sort of ['oldest', 'newest', 'top'] as const) {
      for (const maxDepth of [2, 3, 5]) {
        const comments = new Map<string, Comment>();
        let thread = buildTree([], { sort, maxDepth });
        for (let i = 0; i < 150; i++) {
          const ids = [...comments.keys()];
          const pick = (): Comment => comments.get(ids[Math.floor(random() * ids.length)]!)!;
          const roll = random();
          const changed: string[] = [];
          if (ids.length > 3 && roll < 0.15) {
            // An edit: a new object for the same comment.
            const edited = { ...pick(), body: `edited ${i}` };
            comments.set(edited.id, edited);
            changed.push(edited.id);
          } else if (ids.length > 3 && roll < 0.25) {
            // A removal of a comment without replies.
            const leaf = [...comments.values()].find((x) => ![...comments.values()].some((y) => y.parentId === x.id) && random() < 0.3);
            if (!leaf) continue;
            comments.delete(leaf.id);
            changed.push(leaf.id);
          } else {
            const parent = ids.length > 0 && random() < 0.6 ? pick().id : null;
            // Mostly newer than everything, sometimes older (a late import or clock skew).
            const comment = c(`n${i}`, parent);
            if (random() < 0.1) comment.createdAt = new Date(Date.parse(comment.createdAt) - Math.floor(random() * i) * 3_600_000).toISOString();
            if (random() < 0.05) comment.status = 'deleted';
            // Scores and pins, as they come with a new comment (a change of score is not traced: below).
            if (random() < 0.5) comment.score = Math.floor(random() * 4) - 1;
            if (random() < 0.1) comment.pinned = true;
            if (random() < 0.3) {
              // Shown as pending first, then replaced by what the adapter stored.
              const temp = { ...comment, id: `pending:${i}` };
              comments.set(temp.id, temp);
              thread = updateTree(thread, comments, [temp.id], { sort, maxDepth })!;
              expect(layout(thread), `temp ${temp.id}`).to.deep.equal(layout(buildTree(comments.values(), { sort, maxDepth })));
              comments.delete(temp.id);
              changed.push(temp.id);
            }
            comments.set(comment.id, comment);
            changed.push(comment.id);
          }
          const next = updateTree(thread, comments, changed, { sort, maxDepth });
          expect(next, `updateTree gave up on ${changed.join()}`).to.not.equal(null);
          expect(layout(next!), `${sort}, maxDepth ${maxDepth}, after ${changed.join()}`).to.deep.equal(layout(buildTree(comments.values(), { sort, maxDepth })));
          for (const id of comments.keys()) expect(rootOf(next!, id), `root of ${id}`).to.not.equal(undefined);
          thread = next!;
          traced++;
        }
      }
    }
    expect(traced).to.be.greaterThan(900);
  });

  it('keeps a top-level comment in its place when its score or pin changes, and inserts new ones in order', () => {
    const a = c('a', null, { score: 2 });
    const b = c('b', null, { score: 1 });
    const b1 = c('b1', 'b');
    const d = c('d');
    let comments = byId([a, b, b1, d]);
    const before = buildTree(comments.values(), { sort: 'top' });
    expect(shape(before.roots)).to.equal('a,b(b1),d');
    // b is voted up past a, and d pinned: a reader's place is kept, nothing moves.
    const voted = { ...b, score: 5 };
    const pinned = { ...d, pinned: true };
    comments = byId([a, voted, b1, pinned]);
    const after = updateTree(before, comments, ['b', 'd'], { sort: 'top' })!;
    expect(shape(after.roots)).to.equal('a,b(b1),d');
    expect(after.roots[0]).to.equal(before.roots[0]);
    expect(after.roots[1]!.comment.score).to.equal(5);
    expect(after.roots[2]!.comment.pinned).to.equal(true);
    // A full build (a reload, another order) puts them in order.
    expect(shape(buildTree(comments.values(), { sort: 'top' }).roots)).to.equal('d,b(b1),a');
    // A new top-level comment goes where the order puts it among the others.
    const fresh = buildTree([a, b, b1, d], { sort: 'top' });
    const f = c('f', null, { score: 2 });
    expect(shape(updateTree(fresh, byId([a, b, b1, d, f]), ['f'], { sort: 'top' })!.roots)).to.equal('a,f,b(b1),d');
    const g = c('g', null, { pinned: true });
    expect(shape(updateTree(fresh, byId([a, b, b1, d, g]), ['g'], { sort: 'top' })!.roots)).to.equal('g,a,b(b1),d');
    const oldest = buildTree([a, b, b1, d]);
    expect(shape(updateTree(oldest, byId([a, b, b1, d, g]), ['g'])!.roots)).to.equal('g,a,b(b1),d');
  });

  it('keeps every other thread’s node objects', () => {
    const comments = [c('a'), c('b'), c('a1', 'a')];
    const before = buildTree(comments);
    const added = c('b1', 'b');
    const after = updateTree(before, byId([...comments, added]), ['b1'])!;
    expect(after.roots[0]).to.equal(before.roots[0]);
    expect(after.roots[1]).to.not.equal(before.roots[1]);
    expect(after.roots[1]!.children.map((n) => n.comment.id)).to.deep.equal(['b1']);
  });

  it('replaces an optimistic reply by the stored one, touching only its thread', () => {
    const comments = [c('a'), c('b'), c('b1', 'b')];
    const temp = c('pending:x', 'b');
    const before = buildTree([...comments, temp]);
    const saved = { ...temp, id: 'saved' };
    const after = updateTree(before, byId([...comments, saved]), ['pending:x', 'saved'])!;
    expect(after.roots[0]).to.equal(before.roots[0]);
    expect(shape(after.roots)).to.equal('a,b(b1,saved)');
    expect(after.count).to.equal(4);
  });

  it('gives up (null) where a full rebuild is needed', () => {
    const comments = [c('a'), c('a1', 'a')];
    const thread = buildTree(comments);
    // A reply that arrived before its parent sits at the top level; the parent arriving must move it.
    const early = c('r', 'p');
    expect(updateTree(buildTree([early]), byId([early, c('p')]), ['p'])).to.equal(null);
    // Removing a comment that has replies would move them to the top level.
    expect(updateTree(thread, byId([comments[1]!]), ['a'])).to.equal(null);
    // A flat list, and too many changes at once.
    expect(updateTree(buildTree(comments, { maxDepth: 1 }), byId([...comments, c('a2', 'a')]), ['a2'], { maxDepth: 1 })).to.equal(null);
    const many = Array.from({ length: 100 }, (_, i) => c(`m${i}`));
    expect(updateTree(thread, byId([...comments, ...many]), many.map((m) => m.id))).to.equal(null);
  });
});

describe('core/tree-update TreeCache', () => {
  it('rebuilds only when the source changed, and traces small changes once prepared', async () => {
    const comments = new Map([c('a'), c('b')].map((x) => [x.id, x]));
    const log: Array<{ revision: number; ids: string[] }> = [];
    const source = {
      revision: 1,
      comments,
      changedSince: (revision: number) => new Set(log.filter((e) => e.revision > revision).flatMap((e) => e.ids)),
    };
    const cache = new TreeCache();
    await cache.prepare();
    const first = cache.get(source, { sort: 'oldest', maxDepth: 4 });
    expect(cache.get(source, { sort: 'oldest', maxDepth: 4 })).to.equal(first);
    const reply = c('b1', 'b');
    comments.set(reply.id, reply);
    log.push({ revision: 2, ids: [reply.id] });
    source.revision = 2;
    const second = cache.get(source, { sort: 'oldest', maxDepth: 4 });
    expect(shape(second.roots)).to.equal('a,b(b1)');
    expect(second.roots[0]).to.equal(first.roots[0]);
    // Another order is a rebuild that still reuses unchanged threads.
    const newest = cache.get(source, { sort: 'newest', maxDepth: 4 });
    expect(shape(newest.roots)).to.equal('b(b1),a');
    expect(newest.roots[1]).to.equal(first.roots[0]);
  });
});
