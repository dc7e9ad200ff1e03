import { expect } from '@open-wc/testing';
import { reply } from '../../src/actions/reply.js';
import type { ActionHost, CommentAction, RenderContext } from '../../src/actions/types.js';
import type { Comment } from '../../src/adapters/storage-adapter.js';
import { NO_STATE, type CommentState } from '../../src/controllers/comment-state-controller.js';
import { loadMarkdown, markdownRenderer } from '../../src/core/markdown-loader.js';
import { prepareSanitizer } from '../../src/core/sanitize.js';
import { buildTree, type Thread } from '../../src/core/tree.js';
import { enRead } from '../../src/i18n/en-read.js';
import { ThreadEngine } from '../../src/render/thread-engine.js';
import { sample } from '../helpers.js';

/** A context with the actions given and a host that nothing here calls. */
function context(actions: readonly CommentAction[] = [], strings = enRead): RenderContext {
  return { host: {} as ActionHost, actions, strings, locale: 'en', dateFormat: 'auto', isPending: (id) => id.startsWith('pending:'), canModify: () => false, votes: 'off', closed: false };
}

function render(engine: ThreadEngine, thread: Thread, states: ReadonlyMap<string, CommentState>, ctx: RenderContext) {
  return engine.render({ thread, shown: thread.roots.length, states, context: ctx });
}

const articles = (list: Element) => [...list.querySelectorAll('article')];

