import { expect } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import { AdapterError, type Comment, type ListOptions, type ListResult, type NewComment, type ThreadChange } from '../../src/adapters/storage-adapter.js';
import { defineAdapterContract } from '../../src/testing/index.js';

defineAdapterContract({ describe, it, beforeEach, afterEach }, 'MemoryAdapter', () => new MemoryAdapter(), {
  withComments: (comments) => new MemoryAdapter({ comments }),
  pin: async (adapter, threadId, id) => void (await adapter.pin(threadId, id)),
  // Its subscribers are told of the changes made through the same instance.
  watcher: (adapter) => adapter,
});

const seed: Comment[] = [
  {
    id: 'c1',
    threadId: '/post',
    parentId: null,
    author: { name: 'Ada', website: 'https://ada.example/' },
    body: 'First!',
    createdAt: '2024-05-01T10:00:00.000Z',
  },
  {
    id: 'c2',
    threadId: '/post',
    parentId: 'c1',
    author: { name: 'Grace' },
    body: 'A reply.',
    createdAt: '2024-05-01T11:00:00.000Z',
  },
  {
    id: 'c3',
    threadId: '/other',
    parentId: null,
    author: { name: 'Linus' },
    body: 'Elsewhere.',
    createdAt: '2024-05-02T09:00:00.000Z',
  },
];

function input(threadId: string, overrides: Partial<NewComment> = {}): NewComment {
  return { threadId, parentId: null, author: { name: 'Tester' }, body: 'Hello', ...overrides };
}

