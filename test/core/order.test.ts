import { expect } from '@open-wc/testing';
import type { Comment, SortOrder } from '../../src/adapters/storage-adapter.js';
import { comparator, compareOldest, compareTops, timeOf } from '../../src/core/order.js';
import { compareKeys, compareKeysIn, keyOf } from '../../src/core/paging.js';
import { listResult } from '../../src/adapters/comment-reads.js';
import { buildTree } from '../../src/core/tree.js';
import { sample } from '../helpers.js';

describe('core/order', () => {
  it('reads createdAt as a time, 0 when it is no date', () => {
    expect(timeOf('2024-05-01T10:00:00.000Z')).to.equal(Date.UTC(2024, 4, 1, 10));
    expect(timeOf('2024-05-01T12:00:00+02:00')).to.equal(Date.UTC(2024, 4, 1, 10));
    expect(timeOf('yesterday')).to.equal(0);
  });

  it('sorts by time, then by id; newest is the exact reverse', () => {
    const at = (id: string, iso: string) => ({ id, createdAt: iso });
    const items = [at('b', '2024-01-01T00:00:00Z'), at('a', '2024-01-01T00:00:00Z'), at('c', '2023-12-31T00:00:00Z'), at('z', 'not a date')];
    expect([...items].sort(compareOldest).map((c) => c.id)).to.deep.equal(['z', 'c', 'a', 'b']);
    expect([...items].sort(comparator('newest')).map((c) => c.id)).to.deep.equal(['b', 'a', 'c', 'z']);
    expect(compareOldest(items[0]!, items[0]!)).to.equal(0);
  });

  it('is the order of the tree, of paging keys and of adapter listings', () => {
    // Equal times in an order that is neither by id nor its reverse.
    const time = 600;
    const comments = ['m', 'a', 'x', 'c'].map((id) => sample(id, null, id, id, time));
    for (const c of comments) c.createdAt = comments[0]!.createdAt;
    comments.push(sample('early', null, 'e', 'e', 900));
    const expected = [...comments].sort(compareOldest).map((c) => c.id);
    expect(expected).to.deep.equal(['early', 'a', 'c', 'm', 'x']);
    expect(buildTree(comments).roots.map((n) => n.comment.id)).to.deep.equal(expected);
    expect(buildTree(comments, { sort: 'newest' }).roots.map((n) => n.comment.id)).to.deep.equal([...expected].reverse());
    expect(comments.map(keyOf).sort(compareKeys).map((k) => k.id)).to.deep.equal(expected);
    expect(listResult(comments).comments.map((c) => c.id)).to.deep.equal(expected);
    expect(listResult(comments, 'newest').comments.map((c) => c.id)).to.deep.equal([...expected].reverse());
  });

  it('sorts top by score, highest first, ties oldest first (time, then id)', () => {
    const at = (id: string, iso: string, score?: number) => ({ id, createdAt: iso, ...(score === undefined ? {} : { score }) });
    const items = [
      at('late', '2024-01-03T00:00:00Z', 2),
      at('b', '2024-01-01T00:00:00Z', 2),
      at('a', '2024-01-01T00:00:00Z', 2),
      at('none', '2023-01-01T00:00:00Z'),
      at('zero', '2024-01-02T00:00:00Z', 0),
      at('down', '2022-01-01T00:00:00Z', -1),
      at('best', '2024-06-01T00:00:00Z', 7),
    ];
    expect([...items].sort(comparator('top')).map((c) => c.id)).to.deep.equal(['best', 'a', 'b', 'late', 'none', 'zero', 'down']);
    // Scores count for top only.
    expect([...items].sort(comparator('oldest')).map((c) => c.id)).to.deep.equal(['down', 'none', 'a', 'b', 'zero', 'late', 'best']);
    expect(compareTops('top', items[0]!, 1, items[0]!, 1)).to.equal(0);
  });

  it('puts pinned comments first in every order, in that order among themselves', () => {
    const at = (id: string, day: number, extra: { score?: number; pinned?: boolean } = {}) => ({ id, createdAt: `2024-01-0${day}T00:00:00Z`, ...extra });
    const items = [at('p1', 1, { pinned: true, score: -3 }), at('a', 2, { score: 5 }), at('p3', 3, { pinned: true, score: 1 }), at('b', 4), at('p5', 5, { pinned: true, score: 1 }), at('u', 6, { pinned: false, score: 9 })];
    const order = (sort: SortOrder) => [...items].sort(comparator(sort)).map((c) => c.id);
    expect(order('oldest')).to.deep.equal(['p1', 'p3', 'p5', 'a', 'b', 'u']);
    expect(order('newest')).to.deep.equal(['p5', 'p3', 'p1', 'u', 'b', 'a']);
    expect(order('top')).to.deep.equal(['p3', 'p5', 'p1', 'u', 'a', 'b']);
  });

  it('is the order of the tree, of paging keys and of adapter listings for top and pins too', () => {
    const minute = (n: number): string => new Date(Date.UTC(2024, 0, 1, 0, n)).toISOString();
    const comments: Comment[] = ['m', 'a', 'x', 'c', 'q', 'r'].map((id, i) => ({ ...sample(id, null, id, id), createdAt: minute(i % 3) }));
    Object.assign(comments[1]!, { score: 3 });
    Object.assign(comments[2]!, { score: 3, pinned: true });
    Object.assign(comments[3]!, { score: -1 });
    Object.assign(comments[4]!, { pinned: true });
    Object.assign(comments[5]!, { score: 3 });
    const expected = {
      oldest: ['q', 'x', 'c', 'm', 'a', 'r'],
      newest: ['x', 'q', 'r', 'a', 'm', 'c'],
      top: ['x', 'q', 'a', 'r', 'm', 'c'],
    };
    for (const sort of ['oldest', 'newest', 'top'] as const) {
      expect([...comments].sort(comparator(sort)).map((c) => c.id), `comparator, ${sort}`).to.deep.equal(expected[sort]);
      expect(buildTree(comments, { sort }).roots.map((n) => n.comment.id), `tree, ${sort}`).to.deep.equal(expected[sort]);
      expect(listResult(comments, sort).comments.map((c) => c.id), `listing, ${sort}`).to.deep.equal(expected[sort]);
      const keys = comments.map((c) => ({ ...keyOf(c), pinned: c.pinned === true, score: c.score ?? 0 }));
      expect(keys.sort((a, b) => compareKeysIn(sort, a, b)).map((k) => k.id), `paging keys, ${sort}`).to.deep.equal(expected[sort]);
    }
  });
});
