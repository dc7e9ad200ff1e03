import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import type { CallOptions, Comment, CommentPath, ListOptions, ListResult } from '../../src/adapters/storage-adapter.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { $, $$, deepActiveElement, mountThread, sample } from '../helpers.js';

/** A date in June 2010, as an old blog's comments have. */
const june2010 = (day: number, hour = 14): string => new Date(Date.UTC(2010, 5, day, hour, 5)).toISOString();

/** An imported WordPress thread: a reply chain with the verified author, a pingback and a trackback. */
function blogThread(): Comment[] {
  return [
    { id: 'wp-5', threadId: 'thread-1', parentId: null, author: { name: 'Vincent' }, body: 'Hi Ken, great post.', createdAt: june2010(9), aliases: ['5'] },
    { id: 'wp-6', threadId: 'thread-1', parentId: 'wp-5', author: { name: 'Ken Cochrum', role: 'author' }, body: 'Hi @vincent,\n\nGreat question.', createdAt: june2010(9, 16), aliases: ['6'] },
    { id: 'wp-7', threadId: 'thread-1', parentId: 'wp-6', author: { name: 'Vincent' }, body: 'Thanks!', createdAt: june2010(10), aliases: ['7'] },
    {
      id: 'wp-8',
      threadId: 'thread-1',
      parentId: null,
      author: { name: 'Leading Teams » Shared leadership, revisited', website: 'https://www.leading.example/2010/06/shared/' },
      body: '[…] Ken Cochrum wrote about shared leadership […]',
      createdAt: june2010(11),
      kind: 'pingback',
      aliases: ['8'],
    },
    { id: 'wp-9', threadId: 'thread-1', parentId: null, author: { name: 'A trackback' }, body: 'Tracked here.', createdAt: june2010(12), kind: 'trackback' },
    { ...sample('n1', null, 'Ken Cochrum', 'Posted by a guest under the author’s name', 90) },
  ];
}