/** Resolves after queued microtasks (the adapter delivers changes in microtasks) have run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('MemoryAdapter', () => {
  describe('seeding', () => {
    it('lists seeded comments by thread, oldest first', async () => {
      const adapter = new MemoryAdapter({ comments: [seed[1]!, seed[0]!, seed[2]!] });
      const { comments, total } = await adapter.list('/post');
      expect(comments.map((c) => c.id)).to.deep.equal(['c1', 'c2']);
      expect(total).to.equal(2);
      expect((await adapter.list('/other')).comments.map((c) => c.id)).to.deep.equal(['c3']);
    });

    it('sorts newest first on request', async () => {
      const adapter = new MemoryAdapter({ comments: seed });
      const { comments } = await adapter.list('/post', { sort: 'newest' });
      expect(comments.map((c) => c.id)).to.deep.equal(['c2', 'c1']);
    });

    it('copies the seed and every comment it hands out', async () => {
      const comments = structuredClone(seed);
      const adapter = new MemoryAdapter({ comments });
      comments[0]!.body = 'changed by the caller';
      const listed = (await adapter.list('/post')).comments;
      expect(listed[0]!.body).to.equal('First!');
      listed[0]!.body = 'changed again';
      listed[0]!.author.name = 'Mallory';
      const again = (await adapter.list('/post')).comments;
      expect(again[0]!.body).to.equal('First!');
      expect(again[0]!.author.name).to.equal('Ada');
    });

    it('counts seeded threads, without deleted placeholders', async () => {
      const adapter = new MemoryAdapter({ comments: [...seed, { ...seed[0]!, id: 'gone', status: 'deleted', body: '' }] });
      expect(await adapter.count(['/post', '/other', '/none'])).to.deep.equal({ '/post': 2, '/other': 1, '/none': 0 });
    });
  });

  describe('create', () => {
    it('rejects a reply to a comment that is not in the thread', async () => {
      const adapter = new MemoryAdapter({ comments: seed });
      const error = await rejection(adapter.create(input('/post', { parentId: 'c3' })));
      expect(error).to.be.instanceOf(AdapterError);
      expect((error as AdapterError).code).to.equal('not-found');
      expect((await adapter.list('/post')).comments).to.have.length(2);
    });

    it('names the invalid field and explains it', async () => {
      const adapter = new MemoryAdapter();
      const error = (await rejection(adapter.create(input('/t', { author: { name: 'x', website: 'javascript:alert(1)' } })))) as AdapterError;
      expect(error.code).to.equal('invalid');
      expect(error.field).to.equal('author.website');
      expect(error.retryable).to.equal(false);
      expect(error.message).to.contain('http');
    });

    it('stores a retried post with the same idempotency key once', async () => {
      const adapter = new MemoryAdapter();
      const first = await adapter.create(input('/t', { idempotencyKey: 'k1' }));
      const retry = await adapter.create(input('/t', { idempotencyKey: 'k1' }));
      expect(retry.id).to.equal(first.id);
      expect((await adapter.list('/t')).comments).to.have.length(1);
    });

    it('is not changed by mutating the input or the result', async () => {
      const adapter = new MemoryAdapter();
      const newComment = input('/t');
      const created = await adapter.create(newComment);
      newComment.author.name = 'changed';
      created.body = 'changed';
      const [listed] = (await adapter.list('/t')).comments;
      expect(listed!.body).to.equal('Hello');
      expect(listed!.author.name).to.equal('Tester');
    });
  });

  describe('remove', () => {
    it('removes a placeholder parent once its last reply is gone', async () => {
      const adapter = new MemoryAdapter({ comments: seed });
      await adapter.remove('/post', 'c1');
      expect((await adapter.list('/post')).comments.map((c) => [c.id, c.status ?? 'published'])).to.deep.equal([
        ['c1', 'deleted'],
        ['c2', 'published'],
      ]);
      await adapter.remove('/post', 'c2');
      expect((await adapter.list('/post')).comments).to.deep.equal([]);
    });

    it('clears the author of a placeholder', async () => {
      const adapter = new MemoryAdapter({ comments: seed });
      await adapter.remove('/post', 'c1');
      const placeholder = (await adapter.list('/post')).comments.find((c) => c.id === 'c1')!;
      expect(placeholder.author).to.deep.equal({ name: '' });
      expect(placeholder.body).to.equal('');
    });
  });

  describe('subscribe', () => {
    it('delivers created, updated and removed changes made through the same instance', async () => {
      const adapter = new MemoryAdapter();
      const changes: ThreadChange[] = [];
      const controller = new AbortController();
      adapter.subscribe('/t', (change) => changes.push(change), { signal: controller.signal });

      const created = await adapter.create(input('/t', { body: 'new' }));
      await adapter.create(input('/elsewhere'));
      await adapter.update('/t', created.id, { body: 'edited' });
      await adapter.remove('/t', created.id);
      await settle();

      expect(changes.map((c) => c.type)).to.deep.equal(['created', 'updated', 'removed']);
      expect(changes[0]).to.deep.include({ type: 'created' });
      expect((changes[0] as { comment: Comment }).comment.body).to.equal('new');
      expect((changes[1] as { comment: Comment }).comment.body).to.equal('edited');
      expect(changes[2]).to.deep.equal({ type: 'removed', id: created.id });
      controller.abort();
    });

    it('delivers to every subscriber of the thread, as separate copies', async () => {
      const adapter = new MemoryAdapter();
      const a: ThreadChange[] = [];
      const b: ThreadChange[] = [];
      const stopA = adapter.subscribe('/t', (change) => a.push(change));
      const stopB = adapter.subscribe('/t', (change) => b.push(change));
      await adapter.create(input('/t'));
      await settle();
      expect(a).to.have.length(1);
      expect(b).to.have.length(1);
      expect((a[0] as { comment: Comment }).comment).not.to.equal((b[0] as { comment: Comment }).comment);
      stopA();
      stopB();
    });

    it('reports a placeholder as updated', async () => {
      const adapter = new MemoryAdapter({ comments: seed });
      const changes: ThreadChange[] = [];
      const stop = adapter.subscribe('/post', (change) => changes.push(change));
      await adapter.remove('/post', 'c1');
      await settle();
      expect(changes).to.have.length(1);
      expect(changes[0]!.type).to.equal('updated');
      expect((changes[0] as { comment: Comment }).comment.status).to.equal('deleted');
      stop();
    });

    it('stops delivering after unsubscribe or abort', async () => {
      const adapter = new MemoryAdapter();
      const byFunction: ThreadChange[] = [];
      const bySignal: ThreadChange[] = [];
      const controller = new AbortController();
      const unsubscribe = adapter.subscribe('/t', (change) => byFunction.push(change));
      adapter.subscribe('/t', (change) => bySignal.push(change), { signal: controller.signal });
      unsubscribe();
      controller.abort();
      await adapter.create(input('/t'));
      await settle();
      expect(byFunction).to.deep.equal([]);
      expect(bySignal).to.deep.equal([]);
    });
  });

  describe('latency', () => {
    it('waits before answering', async () => {
      const adapter = new MemoryAdapter({ latency: 60 });
      const start = performance.now();
      await adapter.list('/t');
      expect(performance.now() - start).to.be.at.least(50);
    });

    it('rejects with an AbortError as soon as the signal aborts', async () => {
      const adapter = new MemoryAdapter({ latency: 5_000 });
      const controller = new AbortController();
      const start = performance.now();
      const pending = adapter.create(input('/t'), { signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      const error = await rejection(pending);
      expect((error as Error).name).to.equal('AbortError');
      expect(performance.now() - start).to.be.below(1_000);
    });

    it('aborts a slow list', async () => {
      const adapter = new MemoryAdapter({ latency: 5_000 });
      const controller = new AbortController();
      const listing = adapter.list('/t', { signal: controller.signal });
      controller.abort();
      expect(((await rejection(listing)) as Error).name).to.equal('AbortError');
    });

    it('stores nothing when create is aborted during the wait', async () => {
      const adapter = new MemoryAdapter({ latency: 30 });
      const controller = new AbortController();
      const pending = adapter.create(input('/t'), { signal: controller.signal });
      controller.abort();
      await rejection(pending);
      expect((await adapter.list('/t')).comments).to.deep.equal([]);
    });
  });
});

/** A comment of thread `/long` created `minute` minutes into 2024. */
function at(id: string, minute: number, parentId: string | null = null, extra: Partial<Comment> = {}): Comment {
  return {
    id,
    threadId: '/long',
    parentId,
    author: { name: `author ${id}` },
    body: `body ${id}`,
    createdAt: new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString(),
    ...extra,
  };
}