describe('ThreadEngine', () => {
  // Where the browser has no HTML Sanitizer API (WebKit), bodies wait for DOMPurify.
  before(async () => {
    await prepareSanitizer();
  });

  const comments: Comment[] = [sample('a', null, 'Ada', 'First'), sample('b', 'a', 'Bo', 'Reply'), sample('c', null, 'Cy', 'Second')];

  // First in this file: the Markdown renderer has not loaded yet on this page.
  it('shows a body without html as plain text until the renderer has loaded, then renders it again; html needs no renderer', async () => {
    expect(markdownRenderer(), 'the renderer loaded before this test').to.equal(null);
    const engine = new ThreadEngine();
    const thread = buildTree([sample('m', null, 'M', 'Just *one* line'), { ...sample('h', null, 'H', 'source'), html: '<p>stored <strong>html</strong></p>' }]);
    let list = render(engine, thread, new Map(), context());
    expect(list.querySelector('#comment-m [part~="body"]')!.textContent).to.equal('Just *one* line');
    expect(list.querySelector('#comment-h strong')!.textContent).to.equal('html');
    await loadMarkdown();
    // A new context rebuilds every comment, as the element does once the renderer is there.
    list = render(engine, thread, new Map(), context());
    expect(list.querySelector('#comment-m em')!.textContent).to.equal('one');
    expect(list.querySelector('#comment-h strong')!.textContent).to.equal('html');
  });

  it('moves each date on with the clock, in place, its permalink reading the full date while it is relative', () => {
    const engine = new ThreadEngine();
    const ctx = context();
    // Posted 30 seconds ago: "now".
    const list = render(engine, buildTree([{ ...sample('t', null, 'T', 'Timed'), createdAt: new Date(Date.now() - 30_000).toISOString() }]), new Map(), ctx);
    const article = list.querySelector('article')!;
    const link = article.querySelector<HTMLAnchorElement>('[part~="permalink"]')!;
    expect(link.textContent).to.equal('now');
    const created = new Date(link.querySelector('time')!.dateTime);
    const full = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(created);
    expect(link.getAttribute('aria-label')).to.equal(`now, ${full}`);
    engine.tick(new Date(Date.now() + 3 * 60_000));
    expect(list.querySelector('article')).to.equal(article);
    expect(link.textContent).to.equal('3 minutes ago');
    expect(link.getAttribute('aria-label')).to.equal(`3 minutes ago, ${full}`);
    // Past the last week the date is absolute: its own name.
    engine.tick(new Date(Date.now() + 10 * 24 * 3600_000));
    expect(link.textContent).to.equal(full);
    expect(link.hasAttribute('aria-label')).to.equal(false);
  });

  it('builds nested lists of articles, each with its author, time, body and the actions’ parts', () => {
    const mark: CommentAction = { name: 'mark', meta: ({ comment }) => Object.assign(document.createElement('span'), { className: 'mark', textContent: `m-${comment.id}` }) };
    const list = render(new ThreadEngine(), buildTree(comments), new Map(), context([mark]));
    expect(list.getAttribute('role')).to.equal('list');
    expect(articles(list).map((a) => a.id)).to.deep.equal(['comment-a', 'comment-b', 'comment-c']);
    const a = list.querySelector('#comment-a')!;
    expect(a.querySelector('[part~="author"]')!.textContent).to.equal('Ada');
    expect(a.querySelector('a[part~="permalink"] time[datetime]')).to.exist;
    expect(a.querySelector('.mark')!.textContent).to.equal('m-a');
    expect(list.querySelector('#comment-a')!.parentElement!.querySelector(':scope > ol[part~="replies"] #comment-b')).to.exist;
  });

  it('keeps every article while nothing it shows changes, and rebuilds exactly the one whose state object changed', () => {
    const engine = new ThreadEngine();
    const ctx = context();
    const thread = buildTree(comments);
    const list = render(engine, thread, new Map(), ctx);
    const before = articles(list);
    expect(render(engine, thread, new Map(), ctx)).to.equal(list);
    expect(articles(list)).to.deep.equal(before);
    const highlighted = new Map([['b', Object.freeze({ highlighted: true }) as CommentState]]);
    render(engine, thread, highlighted, ctx);
    const after = articles(list);
    expect(after[0]).to.equal(before[0]);
    expect(after[2]).to.equal(before[2]);
    expect(after[1]).to.not.equal(before[1]);
    expect(after[1]!.classList.contains('highlighted')).to.equal(true);
    // An equal map with the same state object: nothing is rebuilt.
    render(engine, thread, new Map(highlighted), ctx);
    expect(articles(list)[1]).to.equal(after[1]);
  });

  it('rebuilds a comment whose comment object changed, keeping its body when its text did not', () => {
    const engine = new ThreadEngine();
    const ctx = context();
    const list = render(engine, buildTree(comments), new Map(), ctx);
    const body = list.querySelector('#comment-c [part~="body"]');
    const edited = { ...comments[2]!, updatedAt: new Date().toISOString() };
    render(engine, buildTree([comments[0]!, comments[1]!, edited]), new Map(), ctx);
    expect(list.querySelector('#comment-c [part~="body"]')).to.equal(body);
    expect(list.querySelector('#comment-c [part~="badge"]')!.textContent).to.equal('edited');
  });

  it('rebuilds every comment when the strings change, and drops the comments that left', () => {
    const engine = new ThreadEngine();
    const list = render(engine, buildTree(comments), new Map(), context());
    const before = articles(list);
    render(engine, buildTree(comments.slice(0, 2)), new Map(), context([], { ...enRead, anonymous: 'Someone' }));
    const after = articles(list);
    expect(after.map((a) => a.id)).to.deep.equal(['comment-a', 'comment-b']);
    expect(after[0]).to.not.equal(before[0]);
  });

  it('puts a one-paragraph body’s text in the body itself, and separates the blocks of a longer one', async () => {
    await loadMarkdown();
    const list = render(new ThreadEngine(), buildTree([sample('p', null, 'P', 'Just *one* line'), sample('q', null, 'Q', 'Hi @vincent,\n\nGreat question\n\n- one\n- two')]), new Map(), context());
    const one = list.querySelector('#comment-p [part~="body"]')!;
    expect(one.querySelector('p')).to.equal(null);
    expect(one.querySelector('em')!.textContent).to.equal('one');
    const many = list.querySelector('#comment-q [part~="body"]')!;
    expect(many.querySelectorAll('p')).to.have.length(2);
    expect(many.textContent).to.match(/Hi @vincent,\s+Great question\s+one\s+two/);
  });

  it('costs one element per comment besides its text: li, article, author, permalink, time, body, button', () => {
    const reply: CommentAction = { name: 'reply', actions: () => document.createElement('button') };
    const list = render(new ThreadEngine(), buildTree([sample('x', null, 'X', 'plain text')]), new Map(), context([reply]));
    const item = list.querySelector('li')!;
    expect([item, ...item.querySelectorAll('*')].map((e) => e.localName)).to.deep.equal(['li', 'article', 'span', 'a', 'time', 'div', 'button']);
  });

  it('lets names and bodies take their own direction, and offers no Reply under a comment awaiting moderation', async () => {
    await loadMarkdown();
    const held = { ...sample('h', null, 'مريم', 'مرحبا بالجميع'), status: 'pending' as const };
    const list = render(new ThreadEngine(), buildTree([sample('a', null, 'Ada', 'Hello'), held]), new Map(), context([reply]));
    for (const id of ['a', 'h']) {
      expect(list.querySelector(`#comment-${id} [part~="author"]`)!.getAttribute('dir')).to.equal('auto');
      expect(list.querySelector(`#comment-${id} [part~="body"]`)!.getAttribute('dir')).to.equal('auto');
    }
    expect(list.querySelector('#comment-a [part~="reply-button"]')).to.exist;
    expect(list.querySelector('#comment-h [part~="reply-button"]')).to.equal(null);
    expect(list.querySelector('#comment-h [part~="badge"]')!.textContent).to.equal('awaiting moderation');
  });

  it('shows a deleted comment without its author, however it was deleted, and its lifted replies say so', async () => {
    await loadMarkdown();
    // Deleted here (the name still on the object) and as a server sends a placeholder (no name):
    // both read "Deleted comment", with no link and no body.
    const here = { ...sample('d1', null, 'Ann', ''), author: { name: 'Ann', website: 'https://ann.example/' }, status: 'deleted' as const };
    const sent = { ...sample('d2', null, '', ''), status: 'deleted' as const };
    const list = render(new ThreadEngine(), buildTree([here, sent, sample('r0', 'd2', 'Bo', 'kept under it')]), new Map(), context([reply]));
    for (const id of ['d1', 'd2']) {
      const article = list.querySelector(`#comment-${id}`)!;
      expect(article.querySelector('[part~="author"]')!.textContent).to.equal('Deleted comment');
      expect(article.querySelector('a[part~="author"]')).to.equal(null);
      expect(article.querySelector('[part~="body"]')!.textContent).to.equal('This comment was deleted.');
      expect(article.querySelector('[part~="reply-button"]')).to.equal(null);
    }
    // Past max-depth a reply is lifted and names whom it answers: not a deleted comment's author.
    const nested = buildTree([sample('a', null, 'Ada', 'root'), { ...sample('d3', 'a', 'Dan', ''), status: 'deleted' as const }, sample('r', 'd3', 'Rui', 'reply')], { maxDepth: 1 });
    const lifted = render(new ThreadEngine(), nested, new Map(), context([reply]));
    expect(lifted.querySelector('#comment-r [part~="replying-to"]')!.textContent).to.equal('replying to a deleted comment');
  });

  it('gives a state that changes nothing its old object back (NO_STATE for comments without one)', () => {
    expect(NO_STATE).to.deep.equal({});
    expect(Object.isFrozen(NO_STATE)).to.equal(true);
  });
});
