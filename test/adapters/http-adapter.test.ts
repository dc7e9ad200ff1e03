import { expect } from '@open-wc/testing';
import { HttpAdapter } from '../../src/adapters/http-adapter.js';
import { AdapterError, type ThreadChange } from '../../src/adapters/storage-adapter.js';
import { randomId } from '../../src/core/id.js';
import { defineAdapterContract } from '../../src/testing/index.js';

/**
 * The HttpAdapter against a real comment-thread-server process (started by the test runner,
 * scripts/test-comment-server.mjs) on a real SQLite file, across origins as on a real site.
 */
const { url, failure } = (await (await fetch('/__comment-server.json')).json()) as { url?: string; failure?: string };
if (!url) throw new Error(failure ?? 'no comment server');

defineAdapterContract({ describe, it, beforeEach, afterEach }, 'HttpAdapter', () => new HttpAdapter(url), {
  threadId: () => `/http-contract/${randomId()}`,
});

const thread = (): string => `/http/${randomId()}`;

/** Resolves with the first change the subscription delivers that `accept` likes. */
function nextChange(adapter: HttpAdapter, threadId: string, accept: (c: ThreadChange) => boolean): { change: Promise<ThreadChange>; stop: () => void } {
  let stop = (): void => {};
  const change = new Promise<ThreadChange>((resolve) => {
    stop = adapter.subscribe(threadId, (c) => {
      if (accept(c)) resolve(c);
    });
  });
  return { change, stop };
}

describe('HttpAdapter', () => {
  it('keeps the edit token, so the author can edit and delete after a reload', async () => {
    const threadId = thread();
    const author = new HttpAdapter(url);
    const created = await author.create({ threadId, parentId: null, author: { name: 'Ann' }, body: 'mine' });
    expect(author.editableUntil(threadId, created.id)!.getTime()).to.be.greaterThan(Date.now() + 14 * 60_000);
    // A new instance, as after a reload, reads the token from localStorage.
    const afterReload = new HttpAdapter(url);
    const edited = await afterReload.update(threadId, created.id, { body: 'mine, edited' });
    expect(edited.body).to.equal('mine, edited');
    // Someone else's browser has no token.
    const stranger = new HttpAdapter(url, { storage: null });
    const error = await stranger.update(threadId, created.id, { body: 'hijack' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AdapterError);
    expect((error as AdapterError).code).to.equal('forbidden');
    await afterReload.remove(threadId, created.id);
    expect(afterReload.editableUntil(threadId, created.id)).to.equal(null);
    expect((await author.list(threadId)).comments).to.deep.equal([]);
  });

  it('stores a post retried with the same idempotency key once', async () => {
    const threadId = thread();
    const adapter = new HttpAdapter(url);
    const input = { threadId, parentId: null, author: { name: 'Ann' }, body: 'once', idempotencyKey: randomId() };
    const [a, b] = await Promise.all([adapter.create(input), adapter.create(input)]);
    expect(a.id).to.equal(b.id);
    expect((await adapter.list(threadId)).comments).to.have.length(1);
  });

  it('pages with cursors and reports the total', async () => {
    const threadId = thread();
    const adapter = new HttpAdapter(url);
    for (let i = 0; i < 5; i++) await adapter.create({ threadId, parentId: null, author: { name: 'P' }, body: `n${i}` });
    const first = await adapter.list(threadId, { limit: 2 });
    expect(first.comments.map((c) => c.body)).to.deep.equal(['n0', 'n1']);
    expect(first.total).to.equal(5);
    const second = await adapter.list(threadId, { limit: 2, cursor: first.nextCursor! });
    expect(second.comments.map((c) => c.body)).to.deep.equal(['n2', 'n3']);
  });

  it('delivers another client’s new, edited and removed comments live', async () => {
    const threadId = thread();
    const reader = new HttpAdapter(url, { storage: null });
    const writer = new HttpAdapter(url, { storage: null });
    const created = nextChange(reader, threadId, (c) => c.type === 'created');
    // Give the event stream a moment to connect before writing.
    await new Promise((r) => setTimeout(r, 300));
    const comment = await writer.create({ threadId, parentId: null, author: { name: 'W' }, body: 'live' });
    expect(((await created.change) as { comment: { id: string } }).comment.id).to.equal(comment.id);
    const updated = nextChange(reader, threadId, (c) => c.type === 'updated');
    const removed = nextChange(reader, threadId, (c) => c.type === 'removed');
    await new Promise((r) => setTimeout(r, 300));
    await writer.update(threadId, comment.id, { body: 'live, edited' });
    expect(((await updated.change) as { comment: { body: string } }).comment.body).to.equal('live, edited');
    await writer.remove(threadId, comment.id);
    expect(await removed.change).to.deep.equal({ type: 'removed', id: comment.id });
    for (const s of [created, updated, removed]) s.stop();
  });

  it('reconnects live updates after the server crashed and came back', async () => {
    const threadId = thread();
    const reader = new HttpAdapter(url, { storage: null });
    const writer = new HttpAdapter(url, { storage: null });
    const first = nextChange(reader, threadId, (c) => c.type === 'created');
    await new Promise((r) => setTimeout(r, 300));
    await writer.create({ threadId, parentId: null, author: { name: 'W' }, body: 'before the crash' });
    await first.change;
    first.stop();
    const after = nextChange(reader, threadId, (c) => c.type === 'created' && c.comment.body === 'after the restart');
    const restarted = await fetch('/__comment-server/restart', { method: 'POST' });
    expect(restarted.ok).to.equal(true);
    // EventSource waits the server's retry interval (3 s) before reconnecting; keep posting
    // until the reconnected stream hears one.
    let heard = false;
    void after.change.then(() => (heard = true));
    for (let i = 0; i < 20 && !heard; i++) {
      await new Promise((r) => setTimeout(r, 500));
      if (i % 4 === 3) await writer.create({ threadId, parentId: null, author: { name: 'W' }, body: 'after the restart' });
    }
    expect(heard, 'no event after the server restarted').to.equal(true);
    after.stop();
  });

  it('maps failures to adapter errors with the server’s message', async () => {
    const adapter = new HttpAdapter(url, { retries: 0 });
    const invalid = await adapter.create({ threadId: thread(), parentId: null, author: { name: 'x', website: 'ftp://x.example' }, body: 'x' }).catch((e: unknown) => e);
    expect((invalid as AdapterError).code).to.equal('invalid');
    expect((invalid as AdapterError).field).to.equal('author.website');
    expect((invalid as AdapterError).message).to.contain('http');
    const missing = await adapter.update(thread(), 'no-such-comment', { body: 'x' }).catch((e: unknown) => e);
    expect((missing as AdapterError).code).to.equal('not-found');
    // Nothing listens on port 9 of this machine.
    const down = await new HttpAdapter('http://127.0.0.1:9', { retries: 1, retryDelayMs: 10 }).list('/x').catch((e: unknown) => e);
    expect((down as AdapterError).code).to.equal('network');
    expect((down as AdapterError).retryable).to.equal(true);
  });

  it('gives up after its timeout and honours an abort', async () => {
    const slow = new HttpAdapter(url, { timeoutMs: 1, retries: 0 });
    const error = await slow.list(thread()).catch((e: unknown) => e);
    expect((error as AdapterError).code).to.equal('timeout');
    const controller = new AbortController();
    const pending = new HttpAdapter(url).list(thread(), { signal: controller.signal });
    controller.abort();
    const aborted = await pending.catch((e: unknown) => e);
    expect((aborted as Error).name).to.equal('AbortError');
  });
});