/** Every page of `/long` from `cursor` on, until `nextCursor` ends. */
async function pages(adapter: MemoryAdapter, options: ListOptions, cursor?: string): Promise<ListResult[]> {
  const read: ListResult[] = [];
  let next = cursor ?? null;
  do {
    if (read.length > 100) throw new Error('nextCursor did not end after 100 pages');
    const page = await adapter.list('/long', { ...options, ...(next ? { cursor: next } : {}) });
    read.push(page);
    next = page.nextCursor ?? null;
  } while (next);
  return read;
}

/** The ids of each page, sorted (a page's comments come in any order). */
const idsOf = (read: ListResult[]): string[][] => read.map((page) => page.comments.map((c) => c.id).sort());

describe('MemoryAdapter paging', () => {
  // t1 and t2 share a time: the id decides. r1a answers r1, r2 answers t2.
  const thread = (): Comment[] => [
    at('t3', 3),
    at('r1', 4, 't1'),
    at('t2', 1),
    at('t1', 1),
    at('r1a', 5, 'r1'),
    at('t4', 2),
    at('r2', 6, 't2'),
  ];

  it('says it pages', () => {
    expect(new MemoryAdapter().capabilities.paging).to.equal(true);
  });

  it('pages top-level comments oldest first by createdAt, then id, each with all its replies', async () => {
    const read = await pages(new MemoryAdapter({ comments: thread() }), { limit: 2 });
    expect(idsOf(read)).to.deep.equal([['r1', 'r1a', 't1', 't2', 'r2'].sort(), ['t3', 't4'].sort()]);
    expect(read.map((page) => page.total)).to.deep.equal([7, 7]);
    expect(read[0]!.nextCursor).to.be.a('string');
    expect(read[1]!.nextCursor).to.equal(null);
  });

  it('pages newest first in exactly the reverse order', async () => {
    const read = await pages(new MemoryAdapter({ comments: thread() }), { sort: 'newest', limit: 1 });
    const tops = read.map((page) => page.comments.filter((c) => c.parentId === null).map((c) => c.id));
    expect(tops).to.deep.equal([['t3'], ['t4'], ['t2'], ['t1']]);
    expect(idsOf(read)[3]).to.deep.equal(['r1', 'r1a', 't1']);
  });

  it('lists the whole thread in one answer without limit and cursor, in the order pages use', async () => {
    const result = await new MemoryAdapter({ comments: thread() }).list('/long');
    // t1 and t2 share a time: t1 first by id, as on every page (core/order.ts).
    expect(result.comments.map((c) => c.id)).to.deep.equal(['t1', 't2', 't4', 't3', 'r1', 'r1a', 'r2']);
    expect(result.nextCursor).to.equal(null);
    expect(result.total).to.equal(7);
  });

  it('returns everything after a cursor when there is no limit', async () => {
    const adapter = new MemoryAdapter({ comments: thread() });
    const first = await adapter.list('/long', { limit: 1 });
    const rest = await adapter.list('/long', { cursor: first.nextCursor! });
    expect(idsOf([first, rest])).to.deep.equal([['r1', 'r1a', 't1'], ['r2', 't2', 't3', 't4']]);
    expect(rest.nextCursor).to.equal(null);
  });

  it('rounds a fractional limit down, to at least one', async () => {
    const adapter = new MemoryAdapter({ comments: thread() });
    expect((await adapter.list('/long', { limit: 2.7 })).comments.filter((c) => c.parentId === null)).to.have.length(2);
    expect((await adapter.list('/long', { limit: 0.5 })).comments.filter((c) => c.parentId === null)).to.have.length(1);
  });

  it('rejects a malformed cursor, or one of the other order, as invalid and not retryable', async () => {
    const adapter = new MemoryAdapter({ comments: thread() });
    const { nextCursor } = await adapter.list('/long', { limit: 1 });
    for (const [cursor, sort] of [['garbage!', 'oldest'], ['WzEsMiwzXQ', 'oldest'], [nextCursor!, 'newest']] as const) {
      const error = (await rejection(adapter.list('/long', { sort, limit: 1, cursor }))) as AdapterError;
      expect(error).to.be.instanceOf(AdapterError);
      expect(error.code).to.equal('invalid');
      expect(error.retryable).to.equal(false);
      expect(error.message).to.contain('cursor');
    }
  });

  it('hands out copies of a page: changing them does not change the store', async () => {
    const adapter = new MemoryAdapter({ comments: thread() });
    const [first] = (await adapter.list('/long', { limit: 1 })).comments.filter((c) => c.id === 't1');
    first!.body = 'changed';
    first!.author.name = 'Mallory';
    const [again] = (await adapter.list('/long', { limit: 1 })).comments.filter((c) => c.id === 't1');
    expect(again!.body).to.equal('body t1');
    expect(again!.author.name).to.equal('author t1');
  });

  it('treats orphans and comments answering themselves as top-level, as the tree does', async () => {
    const comments = [at('a', 1), at('orphan', 2, 'missing'), at('o1', 3, 'orphan'), at('self', 4, 'self'), at('s1', 5, 'self')];
    const read = await pages(new MemoryAdapter({ comments }), { limit: 1 });
    expect(idsOf(read)).to.deep.equal([['a'], ['o1', 'orphan'], ['s1', 'self']]);
  });

  it('returns a cycle of parents, and what hangs below it, once with the last page', async () => {
    const comments = [at('a', 1), at('x', 2, 'y'), at('y', 3, 'x'), at('z', 4, 'x'), at('b', 5)];
    for (const sort of ['oldest', 'newest'] as const) {
      const read = await pages(new MemoryAdapter({ comments }), { sort, limit: 1 });
      expect(idsOf(read)).to.deep.equal(sort === 'oldest' ? [['a'], ['b', 'x', 'y', 'z']] : [['b'], ['a', 'x', 'y', 'z']]);
    }
    const onlyCycle = await new MemoryAdapter({ comments: [at('x', 2, 'y'), at('y', 3, 'x')] }).list('/long', { limit: 5 });
    expect(onlyCycle.comments.map((c) => c.id).sort()).to.deep.equal(['x', 'y']);
    expect(onlyCycle.nextCursor).to.equal(null);
  });

  it('keeps a cycle up to date: a reply to it, and a reply removed from it', async () => {
    const adapter = new MemoryAdapter({ comments: [at('a', 1), at('x', 2, 'y'), at('y', 3, 'x'), at('z', 4, 'x'), at('b', 5)] });
    expect(idsOf(await pages(adapter, { limit: 1 }))).to.deep.equal([['a'], ['b', 'x', 'y', 'z']]);
    const reply = await adapter.create(input('/long', { parentId: 'y' }));
    await adapter.remove('/long', 'z');
    expect(idsOf(await pages(adapter, { limit: 1 }))).to.deep.equal([['a'], ['b', reply.id, 'x', 'y'].sort()]);
  });

  it('keeps its index up to date across create, update and remove between pages', async () => {
    const adapter = new MemoryAdapter({
      comments: [at('t1', 1), at('t2', 2), at('r2', 3, 't2'), at('t3', 4), at('t4', 5), at('t5', 6), at('t6', 7), at('r6', 8, 't6')],
    });
    const first = await adapter.list('/long', { limit: 2 });
    expect(idsOf([first])).to.deep.equal([['r2', 't1', 't2']]);

    const top = await adapter.create(input('/long', { body: 'new top-level comment' }));
    const reply = await adapter.create(input('/long', { body: 'reply to t4', parentId: 't4' }));
    await adapter.create(input('/long', { body: 'reply to t1, on the page already read', parentId: 't1' }));
    await adapter.update('/long', 't3', { body: 'edited' });
    await adapter.remove('/long', 't2'); // the cursor's own comment, now a placeholder
    await adapter.remove('/long', 'r2'); // and the placeholder goes with its last reply
    await adapter.remove('/long', 't5');
    await adapter.remove('/long', 't6'); // a placeholder: it has a reply

    const rest = await pages(adapter, { limit: 2 }, first.nextCursor!);
    expect(idsOf(rest)).to.deep.equal([[reply.id, 't3', 't4'].sort(), ['r6', 't6', top.id].sort()]);
    const byId = new Map(rest.flatMap((page) => page.comments).map((c) => [c.id, c]));
    expect(byId.get('t3')!.body).to.equal('edited');
    expect(byId.get('t6')!.status).to.equal('deleted');
    expect(rest[0]!.total).to.equal(8);

    const newest = await pages(adapter, { sort: 'newest', limit: 2 });
    expect(newest.flatMap((page) => page.comments.filter((c) => c.parentId === null).map((c) => c.id))).to.deep.equal([top.id, 't6', 't4', 't3', 't1']);
  });

  it('answers the first page of a 50,000-comment thread with that page only', async () => {
    // 10,000 top-level comments, each with a reply and a reply to that, and two more replies.
    const comments: Comment[] = [];
    for (let i = 0; i < 10_000; i++) {
      const id = `t${String(i).padStart(5, '0')}`;
      comments.push(at(id, i), at(`${id}-a`, i + 1, id), at(`${id}-b`, i + 2, `${id}-a`), at(`${id}-c`, i + 3, id), at(`${id}-d`, i + 4, id));
    }
    comments.reverse();
    const adapter = new MemoryAdapter({ comments });

    const first = await adapter.list('/long', { limit: 50 });
    expect(first.total).to.equal(50_000);
    expect(first.comments).to.have.length(250);
    const tops = first.comments.filter((c) => c.parentId === null).map((c) => c.id);
    expect(tops).to.deep.equal(Array.from({ length: 50 }, (_, i) => `t${String(i).padStart(5, '0')}`));
    expect(first.nextCursor).to.be.a('string');

    const newest = await adapter.list('/long', { sort: 'newest', limit: 50 });
    expect(newest.comments).to.have.length(250);
    expect(newest.comments.filter((c) => c.parentId === null)[0]!.id).to.equal('t09999');

    const rest = await adapter.list('/long', { cursor: first.nextCursor! });
    expect(rest.comments).to.have.length(50_000 - 250);
    expect(rest.nextCursor).to.equal(null);
  });
});

