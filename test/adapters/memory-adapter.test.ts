import { expect } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import { AdapterError, type Comment, type NewComment, type ThreadChange } from '../../src/adapters/storage-adapter.js';
import { defineAdapterContract } from '../../src/testing/index.js';

defineAdapterContract({ describe, it, beforeEach, afterEach }, 'MemoryAdapter', () => new MemoryAdapter());

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
