import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import type { CallOptions, Comment, CommentPatch, CommentPath, ListOptions, ListResult, NewComment, ThreadChange } from '../../src/adapters/storage-adapter.js';
import type { CommentForm } from '../../src/components/comment-form/comment-form.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import type { ThreadErrorEvent } from '../../src/events/thread-error-event.js';
import { $, $$, articleTexts, composer, formReady, sample, showArrivals, typeInto } from '../helpers.js';

/**
 * What the element makes of answers an adapter should never give: any adapter's (a site's own,
 * one with a bug), not only the built-in ones, which check what they read. A record that is no
 * comment is skipped and reported, the rest shows; an answer that is no list is a load error
 * with "Try again"; a write whose answer is no comment fails like any failed write. Never a
 * thread left on "Loading", never an uncaught error.
 */

/**
 * A real MemoryAdapter (it stores, pages, pushes live changes) whose answers a test can replace
 * with what a faulty adapter would answer: `spoil.list()` answers `list` instead of it,
 * `spoil.create(real)` answers `create` instead of the comment it stored, and so on. It offers
 * Edit and Delete on every comment, as an adapter that lets visitors edit would.
 */
class FaultyAdapter extends MemoryAdapter {
  spoil: {
    list?: () => unknown;
    create?: (real: Comment) => unknown;
    update?: (real: Comment) => unknown;
    get?: (real: CommentPath | null) => unknown;
    editableUntil?: () => unknown;
  } = {};
  /** How often `list` was called. */
  lists = 0;
  /** The element's live subscription, to push changes through. */
  push: (change: unknown) => void = () => {};

  override async list(threadId: string, options?: ListOptions): Promise<ListResult> {
    this.lists++;
    return this.spoil.list ? (this.spoil.list() as ListResult) : super.list(threadId, options);
  }

  override async create(input: NewComment, options?: CallOptions): Promise<Comment> {
    const real = await super.create(input, options);
    return (this.spoil.create ? this.spoil.create(real) : real) as Comment;
  }

  override async update(threadId: string, id: string, patch: CommentPatch, options?: CallOptions): Promise<Comment> {
    const real = await super.update(threadId, id, patch, options);
    return (this.spoil.update ? this.spoil.update(real) : real) as Comment;
  }

  override async get(threadId: string, idOrAlias: string, options?: CallOptions): Promise<CommentPath | null> {
    const real = await super.get(threadId, idOrAlias, options);
    return (this.spoil.get ? this.spoil.get(real) : real) as CommentPath | null;
  }

  override subscribe(threadId: string, listener: (change: ThreadChange) => void, options?: CallOptions): () => void {
    this.push = listener as (change: unknown) => void;
    return super.subscribe(threadId, listener, options);
  }

  editableUntil(): Date | null {
    return (this.spoil.editableUntil ? this.spoil.editableUntil() : new Date(Date.now() + 60_000)) as Date | null;
  }
}

const good = (): Comment[] => [sample('a', null, 'Ada', 'First'), sample('b', 'a', 'Bo', 'A reply', 30)];

/** Uncaught errors and rejections while a test runs. */
let uncaught: string[] = [];
const onError = (event: ErrorEvent): void => void uncaught.push(`error: ${event.message}`);
const onRejection = (event: PromiseRejectionEvent): void => void uncaught.push(`unhandled rejection: ${String(event.reason)}`);

/** Mounts a thread over `adapter` and collects its `ct-error`s. */
async function mount(adapter: FaultyAdapter): Promise<{ el: CommentThread; errors: ThreadErrorEvent[] }> {
  const errors: ThreadErrorEvent[] = [];
  const el = await fixture<CommentThread>(html`<comment-thread thread-id="thread-1" .adapter=${adapter} @ct-error=${(e: ThreadErrorEvent) => errors.push(e)}></comment-thread>`);
  await waitUntil(() => !$(el, '[part~="loading"]'), 'the thread stayed on "Loading"', { timeout: 3000 });
  return { el, errors };
}