describe('<comment-thread> for a blog', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('body > comment-thread')) el.remove();
  });

  describe('pingbacks, trackbacks and webmentions', () => {
    it('lists them apart, after the comments, without Reply, and counts them apart', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: blogThread() }));
      await waitUntil(() => $(el, '[part~="mentions"]'), 'no section of mentions');
      expect($(el, '[part~="heading"]')!.textContent).to.equal('4 comments · 2 mentions');
      // Not among the comments.
      expect($$(el, 'ol[part~="list"] article').map((a) => a.id)).to.deep.equal(['comment-wp-5', 'comment-wp-6', 'comment-wp-7', 'comment-n1']);
      const section = $(el, '[part~="mentions"]')!;
      // After the list of comments, before the composer.
      const list = $(el, 'ol[part~="list"]')!;
      expect(list.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
      expect(section.querySelector('[part~="mentions-heading"]')!.textContent).to.equal('Trackbacks and pingbacks');
      const items = [...section.querySelectorAll('[part~="mention"]')];
      expect(items.map((item) => item.id)).to.deep.equal(['comment-wp-8', 'comment-wp-9']);
      const link = items[0]!.querySelector('a[part~="mention-title"]')!;
      expect(link.textContent).to.equal('Leading Teams » Shared leadership, revisited');
      expect(link.getAttribute('href')).to.equal('https://www.leading.example/2010/06/shared/');
      expect(link.getAttribute('rel')).to.equal('nofollow ugc noopener noreferrer');
      expect(items[0]!.querySelector('[part~="mention-site"]')!.textContent).to.equal('leading.example');
      expect(items[0]!.querySelector('[part~="mention-excerpt"]')!.textContent).to.contain('Ken Cochrum wrote about shared leadership');
      expect(items[0]!.querySelector('time')!.getAttribute('datetime')).to.equal(june2010(11));
      // A trackback without an address: its title is text.
      expect(items[1]!.querySelector('a')).to.equal(null);
      expect(items[1]!.querySelector('[part~="mention-title"]')!.textContent).to.equal('A trackback');
      expect(section.querySelectorAll('button').length).to.equal(0);
      await expect(el).shadowDom.to.be.accessible();
    });

    it('says "1 mention" for one, and nothing of mentions for none', async () => {
      const one = await mountThread(new MemoryAdapter({ comments: blogThread().filter((c) => c.id !== 'wp-9') }));
      await waitUntil(() => $(one, '[part~="mentions"]'));
      expect($(one, '[part~="heading"]')!.textContent).to.equal('4 comments · 1 mention');
      one.remove();
      const none = await mountThread(new MemoryAdapter({ comments: blogThread().filter((c) => !c.kind) }));
      expect($(none, '[part~="heading"]')!.textContent).to.equal('4 comments');
      expect($(none, '[part~="mentions"]')).to.equal(null);
    });

    it('counts every mention the store knows of, also those it did not send', async () => {
      // A server sends at most 200 mentions, with the thread's number of them.
      class Capped extends MemoryAdapter {
        override async list(threadId: string, options?: ListOptions): Promise<ListResult> {
          return { ...(await super.list(threadId, options)), mentions: 250 };
        }
      }
      const el = await mountThread(new Capped({ comments: blogThread() }));
      await waitUntil(() => $(el, '[part~="mentions"]'));
      expect($(el, '[part~="heading"]')!.textContent).to.equal('4 comments · 250 mentions');
    });

    it('counts in the page’s language', async () => {
      const { de } = await import('../../src/i18n/de.js');
      const adapter = new MemoryAdapter({ comments: blogThread() });
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="de"><comment-thread thread-id="thread-1" .adapter=${adapter} .strings=${de}></comment-thread></div>`);
      const el = wrapper.querySelector('comment-thread')!;
      await waitUntil(() => $(el, '[part~="mentions"]'));
      expect($(el, '[part~="heading"]')!.textContent).to.equal('4 Kommentare · 2 Erwähnungen');
      expect($(el, '[part~="mentions-heading"]')!.textContent).to.equal('Trackbacks und Pingbacks');
    });

    it('shows a hostile title, excerpt and address as text, never as markup or a script link', async () => {
      const hostile: Comment = {
        id: 'evil',
        threadId: 'thread-1',
        parentId: null,
        author: { name: '<img src=x onerror="window.__mentionXss=1">', website: 'javascript:window.__mentionXss=1' },
        body: '<script>window.__mentionXss=1</script>[x](javascript:alert(1))',
        html: '<p><img src=x onerror="window.__mentionXss=1">excerpt</p>',
        createdAt: june2010(12),
        kind: 'webmention',
      };
      const el = await mountThread(new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'hello'), hostile] }));
      await waitUntil(() => $(el, '[part~="mentions"]'));
      const item = $(el, '#comment-evil')!;
      expect(item.querySelector('[part~="mention-title"]')!.textContent).to.equal('<img src=x onerror="window.__mentionXss=1">');
      expect(item.querySelector('a')).to.equal(null);
      expect(item.querySelector('img[onerror]')).to.equal(null);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((window as { __mentionXss?: number }).__mentionXss).to.equal(undefined);
    });
  });

  describe('the real author', () => {
    it('marks a verified author with a badge, and a guest with the same name without one', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: blogThread() }));
      const badge = $(el, '#comment-wp-6 [part~="role-badge"]')!;
      expect(badge.textContent).to.equal('Author');
      expect(badge.getAttribute('part')).to.contain('badge');
      expect($(el, '#comment-n1 [part~="role-badge"]')).to.equal(null);
      expect($(el, '#comment-wp-5 [part~="role-badge"]')).to.equal(null);
    });

    it('shows a moderator as such, and no badge for a role it does not know', async () => {
      const comments: Comment[] = [
        { ...sample('m', null, 'Mo', 'moderating'), author: { name: 'Mo', role: 'moderator' } },
        { ...sample('x', null, 'Xi', 'claims'), author: { name: 'Xi', role: 'admin' as 'author' } },
      ];
      const el = await mountThread(new MemoryAdapter({ comments }));
      expect($(el, '#comment-m [part~="role-badge"]')!.textContent).to.equal('Moderator');
      expect($(el, '#comment-x [part~="role-badge"]')).to.equal(null);
    });
  });

  describe('dates', () => {
    it('shows an old comment’s date and time, and a recent one relative to now', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: blogThread() }));
      const old = $(el, '#comment-wp-5 time')!;
      const expected = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(june2010(9)));
      expect(old.textContent).to.equal(expected);
      expect(old.textContent).to.contain('2010');
      expect(old.getAttribute('datetime')).to.equal(june2010(9));
      expect($(el, '#comment-n1 time')!.textContent).to.equal('1 hour ago');
    });

    it('follows date-format: relative or absolute for every comment', async () => {
      const adapter = new MemoryAdapter({ comments: blogThread() });
      const relative = await fixture<CommentThread>(html`<comment-thread thread-id="thread-1" date-format="relative" .adapter=${adapter}></comment-thread>`);
      await waitUntil(() => $(relative, '#comment-wp-5 time'));
      expect($(relative, '#comment-wp-5 time')!.textContent).to.match(/years ago$/);
      const absolute = await fixture<CommentThread>(html`<comment-thread thread-id="thread-1" date-format="absolute" .adapter=${adapter}></comment-thread>`);
      await waitUntil(() => $(absolute, '#comment-n1 time'));
      const recent = new Date(Date.parse($(absolute, '#comment-n1 time')!.getAttribute('datetime')!));
      expect($(absolute, '#comment-n1 time')!.textContent).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(recent));
      // Switching back to auto.
      absolute.dateFormat = 'auto';
      await absolute.updateComplete;
      expect($(absolute, '#comment-n1 time')!.textContent).to.equal('1 hour ago');
    });
  });

  describe('old links', () => {
    let before = '';
    beforeEach(() => (before = location.hash));
    afterEach(() => history.replaceState(null, '', before || location.pathname));

    /** A thread on a page whose address links to `hash`. */
    async function linked(hash: string, adapter: MemoryAdapter, pageSize = 50): Promise<CommentThread> {
      history.replaceState(null, '', hash);
      return fixture<CommentThread>(html`<comment-thread thread-id="thread-1" page-size=${pageSize} .adapter=${adapter}></comment-thread>`);
    }

    it('follows #comment-5, the blog’s own anchor, to the imported comment', async () => {
      const el = await linked('#comment-6', new MemoryAdapter({ comments: blogThread() }));
      await waitUntil(() => deepActiveElement()?.id === 'comment-wp-6', 'the comment the alias names was not focused');
      expect($(el, 'article.highlighted')!.id).to.equal('comment-wp-6');
    });

    it('asks the adapter for a linked comment that is on a later page, with the comments above it', async () => {
      // Sixty top-level comments, a page of ten: the linked reply is under the 55th.
      const comments: Comment[] = [];
      for (let i = 0; i < 60; i++) comments.push({ ...sample(`t${i}`, null, `Reader ${i}`, `Comment ${i}`, 6000 - i), aliases: [`${100 + i}`] });
      comments.push({ ...sample('deep-1', 't55', 'Ken', 'A reply on a later page', 100), aliases: ['900'] });
      comments.push({ ...sample('deep-2', 'deep-1', 'Vincent', 'The linked reply', 90), aliases: ['901'] });
      // Read as a comment server's thread is: one page at a time, the rest behind "Show more".
      class Counting extends MemoryAdapter {
        override readonly capabilities = { ...new MemoryAdapter().capabilities, persistence: 'server' as const };
        gets: string[] = [];
        override async get(threadId: string, ref: string, options?: CallOptions): Promise<CommentPath | null> {
          this.gets.push(ref);
          return super.get(threadId, ref, options);
        }
      }
      const adapter = new Counting({ comments });
      const el = await linked('#comment-901', adapter, 10);
      await waitUntil(() => deepActiveElement()?.id === 'comment-deep-2', 'the comment on a later page was not shown and focused');
      expect(adapter.gets).to.deep.equal(['901']);
      expect($(el, 'article.highlighted')!.id).to.equal('comment-deep-2');
      // In its place: under its parent, under the top-level comment.
      expect($(el, '#comment-t55')!.closest('li')!.querySelector('#comment-deep-1')).to.exist;
      expect($(el, '#comment-deep-1')!.closest('li')!.querySelector('#comment-deep-2')).to.exist;
      // The first page is there as usual, and more can still be read.
      expect($(el, '#comment-t0')).to.exist;
      expect($(el, '[part~="more-button"]')).to.exist;
    });

    it('leaves the page alone for a link to a comment no one has', async () => {
      const adapter = new MemoryAdapter({ comments: blogThread() });
      const el = await linked('#comment-4040', adapter);
      await waitUntil(() => $$(el, '[part~="comment"]').length === 4);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect($(el, 'article.highlighted')).to.equal(null);
    });
  });
});
