import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import type { CallOptions, Comment, NewComment, StorageAdapter } from '../../src/adapters/storage-adapter.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { draftKey } from '../../src/components/comment-form/form-storage.js';
import { randomId } from '../../src/core/id.js';
import { $, articleTexts, composer, formReady, typeInto } from '../helpers.js';

/**
 * A post whose answer never came (the page was reloaded while it was under way) and that the
 * visitor sends again from the restored draft is stored once: the draft keeps the post's
 * Idempotency-Key, so the same text goes with the same key; a changed text gets a new one; the
 * key goes with the draft once the post succeeds.
 */

/** The saved draft of the top-level form of `threadId`, as stored. */
const storedDraft = (threadId: string): { body?: string; idempotency?: { key: string; text: string } | null } | null =>
  JSON.parse(localStorage.getItem(draftKey(threadId, null)) ?? 'null') as never;

async function mount(threadId: string, adapter: StorageAdapter | null, src = ''): Promise<CommentThread> {
  const el = adapter
    ? await fixture<CommentThread>(html`<comment-thread thread-id=${threadId} .adapter=${adapter}></comment-thread>`)
    : await fixture<CommentThread>(html`<comment-thread thread-id=${threadId} src=${src}></comment-thread>`);
  await waitUntil(() => $(el, '[part~="empty"], [part~="list"]'), 'the thread did not load');
  return el;
}

/**
 * A real MemoryAdapter whose next post is stored but never answered, as a post under way when
 * the page is reloaded.
 */
class UnansweredAdapter extends MemoryAdapter {
  loseNext = true;
  readonly keys: Array<string | undefined> = [];

  override async create(input: NewComment, options?: CallOptions): Promise<Comment> {
    this.keys.push(input.idempotencyKey);
    const saved = await super.create(input, options);
    if (!this.loseNext) return saved;
    this.loseNext = false;
    return new Promise<Comment>(() => {});
  }
}

describe('a post sent again after a reload', () => {
  afterEach(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
  });

  it('reuses the key kept with the draft for the same text, so the store keeps it once; the key goes with the draft', async () => {
    const threadId = `/retried/${randomId()}`;
    const adapter = new UnansweredAdapter();
    let el = await mount(threadId, adapter);
    const form = await formReady(composer(el));
    await typeInto(form, 'name', 'Ann');
    await typeInto(form, 'body', 'Posted once');
    void form.submit();
    await waitUntil(async () => (await adapter.list(threadId)).comments.length === 1, 'the post was not stored');
    expect(storedDraft(threadId)!.idempotency!.key, 'the key was not kept with the draft').to.equal(adapter.keys[0]);

    // The page reloads while the post is under way; the visitor sends the restored draft again.
    el.remove();
    el = await mount(threadId, adapter);
    const again = await formReady(composer(el));
    expect(again.shadowRoot!.querySelector('textarea')!.value).to.equal('Posted once');
    await typeInto(again, 'name', 'Ann');
    await again.submit();
    await waitUntil(() => !$(el, '.pending'), 'the post did not settle');
    expect(adapter.keys[1]).to.equal(adapter.keys[0]);
    expect((await adapter.list(threadId)).comments.map((c) => c.body)).to.deep.equal(['Posted once']);
    expect(articleTexts(el)).to.deep.equal(['Posted once']);
    expect(storedDraft(threadId), 'the draft and its key stayed').to.equal(null);
  });

  it('gives a changed text a new key', async () => {
    const threadId = `/retried/${randomId()}`;
    const adapter = new UnansweredAdapter();
    let el = await mount(threadId, adapter);
    const form = await formReady(composer(el));
    await typeInto(form, 'body', 'First words');
    void form.submit();
    await waitUntil(async () => (await adapter.list(threadId)).comments.length === 1, 'the post was not stored');
    el.remove();
    el = await mount(threadId, adapter);
    const again = await formReady(composer(el));
    await typeInto(again, 'body', 'First words, changed');
    await again.submit();
    await waitUntil(() => !$(el, '.pending'), 'the post did not settle');
    expect(adapter.keys[1]).to.be.a('string').and.not.equal(adapter.keys[0]);
    expect((await adapter.list(threadId)).comments.map((c) => c.body).sort()).to.deep.equal(['First words', 'First words, changed']);
  });

  it('is stored once by the comment server when its first answer was lost in a reload', async () => {
    const { proxy } = (await (await fetch('/__comment-server.json')).json()) as { proxy?: string };
    if (!proxy) throw new Error('no comment server');
    const control = async <T,>(path: string, method: string, body?: unknown): Promise<T> =>
      (await (await fetch(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })).json()) as T;
    const { scope, base } = await control<{ scope: string; base: string }>('/__comment-server/scope', 'POST', {});
    const posts = async () =>
      (await control<{ requests: Array<{ method: string; path: string; idempotencyKey: string | null; upstreamStatus: number | null }> }>(`/__comment-server/log?scope=${scope}`, 'GET')).requests.filter(
        (r) => r.method === 'POST' && r.path === '/api/comments',
      );
    // The server stores the post; its answer never comes back.
    await control(`/__comment-server/faults?scope=${scope}`, 'POST', { path: '/api/comments', method: 'POST', action: 'hang', reachServer: true });

    const threadId = `/retried-server/${randomId()}`;
    let el = await mount(threadId, null, base);
    const form = await formReady(composer(el));
    await typeInto(form, 'name', 'Ann');
    await typeInto(form, 'body', 'Stored once by the server');
    void form.submit();
    await waitUntil(async () => (await posts())[0]?.upstreamStatus === 201, 'the server did not store the post');

    el.remove();
    el = await mount(threadId, null, base);
    const again = await formReady(composer(el));
    expect(again.shadowRoot!.querySelector('textarea')!.value).to.equal('Stored once by the server');
    await typeInto(again, 'name', 'Ann');
    await again.submit();
    await waitUntil(() => articleTexts(el).includes('Stored once by the server') && !$(el, '.pending'), 'the post did not settle');

    const sent = await posts();
    expect(sent.map((r) => r.upstreamStatus)).to.deep.equal([201, 200]);
    expect(sent[1]!.idempotencyKey).to.equal(sent[0]!.idempotencyKey);
    const listed = (await (await fetch(`${base}/api/comments?thread=${encodeURIComponent(threadId)}`)).json()) as { comments: Comment[] };
    expect(listed.comments.map((c) => c.body)).to.deep.equal(['Stored once by the server']);
    expect(storedDraft(threadId)).to.equal(null);
  });
});