describe('MemoryAdapter votes and pins', () => {
  it('keeps the seeded scores, pins and the visitor’s own votes, and counts votes from them', async () => {
    const adapter = new MemoryAdapter({ comments: [at('a', 1, null, { score: 10, myVote: 1 }), at('b', 2, null, { pinned: true }), at('c', 3, null, { score: 4 })] });
    const listed = new Map((await adapter.list('/long')).comments.map((c) => [c.id, c]));
    expect(listed.get('a')).to.include({ score: 10, myVote: 1 });
    expect(listed.get('b')!.pinned).to.equal(true);
    // The seeded vote is counted in the seeded score already: changing it moves the score by the difference.
    expect(await adapter.vote('/long', 'a', -1)).to.include({ score: 8, myVote: -1 });
    const withdrawn = await adapter.vote('/long', 'a', 0);
    expect(withdrawn.score).to.equal(9);
    expect('myVote' in withdrawn).to.equal(false);
    expect((await adapter.list('/long', { sort: 'top' })).comments.map((c) => c.id)).to.deep.equal(['b', 'a', 'c']);
  });

  it('votes on replies, and refuses mentions and pending comments', async () => {
    const adapter = new MemoryAdapter({ comments: [at('a', 1), at('a1', 2, 'a'), at('ping', 3, null, { kind: 'pingback' }), at('wait', 4, null, { status: 'pending' })] });
    expect((await adapter.vote('/long', 'a1', 1)).score).to.equal(1);
    for (const id of ['ping', 'wait']) {
      const error = await adapter.vote('/long', id, 1).catch((e: unknown) => e as AdapterError);
      expect((error as AdapterError).code, id).to.equal('conflict');
      expect((error as AdapterError).message).to.equal('This comment cannot be voted on.');
    }
  });

  it('tells subscribers of a change of vote once, and of the same vote again not at all', async () => {
    const adapter = new MemoryAdapter({ comments: [at('a', 1)] });
    const changes: ThreadChange[] = [];
    const stop = adapter.subscribe('/long', (change) => changes.push(change));
    await adapter.vote('/long', 'a', 1);
    await adapter.vote('/long', 'a', 1);
    await adapter.vote('/long', 'a', -1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    expect(changes.map((c) => c.type === 'updated' && [c.comment.score, 'myVote' in c.comment])).to.deep.equal([
      [1, false],
      [-1, false],
    ]);
  });

  it('pins a published top-level comment only, and tells subscribers', async () => {
    const adapter = new MemoryAdapter({ comments: [at('a', 1), at('a1', 2, 'a'), at('ping', 3, null, { kind: 'pingback' }), at('gone', 4, null, { status: 'deleted' })] });
    for (const id of ['a1', 'ping', 'gone']) {
      const error = await adapter.pin('/long', id).catch((e: unknown) => e as AdapterError);
      expect((error as AdapterError).code, id).to.equal('conflict');
    }
    expect(((await adapter.pin('/long', 'missing').catch((e: unknown) => e)) as AdapterError).code).to.equal('not-found');
    const changes: ThreadChange[] = [];
    const stop = adapter.subscribe('/long', (change) => changes.push(change));
    expect((await adapter.pin('/long', 'a')).pinned).to.equal(true);
    const unpinned = await adapter.pin('/long', 'a', false);
    expect('pinned' in unpinned).to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    expect(changes.map((c) => c.type === 'updated' && c.comment.pinned)).to.deep.equal([true, undefined]);
  });

  it('pages pinned comments first and the top order by score, cursors following pins and votes', async () => {
    // t1 and t2 share a time: the id decides.
    const adapter = new MemoryAdapter({
      comments: [at('t1', 1, null, { score: 2 }), at('t2', 1, null, { score: 2 }), at('t3', 3, null, { pinned: true }), at('t4', 4, null, { score: 5 }), at('t5', 5, null, { pinned: true, score: 1 }), at('r1', 6, 't1')],
    });
    const tops = (read: ListResult[]): string[] => read.flatMap((page) => page.comments.filter((c) => c.parentId === null).map((c) => c.id));
    for (const limit of [1, 2, 10]) {
      expect(tops(await pages(adapter, { limit })), `oldest, limit ${limit}`).to.deep.equal(['t3', 't5', 't1', 't2', 't4']);
      expect(tops(await pages(adapter, { sort: 'newest', limit })), `newest, limit ${limit}`).to.deep.equal(['t5', 't3', 't4', 't2', 't1']);
      expect(tops(await pages(adapter, { sort: 'top', limit })), `top, limit ${limit}`).to.deep.equal(['t5', 't3', 't4', 't1', 't2']);
    }
    expect((await adapter.list('/long', { sort: 'top' })).comments.map((c) => c.id)).to.deep.equal(['t5', 't3', 't4', 't1', 't2', 'r1']);
    // A cursor names a place in the order; votes and pins after it move comments, never repeat them.
    const first = await adapter.list('/long', { sort: 'top', limit: 3 });
    expect(first.comments.filter((c) => c.parentId === null).map((c) => c.id)).to.deep.equal(['t5', 't3', 't4']);
    await adapter.vote('/long', 't2', 1);
    const rest = await pages(adapter, { sort: 'top', limit: 3 }, first.nextCursor!);
    expect(tops(rest)).to.deep.equal(['t2', 't1']);
    // Once nothing is pinned any more, oldest pages by time again, from a cursor of either kind.
    const pinnedCursor = (await adapter.list('/long', { limit: 1 })).nextCursor!;
    await adapter.pin('/long', 't3', false);
    await adapter.pin('/long', 't5', false);
    expect(tops(await pages(adapter, { limit: 2 }, pinnedCursor)), 'after a cursor in the pinned part').to.deep.equal(['t1', 't2', 't3', 't4', 't5']);
    expect(tops(await pages(adapter, { limit: 2 }))).to.deep.equal(['t1', 't2', 't3', 't4', 't5']);
  });
});
