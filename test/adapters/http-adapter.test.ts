import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { serverAdapter } from '../../src/adapters/default-adapters.js';
import { HttpAdapter } from '../../src/adapters/http-adapter.js';
import { AUTHOR_KEY, KEY_PREFIX, grantsKey } from '../../src/adapters/http-request.js';
import { AdapterError, type Comment, type ThreadChange } from '../../src/adapters/storage-adapter.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { randomId } from '../../src/core/id.js';
import '../../src/define.js';
import { defineAdapterContract } from '../../src/testing/index.js';
import { $, $$, articleTexts, composer, formReady, showArrivals, typeInto } from '../helpers.js';

/**
 * The HttpAdapter against a real comment-thread-server process (started by the test runner,
 * scripts/test-comment-server.mjs) on a real SQLite file, across origins as on a real site.
 * Failures are real too: a fault proxy in front of the server fails, drops or withholds the
 * requests a test names, and records what it saw.
 */
const { url, failure, adminToken } = (await (await fetch('/__comment-server.json')).json()) as { url?: string; failure?: string; adminToken?: string };
if (!url) throw new Error(failure ?? 'no comment server');

/** A request as the fault proxy saw it. */
interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** Its X-Author-Key header, or null when it had none. */
  authorKey: string | null;
  /** The fault it met, or null when it was forwarded untouched. */
  fault: 'status' | 'drop' | 'hang' | null;
  /** The server's status for it, when it reached the server. */
  upstreamStatus: number | null;
}

/** What the proxy does to the next `times` (default 1) requests to `path` (any method but OPTIONS, or `method`). */
interface Fault {
  path: string;
  method?: string;
  times?: number;
  /** Answer `status` (with `headers` and a JSON `body`), drop the connection, or never answer. */
  action: 'status' | 'drop' | 'hang';
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Forward the request first, so the server does the work, and then misbehave. */
  reachServer?: boolean;
}

async function control<T>(path: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = (await response.json()) as T & { error?: string };
  if (json.error) throw new Error(`fault proxy: ${json.error}`);
  return json;
}

/**
 * A scope of the fault proxy: `base` reaches the comment server (the shared one, or a new one
 * started with `server` options) through the proxy, with this scope's faults and log.
 */
async function faultProxy(server?: { editWindow?: number; rateLimit?: number; downvotes?: boolean }) {
  const { scope, base } = await control<{ scope: string; base: string }>('/__comment-server/scope', 'POST', server ? { server } : {});
  const q = `?scope=${scope}`;
  return {
    base,
    fail: (fault: Fault) => control(`/__comment-server/faults${q}`, 'POST', fault),
    heal: () => control(`/__comment-server/faults${q}`, 'DELETE'),
    /** Drops the open event streams. */
    cut: () => control(`/__comment-server/cut${q}`, 'POST'),
    requests: async (method: string, path: string) =>
      (await control<{ requests: SeenRequest[] }>(`/__comment-server/log${q}`, 'GET')).requests.filter((r) => r.method === method && r.path === path),
    openStreams: async () => (await control<{ openStreams: number }>(`/__comment-server/log${q}`, 'GET')).openStreams,
    /** Kills the scope's own server (SIGKILL, as a crash) and starts it again, same port and data. */
    restart: () => control(`/__comment-server/restart${q}`, 'POST'),
  };
}

const reject = (promise: Promise<unknown>): Promise<AdapterError> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as AdapterError,
  );

/**
 * `comments` as a WordPress export (WXR) would hold them: an item per thread (its link's path is
 * the thread id), `wp-N` ids as comment_id N, kinds as comment types. Text is escaped as XML.
 */