const codes = (errors: ThreadErrorEvent[]): string[] => errors.map((e) => `${e.operation} ${e.error.code}`);

describe('<comment-thread> and an adapter’s faulty answers', () => {
  beforeEach(() => {
    uncaught = [];
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });

  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
    expect(uncaught, 'uncaught errors').to.deep.equal([]);
  });

  it('skips a comment whose author name or id is no string, reports it as corrupt, and shows the rest', async () => {
    const adapter = new FaultyAdapter({ comments: good() });
    adapter.spoil.list = () => ({
      comments: [...good(), { ...sample('c', null, 'Cy', 'name is a number'), author: { name: 42 } }, { ...sample('d', null, 'Di', 'id is a number'), id: 7 }],
      nextCursor: null,
    });
    const { el, errors } = await mount(adapter);
    expect(articleTexts(el)).to.deep.equal(['First', 'A reply']);
    expect(codes(errors)).to.deep.equal(['load corrupt']);
    expect(errors[0]!.error.message).to.contain('2 comments');
    const warning = $(el, '[part~="warning"]')!;
    expect(warning.textContent).to.equal('Some saved comments could not be read and were skipped; the others are shown.');
    expect($(el, '[part~="heading"]')!.textContent).to.equal('2 comments');
    await expect(el).shadowDom.to.be.accessible();
  });

  for (const [what, answer] of [
    ['nothing', () => undefined],
    ['a string', () => '<html>Bad gateway</html>'],
    ['comments that are no array', () => ({ comments: { a: good()[0] }, nextCursor: null })],
    [
      'a getter that throws',
      () => ({
        get comments(): never {
          throw new TypeError('no comments here');
        },
      }),
    ],
  ] as const) {
    it(`shows a load error (corrupt) with "Try again" for an answer that is no list: ${what}`, async () => {
      const adapter = new FaultyAdapter({ comments: good() });
      adapter.spoil.list = answer;
      const { el, errors } = await mount(adapter);
      expect(codes(errors)).to.deep.equal(['load corrupt']);
      const error = $(el, '[part~="error"]')!;
      expect(error.textContent).to.contain('Comments could not be loaded.');
      expect(error.textContent).to.contain('The comments could not be read.');
      delete adapter.spoil.list;
      error.querySelector('button')!.click();
      await waitUntil(() => articleTexts(el).length === 2, 'Try again did not read the thread again');
    });
  }

  it('stops reading a local thread whose cursor does not move on', async () => {
    const adapter = new FaultyAdapter({ comments: good() });
    adapter.spoil.list = () => ({ comments: good(), nextCursor: 'always the same' });
    const { el } = await mount(adapter);
    await el.updateComplete;
    expect(articleTexts(el)).to.deep.equal(['First', 'A reply']);
    // The first page, then the rest once, which named the cursor it was given: the end.
    expect(adapter.lists).to.equal(2);
    expect($(el, '[part~="more-button"]')).to.equal(null);
  });

  it('leaves out live changes it cannot read, reports each, and keeps the thread', async () => {
    const adapter = new FaultyAdapter({ comments: good() });
    const { el, errors } = await mount(adapter);
    adapter.push(null);
    adapter.push(42);
    adapter.push({ type: 'created', comment: { ...sample('c', null, 'Cy', 'no name'), author: { name: ['Cy'] } } });
    adapter.push({
      type: 'updated',
      get comment(): never {
        throw new Error('a getter that throws');
      },
    });
    adapter.push({ type: 'error', error: Object.create(null) });
    adapter.push({ type: 'created', comment: sample('d', null, 'Di', 'A good one', 1) });
    await el.updateComplete;
    // Only the good one waits to be shown.
    expect(await showArrivals(el)).to.equal(1);
    expect(articleTexts(el)).to.deep.equal(['First', 'A reply', 'A good one']);
    // Each but 42, which is no change of a type it knows (those are ignored, as more may come).
    expect(codes(errors)).to.deep.equal(['subscribe corrupt', 'subscribe corrupt', 'subscribe corrupt', 'subscribe corrupt']);
  });

  it('keeps the draft and shows the error when the answer to a post cannot be read; a retry stores it once', async () => {
    const adapter = new FaultyAdapter({ comments: good() });
    const { el, errors } = await mount(adapter);
    adapter.spoil.create = (real) => ({ ...real, author: { name: null } });
    const form = await formReady(composer(el));
    await typeInto(form, 'body', 'Keep me');
    await form.submit();
    await form.updateComplete;
    expect(codes(errors)).to.deep.equal(['post corrupt']);
    // The optimistic comment is gone (the store's live echo may show what it kept).
    expect($(el, '.pending')).to.equal(null);
    const alert = form.shadowRoot!.querySelector('[part~="form-error"]')!;
    expect(alert.textContent).to.contain('Your comment could not be posted.');
    expect(form.shadowRoot!.querySelector('textarea')!.value).to.equal('Keep me');

    delete adapter.spoil.create;
    alert.querySelector<HTMLElement>('[part~="retry-button"]')!.click();
    await waitUntil(() => articleTexts(el).includes('Keep me') && !$(el, '.pending'), 'the retry did not post');
    // The store had kept the first attempt: the retry, with the same key, is the same comment.
    expect((await adapter.list('thread-1')).comments.filter((c) => c.body === 'Keep me')).to.have.length(1);
    expect(articleTexts(el).filter((text) => text === 'Keep me')).to.have.length(1);
  });

  it('keeps the editor and its text when the answer to an edit cannot be read', async () => {
    const adapter = new FaultyAdapter({ comments: good() });
    const { el, errors } = await mount(adapter);
    adapter.spoil.update = () => 'saved!';
    $(el, '#comment-a [part~="edit-button"]')!.click();
    await waitUntil(() => $(el, '#comment-a [part~="editor"]'), 'the editor did not open');
    const editor = await formReady($(el, '#comment-a [part~="editor"]') as unknown as CommentForm);
    await typeInto(editor, 'body', 'First, edited');
    await editor.submit();
    await editor.updateComplete;
    expect(codes(errors)).to.deep.equal(['edit corrupt']);
    expect(editor.isConnected, 'the editor closed').to.equal(true);
    expect(editor.shadowRoot!.querySelector('[part~="form-error"]')!.textContent).to.contain('Your change could not be saved.');
    expect(editor.shadowRoot!.querySelector('textarea')!.value).to.equal('First, edited');
  });

  it('reports a linked comment it cannot read as corrupt', async () => {
    const adapter = new FaultyAdapter({ comments: good() });
    adapter.spoil.get = () => ({ comment: { id: 'z', threadId: 'thread-1' }, ancestors: 7 });
    history.replaceState(null, '', '#comment-z');
    try {
      const { el, errors } = await mount(adapter);
      await waitUntil(() => errors.length > 0, 'no error for the unreadable linked comment');
      expect(codes(errors)).to.deep.equal(['load corrupt']);
      expect(articleTexts(el)).to.deep.equal(['First', 'A reply']);
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });

  for (const [what, until] of [
    ['a string', () => '2999-01-01T00:00:00Z'],
    ['an object', () => ({ getTime: 'soon' })],
    [
      'a call that throws',
      (): never => {
        throw new Error('no window here');
      },
    ],
  ] as const) {
    it(`offers no Edit where the adapter's edit window is no date: ${what}`, async () => {
      const adapter = new FaultyAdapter({ comments: good() });
      adapter.spoil.editableUntil = until;
      const { el } = await mount(adapter);
      expect(articleTexts(el)).to.deep.equal(['First', 'A reply']);
      expect($$(el, '[part~="edit-button"]')).to.deep.equal([]);
    });
  }
});
