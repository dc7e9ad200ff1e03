import { expect } from '@open-wc/testing';
import { groupThreads, newGrouping, type Grouping, type ThreadGroup } from '../../src/core/groups.js';

/** Threads as ids; `sizes` gives each thread's comment count (default 1). */
function group(ids: string[], grouping: Grouping, budget: number, sizes: Record<string, number> = {}): ThreadGroup<string>[] {
  return groupThreads(
    ids,
    ids.map((id) => sizes[id] ?? 1),
    (id) => id,
    grouping,
    budget,
  );
}

/** "key:a,b|key:c" for compact assertions. */
function shape(groups: ThreadGroup<string>[]): string {
  return groups.map((g) => `${g.key}:${g.roots.join(',')}`).join('|');
}

const ids = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('core/groups groupThreads', () => {
  it('fills groups up to the budget of comments, counting replies', () => {
    const grouping = newGrouping();
    const groups = group(['a', 'b', 'c', 'd', 'e'], grouping, 4, { a: 2, b: 1, c: 3, d: 1, e: 1 });
    // a+b = 3 < 4, so c joins too (a group takes threads while under budget); then d, e.
    expect(shape(groups)).to.equal('0:a,b,c|1:d,e');
    expect(groups.map((g) => g.comments)).to.deep.equal([6, 2]);
  });

  it('gives one thread larger than the budget a group of its own', () => {
    const groups = group(['a', 'big', 'b'], newGrouping(), 4, { a: 4, big: 50, b: 1 });
    expect(shape(groups)).to.equal('0:a|1:big|2:b');
  });

  it('keeps every thread in its group as more threads arrive at the end', () => {
    const grouping = newGrouping();
    const first = group(ids(5), grouping, 3);
    expect(shape(first)).to.equal('0:t0,t1,t2|1:t3,t4');
    const more = group(ids(9), grouping, 3);
    expect(shape(more)).to.equal('0:t0,t1,t2|1:t3,t4,t5|2:t6,t7,t8');
  });

  it('puts a new thread at the top into the first group without shifting the others (newest first)', () => {
    const grouping = newGrouping();
    const before = group(ids(6), grouping, 3);
    expect(shape(before)).to.equal('0:t0,t1,t2|1:t3,t4,t5');
    const after = group(['new', ...ids(6)], grouping, 3);
    expect(shape(after)).to.equal('0:new,t0,t1,t2|1:t3,t4,t5');
  });

  it('puts a new thread in the middle into the group before it', () => {
    const grouping = newGrouping();
    group(ids(6), grouping, 3);
    const after = group(['t0', 't1', 't2', 'mid', 't3', 't4', 't5'], grouping, 3);
    // Group 0 is full, so "mid" starts a new group rather than growing it.
    expect(shape(after)).to.equal('0:t0,t1,t2|2:mid|1:t3,t4,t5');
  });

  it('keeps the other groups when a thread is removed', () => {
    const grouping = newGrouping();
    group(ids(6), grouping, 3);
    const after = group(['t0', 't2', 't3', 't4', 't5'], grouping, 3);
    expect(shape(after)).to.equal('0:t0,t2|1:t3,t4,t5');
  });

  it('keeps whole groups when the order of groups changes', () => {
    const grouping = newGrouping();
    group(ids(4), grouping, 2);
    expect(shape(group(ids(4).reverse(), grouping, 2))).to.equal('1:t3,t2|0:t1,t0');
  });

  it('starts over when the order changes so that a group would be split', () => {
    const grouping = newGrouping();
    group(ids(4), grouping, 2);
    const shuffled = group(['t0', 't2', 't1', 't3'], grouping, 2);
    expect(shape(shuffled)).to.equal('0:t0,t2|1:t1,t3');
    expect(shape(group(['t0', 't2', 't1', 't3'], grouping, 2))).to.equal('0:t0,t2|1:t1,t3');
  });

  it('groups 10,000 threads, each exactly once, under unique keys', () => {
    const all = ids(10_000);
    const groups = group(all, newGrouping(), 32);
    expect(groups.length).to.equal(Math.ceil(10_000 / 32));
    expect(groups.flatMap((g) => g.roots)).to.deep.equal(all);
    expect(new Set(groups.map((g) => g.key)).size).to.equal(groups.length);
  });

  it('returns no groups for no threads', () => {
    expect(group([], newGrouping(), 32)).to.deep.equal([]);
  });
});