function wordPressExport(comments: readonly Comment[]): string {
  const text = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const wpId = (id: string | null): string => (id === null ? '0' : id.replace(/^wp-/, ''));
  const items = [...new Set(comments.map((c) => c.threadId))].map((threadId) => {
    const entries = comments
      .filter((c) => c.threadId === threadId)
      .map(
        (c) => `<wp:comment>
      <wp:comment_id>${wpId(c.id)}</wp:comment_id>
      <wp:comment_author>${text(c.author.name)}</wp:comment_author>
      <wp:comment_author_url>${text(c.author.website ?? '')}</wp:comment_author_url>
      <wp:comment_date_gmt>${c.createdAt.slice(0, 19).replace('T', ' ')}</wp:comment_date_gmt>
      <wp:comment_content>${text(c.body)}</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>${c.kind && c.kind !== 'comment' ? c.kind : ''}</wp:comment_type>
      <wp:comment_parent>${wpId(c.parentId)}</wp:comment_parent>
    </wp:comment>`,
      );
    return `<item><title>A post</title><link>https://blog.example${text(threadId)}</link><wp:post_type>post</wp:post_type>
    ${entries.join('\n    ')}
  </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>A blog</title>
  ${items.join('\n  ')}
</channel></rss>`;
}

defineAdapterContract({ describe, it, beforeEach, afterEach }, 'HttpAdapter', () => new HttpAdapter(url), {
  threadId: () => `/http-contract/${randomId()}`,
  // What only an import makes (pingbacks, old ids), made the way a site would: the server's
  // CLI imports a WordPress export into the server's database.
  withComments: async (comments) => {
    const answer = (await (await fetch('/__comment-server/import', { method: 'POST', body: JSON.stringify({ format: 'wordpress', file: wordPressExport(comments) }) })).json()) as { error?: string };
    if (answer.error) throw new Error(answer.error);
    return new HttpAdapter(url);
  },
  // As the site's moderator pins, through the admin API.
  pin: async (_adapter, _threadId, id) => {
    const answer = await fetch(`${url}/api/admin/comments/${encodeURIComponent(id)}/pin`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}` } });
    if (!answer.ok) throw new Error(`pin failed: ${answer.status} ${await answer.text()}`);
  },
  // Another visitor, in another browser.
  watcher: () => new HttpAdapter(url, { storage: null }),
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

  it('hears a change made between its first read and its live stream (the stream goes on from the read)', async () => {
    const threadId = thread();
    const writer = new HttpAdapter(url, { storage: null });
    await writer.create({ threadId, parentId: null, author: { name: 'W' }, body: 'before the read' });
    // As the element does: the first page is read at once, the live stream opens once the
    // client has loaded, and another visitor may post in between.
    const reader = new HttpAdapter(url, { storage: null });
    const first = await reader.list(threadId);
    expect(first.comments.map((c) => c.body)).to.deep.equal(['before the read']);
    const between = await writer.create({ threadId, parentId: null, author: { name: 'W' }, body: 'between the read and the stream' });
    const changes: ThreadChange[] = [];
    const stop = reader.subscribe(threadId, (c) => changes.push(c));
    try {
      await waitUntil(() => changes.some((c) => c.type === 'created' && c.comment.id === between.id), 'the change made before the stream opened was missed', { timeout: 5000 });
      // Replayed, not a re-read.
      expect(changes.some((c) => c.type === 'resync')).to.equal(false);
    } finally {
      stop();
    }
  });

  it('reconnects live updates after the server crashed and came back', async () => {
    // A server of its own to crash: the shared one serves the other browsers' tests meanwhile.
    const server = await faultProxy({});
    const threadId = thread();
    const reader = new HttpAdapter(server.base, { storage: null });
    const writer = new HttpAdapter(server.base, { storage: null });
    const first = nextChange(reader, threadId, (c) => c.type === 'created');
    await new Promise((r) => setTimeout(r, 300));
    await writer.create({ threadId, parentId: null, author: { name: 'W' }, body: 'before the crash' });
    await first.change;
    first.stop();
    const after = nextChange(reader, threadId, (c) => c.type === 'created' && c.comment.body === 'after the restart');
    await server.restart();
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

describe('HttpAdapter against a failing server (through the fault proxy)', () => {
  const direct = (): HttpAdapter => new HttpAdapter(url, { storage: null });
  const post = { parentId: null, author: { name: 'F' } };

  it('retries a read after a 5xx and a dropped connection, and gives up after its retries', async () => {
    const threadId = thread();
    await direct().create({ ...post, threadId, body: 'there' });
    const proxy = await faultProxy();
    const adapter = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 5 });
    await proxy.fail({ path: '/api/comments', method: 'GET', action: 'status', status: 503 });
    await proxy.fail({ path: '/api/comments', method: 'GET', action: 'drop' });
    expect((await adapter.list(threadId)).comments.map((c) => c.body)).to.deep.equal(['there']);
    expect((await proxy.requests('GET', '/api/comments')).map((r) => r.fault)).to.deep.equal(['status', 'drop', null]);

    await proxy.fail({ path: '/api/comments', method: 'GET', action: 'status', status: 500, times: 3 });
    const error = await reject(adapter.list(threadId));
    expect(error).to.be.instanceOf(AdapterError);
    expect(error.code).to.equal('unavailable');
    expect(error.retryable).to.equal(true);
    expect(error.message).to.equal('Injected 500 by the test proxy.');
    // One attempt and two retries, no more.
    expect(await proxy.requests('GET', '/api/comments')).to.have.length(6);
  });

  it('re-sends a post with the same Idempotency-Key after a 5xx, and the server stores it once', async () => {
    const threadId = thread();
    const proxy = await faultProxy();
    const adapter = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 5 });
    // First the answer never reaches the server; then the server stores it and the answer is lost.
    await proxy.fail({ path: '/api/comments', method: 'POST', action: 'status', status: 500 });
    await proxy.fail({ path: '/api/comments', method: 'POST', action: 'status', status: 502, reachServer: true });
    const saved = await adapter.create({ ...post, threadId, body: 'sent three times' });
    const posts = await proxy.requests('POST', '/api/comments');
    expect(posts.map((r) => [r.fault, r.upstreamStatus])).to.deep.equal([
      ['status', null],
      ['status', 201],
      [null, 200],
    ]);
    expect(posts[0]!.idempotencyKey).to.be.a('string').and.not.equal('');
    expect(new Set(posts.map((r) => r.idempotencyKey)).size).to.equal(1);
    expect((await direct().list(threadId)).comments.map((c) => c.id)).to.deep.equal([saved.id]);
  });

  it('stores a post that timed out on the client but reached the server exactly once, and it stays editable', async () => {
    const threadId = thread();
    const proxy = await faultProxy();
    const adapter = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 5, timeoutMs: 500 });
    // The server stores it; its answer is withheld until the client gives up.
    await proxy.fail({ path: '/api/comments', method: 'POST', action: 'hang', reachServer: true });
    const saved = await adapter.create({ ...post, threadId, body: 'timed out once' });
    await waitUntil(async () => (await proxy.requests('POST', '/api/comments')).every((r) => r.upstreamStatus !== null));
    const posts = await proxy.requests('POST', '/api/comments');
    expect(posts.map((r) => r.upstreamStatus).sort()).to.deep.equal([200, 201]);
    expect(posts[0]!.idempotencyKey).to.equal(posts[1]!.idempotencyKey);
    expect((await direct().list(threadId)).comments.map((c) => c.id)).to.deep.equal([saved.id]);
    // The retry's answer carries the same edit token.
    expect((await adapter.update(threadId, saved.id, { body: 'edited' })).body).to.equal('edited');
  });

  it('maps a withheld answer to timeout and a dropped connection to network, both retryable', async () => {
    const proxy = await faultProxy();
    const adapter = new HttpAdapter(proxy.base, { storage: null, retries: 0, timeoutMs: 300 });
    await proxy.fail({ path: '/api/comments', method: 'GET', action: 'hang' });
    const timeout = await reject(adapter.list(thread()));
    expect([timeout.code, timeout.retryable]).to.deep.equal(['timeout', true]);
    await proxy.fail({ path: '/api/comments', method: 'POST', action: 'drop' });
    const network = await reject(adapter.create({ ...post, threadId: thread(), body: 'x' }));
    expect([network.code, network.retryable]).to.deep.equal(['network', true]);
    expect(network.message).to.contain('cannot be reached');
  });

  it('waits as long as Retry-After says up to maxRetryWaitMs, and rejects at once beyond it', async () => {
    const threadId = thread();
    const proxy = await faultProxy();
    const limited = { path: '/api/comments', method: 'GET', action: 'status', status: 429, headers: { 'Retry-After': '1' } } as const;
    // 1 s is more than this adapter waits: no retry, the caller learns how long to wait.
    await proxy.fail(limited);
    const impatient = await reject(new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 5, maxRetryWaitMs: 999 }).list(threadId));
    expect([impatient.code, impatient.retryable, impatient.retryAfter]).to.deep.equal(['rate-limited', true, 1]);
    expect(await proxy.requests('GET', '/api/comments')).to.have.length(1);
    // 1 s is just what this one waits: it retries, after the server's pause and not its own 5 ms.
    await proxy.fail(limited);
    const patient = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 5, maxRetryWaitMs: 1000 });
    expect((await patient.list(threadId)).comments).to.deep.equal([]);
    expect((await proxy.requests('GET', '/api/comments')).map((r) => r.fault)).to.deep.equal(['status', 'status', null]);
    // Retry-After as an HTTP date, an hour ahead: beyond the default 15 s, so no retry either.
    await proxy.fail({ ...limited, headers: { 'Retry-After': new Date(Date.now() + 3_600_000).toUTCString() } });
    const later = await reject(new HttpAdapter(proxy.base, { storage: null }).list(threadId));
    expect(later.code).to.equal('rate-limited');
    expect(later.retryAfter).to.be.within(3500, 3600);
    expect(await proxy.requests('GET', '/api/comments')).to.have.length(4);
  });

  it('passes on the server’s own 429 of its rate limit, with its message and Retry-After', async () => {
    const proxy = await faultProxy({ rateLimit: 1 });
    const adapter = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 5 });
    const threadId = thread();
    await adapter.create({ ...post, threadId, body: 'the one write a minute' });
    const error = await reject(adapter.create({ ...post, threadId, body: 'one too many' }));
    expect([error.code, error.retryable]).to.deep.equal(['rate-limited', true]);
    expect(error.message).to.contain('Too many changes');
    expect(error.retryAfter).to.be.greaterThan(15);
    // The server's pause is longer than the adapter waits: not retried.
    expect((await proxy.requests('POST', '/api/comments')).map((r) => r.upstreamStatus)).to.deep.equal([201, 429]);
  });

  it('maps the server’s 403 after the edit window to forbidden with its message, not retried', async () => {
    const proxy = await faultProxy();
    const adapter = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 5 });
    const threadId = thread();
    const saved = await adapter.create({ ...post, threadId, body: 'quickly' });
    // The server's own answer to an edit after its window, while this browser's clock still
    // lets it try (its window closes by this clock, and then the token is gone: see below).
    const message = 'Comments can only be changed for 15 minutes after posting; that time has passed.';
    await proxy.fail({ path: `/api/comments/${saved.id}`, method: 'PATCH', action: 'status', status: 403, body: { error: { code: 'forbidden', message } } });
    const error = await reject(adapter.update(threadId, saved.id, { body: 'too late' }));
    expect([error.code, error.retryable, error.message]).to.deep.equal(['forbidden', false, message]);
    expect((await proxy.requests('PATCH', `/api/comments/${saved.id}`)).map((r) => r.fault)).to.deep.equal(['status']);
  });

  it('drops an edit token once its window has passed: an edit is refused without sending it', async () => {
    const proxy = await faultProxy({ editWindow: 0 });
    const adapter = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 5 });
    const threadId = thread();
    const saved = await adapter.create({ ...post, threadId, body: 'quickly' });
    // A window of 0 minutes has passed as soon as the clock moves on.
    await new Promise((r) => setTimeout(r, 5));
    expect(adapter.editableUntil(threadId, saved.id)).to.equal(null);
    const error = await reject(adapter.update(threadId, saved.id, { body: 'too late' }));
    expect([error.code, error.retryable]).to.deep.equal(['forbidden', false]);
    expect(await proxy.requests('PATCH', `/api/comments/${saved.id}`)).to.deep.equal([]);
  });

  it('maps the server’s 413 for a too-large request to invalid body, not retried', async () => {
    const proxy = await faultProxy();
    const adapter = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 5 });
    const error = await reject(adapter.create({ ...post, threadId: thread(), body: 'x'.repeat(70_000) }));
    expect([error.code, error.retryable, error.field]).to.deep.equal(['invalid', false, 'body']);
    expect(error.message).to.contain('64 KB');
    expect((await proxy.requests('POST', '/api/comments')).map((r) => r.upstreamStatus)).to.deep.equal([413]);
  });

  it('reads a thread its site closed as closed, and maps the refusal of a post to closed, not retried', async () => {
    const proxy = await faultProxy();
    const adapter = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 5 });
    const threadId = thread();
    await adapter.create({ ...post, threadId, body: 'before it closed' });
    expect((await adapter.list(threadId)).closed ?? false, 'open: no closed, or false').to.equal(false);
    const closing = await fetch(`${url}/api/admin/threads/close`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ threadId }),
    });
    expect(closing.status).to.equal(200);
    expect((await adapter.list(threadId)).closed).to.equal(true);
    const error = await reject(adapter.create({ ...post, threadId, body: 'too late' }));
    expect([error.code, error.retryable, error.message]).to.deep.equal(['closed', false, 'Comments are closed on this thread: it takes no new comments or replies.']);
    expect((await proxy.requests('POST', '/api/comments')).map((r) => r.upstreamStatus)).to.deep.equal([201, 403]);
  });

  it('rejects with AbortError as soon as it is aborted while waiting to retry, and sends nothing more', async () => {
    const proxy = await faultProxy();
    await proxy.fail({ path: '/api/comments', method: 'GET', action: 'status', status: 503 });
    // A wait far longer than the test's timeout: only the abort can end it.
    const adapter = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 600_000, maxRetryWaitMs: 600_000 });
    const controller = new AbortController();
    const answered = new Promise<void>((resolve) => {
      const observer = new PerformanceObserver((list) => {
        if (list.getEntries().some((e) => e.name.startsWith(proxy.base))) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe({ type: 'resource' });
    });
    const pending = adapter.list(thread(), { signal: controller.signal });
    // The 503 has arrived; let the adapter read it and start waiting.
    await answered;
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).to.equal('AbortError');
    expect(await proxy.requests('GET', '/api/comments')).to.have.length(1);
  });
});

describe('HttpAdapter live updates across a reconnection', () => {
  const writer = new HttpAdapter(url, { storage: null });
  const write = (threadId: string, body: string) => writer.create({ threadId, parentId: null, author: { name: 'W' }, body });

  /**
   * Drops the scope's event streams and refuses new ones until `during` has run. Call it once
   * the stream has delivered something, so that it was connected.
   */
  async function gap(proxy: Awaited<ReturnType<typeof faultProxy>>, during: () => Promise<void>): Promise<void> {
    await proxy.fail({ path: '/api/events', action: 'status', status: 503, times: 1000 });
    expect((await proxy.cut()) as { cut: number }).to.deep.equal({ cut: 1 });
    await during();
    await proxy.heal();
  }

  it('gets what was missed from the server after the stream came back, without a re-read', async () => {
    const threadId = thread();
    const proxy = await faultProxy();
    const changes: ThreadChange[] = [];
    const stop = new HttpAdapter(proxy.base, { storage: null }).subscribe(threadId, (c) => changes.push(c));
    const heard = (id: string) => () => changes.some((c) => c.type === 'created' && c.comment.id === id);
    await waitUntil(async () => (await proxy.openStreams()) > 0, 'the event stream did not connect');
    const before = await write(threadId, 'before the gap');
    await waitUntil(heard(before.id), 'no live event before the gap');
    let missed = '';
    await gap(proxy, async () => {
      missed = (await write(threadId, 'during the gap')).id;
    });
    await waitUntil(async () => (await proxy.openStreams()) > 0, 'the event stream did not reconnect', { timeout: 10_000 });
    const after = await write(threadId, 'after the gap');
    await waitUntil(heard(after.id), 'no live event after the gap');
    stop();
    // The stream came back asking for what it missed (Last-Event-ID): the server sent the
    // comment of the gap from its change log, and nothing had to be read again.
    expect(changes.map((c) => (c.type === 'created' ? c.comment.id : c.type))).to.deep.equal([before.id, missed, after.id]);
  });

  it('tells the subscriber to resync when the server can no longer say what was missed, and only then', async () => {
    const threadId = thread();
    const proxy = await faultProxy({});
    const own = new HttpAdapter(proxy.base, { storage: null });
    const changes: ThreadChange[] = [];
    const stop = new HttpAdapter(proxy.base, { storage: null }).subscribe(threadId, (c) => changes.push(c));
    const heard = (id: string) => () => changes.some((c) => c.type === 'created' && c.comment.id === id);
    const post = (body: string) => own.create({ threadId, parentId: null, author: { name: 'W' }, body });
    await waitUntil(async () => (await proxy.openStreams()) > 0, 'the event stream did not connect');
    const before = await post('before the gap');
    await waitUntil(heard(before.id), 'no live event before the gap');
    const missed: string[] = [];
    await gap(proxy, async () => {
      for (const body of ['during the gap', 'and again']) missed.push((await post(body)).id);
      // As the hourly sweep does to a log that old: it no longer reaches back to the gap.
      expect(await control('/__comment-server/forget-changes?scope=' + new URL(proxy.base).pathname.slice(1), 'POST')).to.deep.equal({ forgotten: 2 });
    });
    await waitUntil(async () => (await proxy.openStreams()) > 0, 'the event stream did not reconnect', { timeout: 10_000 });
    const after = await post('after the gap');
    await waitUntil(heard(after.id), 'no live event after the gap');
    stop();
    expect(changes.map((c) => (c.type === 'created' ? c.comment.id : c.type))).to.deep.equal([before.id, 'resync', after.id]);
    expect((await own.list(threadId)).comments.map((c) => c.id)).to.include.members(missed);
  });

  it('<comment-thread> shows what was posted, edited and removed while its live connection was down, without a loading flash', async () => {
    const threadId = thread();
    const removed = await write(threadId, 'removed in the gap');
    const proxy = await faultProxy();
    const el = await fixture<CommentThread>(html`<comment-thread .adapter=${new HttpAdapter(proxy.base, { storage: null })} thread-id=${threadId}></comment-thread>`);
    await waitUntil(async () => (await proxy.openStreams()) > 0, 'the event stream did not connect');
    const kept = await write(threadId, 'arrived live');
    // A comment from elsewhere waits behind "Show 1 new comment" until the reader asks.
    expect(await showArrivals(el), 'the live comment did not arrive').to.equal(1);
    expect(articleTexts(el)).to.have.length(2);
    let flashed = false;
    const observer = new MutationObserver(() => (flashed ||= $(el, '[part~="loading"], [part~="error"]') !== null));
    observer.observe(el.shadowRoot!, { subtree: true, childList: true });
    await gap(proxy, async () => {
      await write(threadId, 'posted in the gap');
      await writer.update(threadId, kept.id, { body: 'edited in the gap' });
      await writer.remove(threadId, removed.id);
    });
    // The re-read holds what it finds new the same way; the edit and the removal show at once.
    await waitUntil(() => $(el, '[part~="new-comments-button"]'), 'the thread did not catch up', { timeout: 10_000 });
    await waitUntil(() => articleTexts(el).join() === 'edited in the gap', 'the edit and the removal did not show');
    await waitUntil(() => $(el, '[role="status"]')?.textContent === 'One new comment.', 'the new comment was not announced');
    expect(await showArrivals(el)).to.equal(1);
    observer.disconnect();
    expect(articleTexts(el)).to.deep.equal(['edited in the gap', 'posted in the gap']);
    expect(flashed, 'a loading or error state showed').to.equal(false);
    await expect(el).shadowDom.to.be.accessible();
  });

  it('<comment-thread> keeps the pages it had loaded: adds the new comments, drops none it did not re-read', async () => {
    const threadId = thread();
    for (const n of [1, 2, 3, 4]) {
      await write(threadId, `r${n}`);
      // Distinct creation times, so the order of pages is plain.
      await new Promise((r) => setTimeout(r, 5));
    }
    const proxy = await faultProxy();
    const el = await fixture<CommentThread>(
      html`<comment-thread .adapter=${new HttpAdapter(proxy.base, { storage: null })} thread-id=${threadId} sort="newest" page-size="2"></comment-thread>`,
    );
    await waitUntil(() => articleTexts(el).length === 2, 'the first page did not load');
    await waitUntil(async () => (await proxy.openStreams()) > 0, 'the event stream did not connect');
    expect(articleTexts(el)).to.deep.equal(['r4', 'r3']);
    await write(threadId, 'r5');
    expect(await showArrivals(el), 'the live comment did not arrive').to.equal(1);
    expect(articleTexts(el)).to.deep.equal(['r5', 'r4', 'r3']);
    await gap(proxy, async () => {
      await write(threadId, 'r6');
      await write(threadId, 'r7');
    });
    // Three were loaded, so the re-read takes two pages of two: r7, r6, r5, r4. r3, beyond
    // what it read again, stays. The two new ones wait behind the button.
    await waitUntil(() => $(el, '[part~="new-comments-button"]')?.textContent?.includes('2'), 'the thread did not catch up', { timeout: 10_000 });
    expect(await showArrivals(el)).to.equal(2);
    expect(articleTexts(el)).to.deep.equal(['r7', 'r6', 'r5', 'r4', 'r3']);
    // "Show more" goes on where the loaded pages ended.
    $(el, '[part~="more-button"]')!.click();
    await waitUntil(() => articleTexts(el).length === 7, 'the next page did not load');
    expect(articleTexts(el)).to.deep.equal(['r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
    expect($$(el, '[part~="more-button"]')).to.deep.equal([]);
  });
});

describe('serverAdapter: the bundle reads the first page itself while the client loads', () => {
  const direct = (): HttpAdapter => new HttpAdapter(url, { storage: null });

  it('answers as the HttpAdapter does, in one request, with each body as the server rendered it', async () => {
    const threadId = thread();
    await direct().create({ threadId, parentId: null, author: { name: 'Q' }, body: 'Hello *there*' });
    const proxy = await faultProxy();
    const page = await serverAdapter(proxy.base).list(threadId, { limit: 10 });
    expect(await proxy.requests('GET', '/api/comments')).to.have.length(1);
    expect(page).to.deep.equal(await new HttpAdapter(proxy.base, { storage: null }).list(threadId, { limit: 10 }));
    expect(page.comments[0]!.html).to.equal('<p>Hello <em>there</em></p>\n');
  });

  it('leaves a failed or unreadable first read to the client: its retries, its errors, its warnings', async () => {
    const threadId = thread();
    const { id } = await direct().create({ threadId, parentId: null, author: { name: 'Q' }, body: 'kept' });
    const proxy = await faultProxy();
    await proxy.fail({ path: '/api/comments', method: 'GET', action: 'status', status: 503 });
    expect((await serverAdapter(proxy.base).list(threadId)).comments.map((c) => c.body)).to.deep.equal(['kept']);
    expect((await proxy.requests('GET', '/api/comments')).map((r) => r.fault)).to.deep.equal(['status', null]);

    const good = { id, threadId, parentId: null, author: { name: 'Q' }, body: 'kept', createdAt: new Date().toISOString() };
    await proxy.fail({ path: '/api/comments', method: 'GET', action: 'status', status: 200, body: { comments: [good, { id: 5 }], nextCursor: null }, times: 2 });
    const page = await serverAdapter(proxy.base).list(threadId);
    expect(page.comments.map((c) => c.id)).to.deep.equal([id]);
    expect(page.warnings!.map((w) => w.code)).to.deep.equal(['corrupt']);

    await proxy.fail({ path: '/api/comments', method: 'GET', action: 'status', status: 404, times: 2 });
    const error = await reject(serverAdapter(proxy.base).list(threadId));
    expect(error.code).to.equal('not-found');
  });

  it('passes an abort on', async () => {
    const proxy = await faultProxy();
    await proxy.fail({ path: '/api/comments', method: 'GET', action: 'hang' });
    const stop = new AbortController();
    const read = reject(serverAdapter(proxy.base).list(thread(), { signal: stop.signal }));
    await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    expect((await read).name).to.equal('AbortError');
    await proxy.heal();
  });
});

describe('HttpAdapter: what this browser keeps', () => {
  const post = { parentId: null, author: { name: 'K' } };
  /** The widget's entries in localStorage (the HTTP adapter's, the form's, the sample adapter's). */
  const kept = (): string[] => Object.keys(localStorage).filter((key) => key.startsWith('comment-thread'));
  const forgetAll = (): void => {
    for (const key of kept()) localStorage.removeItem(key);
  };
  const minutes = (n: number): string => new Date(Date.now() + n * 60_000).toISOString();

  beforeEach(forgetAll);
  afterEach(forgetAll);

  it('sends no author key with a reader’s reads and makes none; the first post makes it, and later reads carry it', async () => {
    const threadId = thread();
    const proxy = await faultProxy();
    const adapter = new HttpAdapter(proxy.base);
    await adapter.list(threadId);
    expect(kept()).to.deep.equal([]);
    const created = await adapter.create({ ...post, threadId, body: 'my first post' });
    const key = localStorage.getItem(AUTHOR_KEY);
    expect(key).to.be.a('string').with.length.greaterThan(20);
    await adapter.list(threadId);
    await adapter.get(threadId, created.id);
    const seen = (await proxy.requests('GET', '/api/comments')).concat(await proxy.requests('POST', '/api/comments'));
    expect(seen.map((r) => `${r.method} ${r.authorKey === key ? 'key' : r.authorKey}`)).to.deep.equal(['GET null', 'GET key', 'POST key']);
    expect((await proxy.requests('GET', `/api/comments/${created.id}`)).map((r) => r.authorKey)).to.deep.equal([key]);
  });

  it('<comment-thread src> keeps nothing for a reader who only reads, and the key from their first post on', async () => {
    const threadId = thread();
    await new HttpAdapter(url, { storage: null }).create({ ...post, threadId, body: 'someone else’s' });
    const proxy = await faultProxy();
    const el = await fixture<CommentThread>(html`<comment-thread src=${proxy.base} thread-id=${threadId}></comment-thread>`);
    await waitUntil(() => articleTexts(el).length === 1, 'the thread did not load');
    // Everything a reader's visit runs has run: the reading half (live updates) and the write path, when idle.
    await waitUntil(async () => (await proxy.openStreams()) > 0, 'the event stream did not connect');
    await waitUntil(() => customElements.get('comment-thread-form'), 'the write path did not load', { timeout: 6000 });
    expect(kept()).to.deep.equal([]);
    expect((await proxy.requests('GET', '/api/comments')).map((r) => r.authorKey)).to.deep.equal([null]);

    const form = await formReady(composer(el));
    await typeInto(form, 'body', 'my first post');
    await form.submit();
    await waitUntil(() => articleTexts(el).length === 2 && !$(el, '.pending'), 'the post did not settle');
    const key = localStorage.getItem(AUTHOR_KEY);
    expect(key).to.be.a('string');
    expect((await proxy.requests('POST', '/api/comments')).map((r) => r.authorKey)).to.deep.equal([key]);
    expect(kept().sort()).to.deep.equal([AUTHOR_KEY, grantsKey(proxy.base)].sort());
  });

  it('removes edit grants whose window has passed at the next read, and at the next write', async () => {
    const threadId = thread();
    const adapter = new HttpAdapter(url);
    const key = grantsKey(url);
    const stored = (): string[] => Object.keys(JSON.parse(localStorage.getItem(key) ?? '{}') as object).sort();
    localStorage.setItem(key, JSON.stringify({ old: { token: 't1', until: minutes(-1) }, open: { token: 't2', until: minutes(5) }, junk: 7 }));
    await adapter.list(threadId);
    expect(stored()).to.deep.equal(['open']);

    localStorage.setItem(key, JSON.stringify({ old: { token: 't1', until: minutes(-1) }, open: { token: 't2', until: minutes(5) } }));
    const created = await adapter.create({ ...post, threadId, body: 'with a grant' });
    expect(stored()).to.deep.equal([created.id, 'open'].sort());

    // None left open: the entry goes.
    localStorage.setItem(key, JSON.stringify({ old: { token: 't1', until: minutes(-1) } }));
    await adapter.list(threadId);
    expect(localStorage.getItem(key)).to.equal(null);
    expect(kept()).to.deep.equal([AUTHOR_KEY]);
  });

  it('<comment-thread src> removes the grants of a visit long ago as its reading half starts', async () => {
    const threadId = thread();
    const proxy = await faultProxy();
    localStorage.setItem(grantsKey(proxy.base), JSON.stringify({ old: { token: 't1', until: minutes(-60) } }));
    const el = await fixture<CommentThread>(html`<comment-thread src=${proxy.base} thread-id=${threadId}></comment-thread>`);
    await waitUntil(() => $(el, '[part~="empty"]'), 'the thread did not load');
    await waitUntil(() => localStorage.getItem(grantsKey(proxy.base)) === null, 'the expired grant stayed');
    expect(kept().filter((name) => name.startsWith(KEY_PREFIX))).to.deep.equal([]);
  });
});

describe('HttpAdapter: votes and pins', () => {
  const post = { parentId: null, author: { name: 'V' } };

  it('makes this browser’s author key with its first vote, sends it, and lists myVote from then on', async () => {
    const threadId = thread();
    const comment = await new HttpAdapter(url, { storage: null }).create({ ...post, threadId, body: 'vote on me' });
    const proxy = await faultProxy();
    const voter = new HttpAdapter(proxy.base, { storage: null });
    expect((await voter.list(threadId)).comments[0]!.myVote).to.equal(undefined);
    const voted = await voter.vote(threadId, comment.id, 1);
    expect(voted).to.include({ id: comment.id, score: 1, myVote: 1 });
    const [listed] = (await voter.list(threadId, { sort: 'top', limit: 10 })).comments;
    expect(listed).to.include({ score: 1, myVote: 1 });
    const [read, vote, readAgain] = [
      ...(await proxy.requests('GET', '/api/comments')).slice(0, 1),
      ...(await proxy.requests('POST', `/api/comments/${comment.id}/vote`)),
      ...(await proxy.requests('GET', '/api/comments')).slice(1),
    ];
    expect(read!.authorKey).to.equal(null);
    expect(vote!.authorKey).to.be.a('string').with.length.greaterThan(20);
    expect(readAgain!.authorKey).to.equal(vote!.authorKey);
    // Another visitor sees the score, not this one's vote.
    expect((await new HttpAdapter(url, { storage: null }).list(threadId)).comments[0]).to.include({ score: 1 }).and.not.have.property('myVote');
  });

  it('maps a refused downvote, a vote on a deleted comment and on an unknown one to adapter errors with the server’s message', async () => {
    // A server of its own, started without --downvotes.
    const proxy = await faultProxy({});
    const threadId = thread();
    const adapter = new HttpAdapter(proxy.base, { storage: null, retries: 0 });
    const parent = await adapter.create({ ...post, threadId, body: 'parent' });
    await adapter.create({ ...post, threadId, parentId: parent.id, body: 'reply' });
    const down = await reject(adapter.vote(threadId, parent.id, -1));
    expect(down).to.be.instanceOf(AdapterError);
    expect(down).to.include({ code: 'invalid', field: 'value', message: 'Downvotes are not enabled on this site.', retryable: false });
    expect((await adapter.vote(threadId, parent.id, 1)).score).to.equal(1);
    await adapter.remove(threadId, parent.id);
    expect(await reject(adapter.vote(threadId, parent.id, 1))).to.include({ code: 'conflict', message: 'This comment cannot be voted on.' });
    expect((await reject(adapter.vote(threadId, 'no-such-comment', 1))).code).to.equal('not-found');
    expect((await reject(adapter.vote(thread(), parent.id, 1))).code, 'a comment of another thread').to.equal('not-found');
  });

  it('reads the top order with pinned comments first from the server, across pages', async () => {
    const threadId = thread();
    const adapter = new HttpAdapter(url, { storage: null });
    const [first, second, third] = [
      await adapter.create({ ...post, threadId, body: 'first' }),
      await adapter.create({ ...post, threadId, body: 'second' }),
      await adapter.create({ ...post, threadId, body: 'third' }),
    ];
    await adapter.vote(threadId, second.id, 1);
    await new HttpAdapter(url, { storage: null }).vote(threadId, third.id, 1);
    await new HttpAdapter(url, { storage: null }).vote(threadId, third.id, 1);
    const pinned = await fetch(`${url}/api/admin/comments/${first.id}/pin`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}` } });
    expect(pinned.status).to.equal(200);
    const order: Array<[string, number | undefined, boolean | undefined, number | undefined]> = [];
    let cursor: string | null | undefined;
    do {
      const page = await adapter.list(threadId, { sort: 'top', limit: 1, ...(cursor ? { cursor } : {}) });
      for (const c of page.comments) order.push([c.body, c.score, c.pinned, c.myVote]);
      cursor = page.nextCursor;
    } while (cursor);
    expect(order).to.deep.equal([
      ['first', 0, true, undefined],
      ['third', 2, undefined, undefined],
      ['second', 1, undefined, 1],
    ]);
  });

  it('retries a vote whose answer was lost, and it counts once', async () => {
    const threadId = thread();
    const comment = await new HttpAdapter(url, { storage: null }).create({ ...post, threadId, body: 'once' });
    const proxy = await faultProxy();
    await proxy.fail({ path: `/api/comments/${comment.id}/vote`, action: 'drop', reachServer: true });
    const adapter = new HttpAdapter(proxy.base, { storage: null, retryDelayMs: 10 });
    expect(await adapter.vote(threadId, comment.id, 1)).to.include({ score: 1, myVote: 1 });
    const sent = await proxy.requests('POST', `/api/comments/${comment.id}/vote`);
    expect(sent.map((r) => r.fault)).to.deep.equal(['drop', null]);
    expect(sent[0]!.authorKey).to.equal(sent[1]!.authorKey);
  });
});
