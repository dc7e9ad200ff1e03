import { expect } from '@open-wc/testing';
import { comparator, compareOldest, timeOf } from '../../src/core/order.js';
import { compareKeys, keyOf } from '../../src/core/paging.js';
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
});
