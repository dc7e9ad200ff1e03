import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { LocalStorageAdapter, threadStorageKey } from '../../src/adapters/local-storage-adapter.js';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import { AdapterError, type AdapterCapabilities, type CallOptions, type Comment, type ListOptions, type ThreadChange } from '../../src/adapters/storage-adapter.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { prepareSanitizer } from '../../src/core/sanitize.js';
import type { CommentPostedEvent } from '../../src/events/comment-posted-event.js';
import type { ThreadErrorEvent } from '../../src/events/thread-error-event.js';
import { accessibleCount, pressKeys, typeKeys } from '../commands.js';
import {
  $,
  $$,
  SwitchableAdapter,
  attachThread,
  articleTexts,
  composer,
  formReady,
  deepActiveElement,
  inlineForm,
  mountThread,
  sample,
  showArrivals,
  typeInto,
} from '../helpers.js';

function seeded() {
  return [
    sample('a', null, 'Ada', 'First **comment**', 600, 'https://ada.example'),
    sample('b', 'a', 'Bo', 'A reply with `code`', 500),
    sample('c', 'b', 'Cy', 'A reply to a reply', 400),
    sample('d', null, 'Dee', 'Second top-level comment', 300, 'javascript:alert(1)'),
  ];
}

describe('<comment-thread>', () => {
  afterEach(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
    // Threads a failed test attached (attachThread) would slow down every later test.
    for (const el of document.querySelectorAll('body > comment-thread')) el.remove();
  });

  describe('reading', () => {
    it('shows a loading state until the adapter answers', async () => {
      const adapter = new MemoryAdapter({ comments: seeded(), latency: 200 });
      const el = await fixture<CommentThread>(html`<comment-thread thread-id="thread-1" .adapter=${adapter}></comment-thread>`);
      const loading = $(el, '[part~="loading"]')!;
      expect(loading).to.exist;
      expect(loading.getAttribute('role')).to.equal('status');
      expect(loading.textContent).to.contain('Loading comments');
      await expect(el).shadowDom.to.be.accessible();
      await waitUntil(() => $$(el, '[part~="comment"]').length === 4);
    });

    it('renders a populated thread as nested lists of articles with a pluralised count', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: seeded() }));
      expect($(el, '[part~="heading"]')!.textContent!.trim()).to.equal('4 comments');
      const list = $(el, 'ol[part~="list"]')!;
      // Threads sit in a role-less group (laid out together), so they stay the list's items.
      const threads = $$(el, 'ol[part~="list"] > [part~="list-group"][role="none"] > li[part~="item"]');
      expect(list.children.length).to.equal(1);
      expect(threads.length).to.equal(2);
      const first = threads[0]!;
      expect(first.querySelector(':scope > article[part~="comment"]')).to.exist;
      const nested = first.querySelector(':scope > ol[part~="replies"] > li > ol[part~="replies"] > li > article');
      expect(nested!.querySelector('[part~="body"]')!.textContent!.trim()).to.equal('A reply to a reply');
      expect(articleTexts(el)).to.deep.equal(['First comment', 'A reply with code', 'A reply to a reply', 'Second top-level comment']);
      await expect(el).shadowDom.to.be.accessible();
    });

    it('offers a way past a long thread to the form', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: seeded() }));
      $(el, '[part~="jump-button"]')!.click();
      await waitUntil(() => deepActiveElement()?.tagName === 'TEXTAREA', 'the form did not get focus');
      expect(deepActiveElement()!.getRootNode()).to.equal(composer(el).shadowRoot);
    });

    it('says "1 comment" for one', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: [sample('x', null, 'X', 'only')] }));
      expect($(el, '[part~="heading"]')!.textContent!.trim()).to.equal('1 comment');
    });

    it('draws an identicon, links http(s) websites only, and shows relative and full dates', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: seeded() }));
      const [ada, bo, , dee] = $$(el, 'article[part~="comment"]');
      // The identicon is the article's ::before, painted from its classes: no element of its own.
      const identicon = (article: Element) => [...article.classList].filter((c) => /^(i\d-\d+|h\d+)$/.test(c)).join(' ');
      expect(identicon(ada!)).to.match(/^i0-\d+ i1-\d+ i2-\d+ h\d+$/);
      const avatar = getComputedStyle(ada!, '::before');
      expect(avatar.content).to.equal('""');
      expect(avatar.backgroundImage.match(/linear-gradient/g)!.length).to.equal(5);
      expect(avatar.width).to.equal(avatar.height);
      const link = ada!.querySelector<HTMLAnchorElement>('a[part~="author"]')!;
      expect(link.href).to.equal('https://ada.example/');
      expect(link.rel).to.equal('nofollow ugc noopener noreferrer');
      expect(dee!.querySelector('a[part~="author"]')).to.equal(null);
      expect(dee!.querySelector('[part~="author"]')!.textContent).to.equal('Dee');
      const time = ada!.querySelector('time')!;
      expect(new Date(time.getAttribute('datetime')!).getTime()).to.be.closeTo(Date.now() - 600 * 60_000, 5_000);
      expect(time.textContent).to.equal('10 hours ago');
      // The full date is the tooltip, made when the pointer first comes over the time.
      expect(time.title).to.equal('');
      time.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      expect(time.title).to.match(/\d{4}/);
      // Same name, same picture; other name, other picture.
      const again = await mountThread(new MemoryAdapter({ comments: seeded() }));
      expect(identicon($$(again, 'article[part~="comment"]')[0]!)).to.equal(identicon(ada!));
      expect(identicon(bo!)).not.to.equal(identicon(ada!));
      expect(getComputedStyle(bo!, '::before').backgroundImage).not.to.equal(avatar.backgroundImage);
    });

    it('renders Markdown bodies and shows raw HTML as text', async () => {
      const el = await mountThread(
        new MemoryAdapter({ comments: [sample('m', null, 'M', '*hi* <b>bold?</b> [x](https://example.com)\n\n```\nlet a = 1;\n```')] }),
      );
      const body = $(el, '[part~="body"]')!;
      expect(body.querySelector('em')!.textContent).to.equal('hi');
      expect(body.querySelector('b')).to.equal(null);
      expect(body.textContent).to.contain('<b>bold?</b>');
      expect(body.querySelector('a')!.getAttribute('rel')).to.equal('nofollow ugc noopener noreferrer');
      expect(body.querySelector('pre code')!.textContent).to.contain('let a = 1;');
    });

    it('keeps a long line of code inside its box instead of widening the thread', async () => {
      const code = `\`\`\`\n${'const result = computeSomethingLong(first, second, third);'.repeat(3)}\n\`\`\``;
      const el = await mountThread(new MemoryAdapter({ comments: [sample('c', null, 'Coder', code), sample('r', 'c', 'R', 'A reply')] }));
      el.style.display = 'block';
      el.style.width = '320px';
      await el.updateComplete;
      const host = el.getBoundingClientRect();
      for (const part of ['header', 'list', 'comment', 'body']) {
        const box = $(el, `[part~="${part}"]`)!.getBoundingClientRect();
        expect(box.right, part).to.be.at.most(host.right + 0.5);
      }
      const pre = $(el, '[part~="body"] pre')!;
      expect(pre.scrollWidth).to.be.greaterThan(pre.clientWidth);
      el.style.width = '';
    });

    it('shows an empty state that invites the first comment', async () => {
      const el = await mountThread(new MemoryAdapter());
      expect($(el, '[part~="empty"]')!.textContent).to.contain('No comments yet');
      expect($(el, '[part~="heading"]')!.textContent!.trim()).to.equal('0 comments');
      await expect(el).shadowDom.to.be.accessible();
    });

    it('sorts top-level comments newest first with sort="newest"', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: seeded() }), { sort: 'newest' });
      expect(articleTexts(el)[0]).to.equal('Second top-level comment');
      const select = $(el, 'select[part~="sort"]') as HTMLSelectElement;
      select.value = 'oldest';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(el.sort).to.equal('oldest');
      expect(articleTexts(el)[0]).to.equal('First comment');
    });

    it('nests up to max-depth and marks deeper replies with whom they answer', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: seeded() }), { maxDepth: 2 });
      const marker = $$(el, '[part~="replying-to"]');
      expect(marker.length).to.equal(1);
      expect(marker[0]!.textContent).to.equal('replying to Bo');
      expect($$(el, 'ol[part~="replies"] ol[part~="replies"]').length).to.equal(0);
    });

    it('fires ct-loaded with the comments', async () => {
      const { el, loaded } = attachThread(new MemoryAdapter({ comments: seeded(), latency: 20 }));
      const event = await loaded;
      expect(event.comments.length).to.equal(4);
      expect(event.hasMore).to.equal(false);
      expect(event.composed).to.equal(true);
      el.remove();
    });
  });

  describe('long threads', () => {
    // Where the browser has no HTML Sanitizer API (WebKit), comments wait for DOMPurify, loaded
    // once per page; these tests are about rendering, so it has loaded before they start.
    before(async () => {
      await prepareSanitizer();
    });

    it('reads and renders a thread of up to 200 comments whole, in one step', async () => {
      const adapter = new MemoryAdapter({ comments: Array.from({ length: 180 }, (_, i) => sample(`w${i}`, i % 3 === 2 ? `w${i - 1}` : null, `A${i % 9}`, `Comment ${i}`, 500 - i)) });
      const loads: number[] = [];
      const { el } = attachThread(adapter);
      el.addEventListener('ct-loaded', (e) => loads.push(e.comments.length));
      // The first comments and the last arrive in the same frame.
      const counts = await new Promise<number[]>((resolve) => {
        const seen: number[] = [];
        const frame = () => {
          const n = $$(el, 'article[part~="comment"]').length;
          if (n > 0) seen.push(n);
          if (seen.length >= 3) resolve(seen);
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      expect(counts).to.deep.equal([180, 180, 180]);
      expect(loads).to.deep.equal([180]);
      el.remove();
    });

    it('paints a first screenful at once, then renders every comment in steps', async () => {
      const comments = Array.from({ length: 2000 }, (_, i) =>
        sample(`n${i}`, i % 4 === 3 ? `n${i - 1}` : null, `Author ${i % 37}`, `Comment **${i}** with [a link](https://example.com/${i})`, 5000 - i),
      );
      const { el, loaded } = attachThread(new MemoryAdapter({ comments }));
      await loaded;
      await new Promise((r) => requestAnimationFrame(r));
      const early = $$(el, 'article[part~="comment"]').length;
      expect(early).to.be.greaterThan(0);
      expect(early).to.be.lessThan(2000);
      expect($(el, '[part~="heading"]')!.textContent!.trim()).to.equal('2,000 comments');
      await el.updateComplete;
      expect($$(el, 'article[part~="comment"]').length).to.equal(2000);
      el.remove();
    });

    /** A thread of `n` comments, every fourth a reply, oldest first by id number. */
    function longThread(n: number) {
      return Array.from({ length: n }, (_, i) =>
        sample(`n${i}`, i % 4 === 3 ? `n${i - 1}` : null, `Author ${i % 37}`, `Comment number ${i} with [a link](https://example.com/${i})`, 5000 - i),
      );
    }

    async function mountLong(comments: ReturnType<typeof longThread>, attributes: Record<string, string> = {}) {
      const adapter = new MemoryAdapter({ comments });
      const { el } = attachThread(adapter, attributes);
      await waitUntil(() => $$(el, 'article[part~="comment"]').length > 0);
      await el.updateComplete;
      return { el, adapter };
    }

    it('lays out threads in groups of about 32 comments, later ones skipped until near the screen', async () => {
      const { el } = await mountLong(longThread(320));
      const groups = $$(el, 'ol[part~="list"] > [part~="list-group"]');
      // Threads here hold one or two comments, so a group closes at 32 or 33.
      expect(groups.length).to.be.within(320 / 33, 320 / 32);
      const inGroups = groups.reduce((sum, group) => sum + group.querySelectorAll('article').length, 0);
      expect(inGroups).to.equal(320);
      for (const group of groups) expect(group.getAttribute('role')).to.equal('none');
      expect(getComputedStyle(groups[0]!).contentVisibility).to.equal('visible');
      expect(getComputedStyle(groups[1]!).contentVisibility).to.equal('auto');
      await expect(el).shadowDom.to.be.accessible();
      el.remove();
    });

    it('adds a new comment at the top of a long thread without re-rendering the others (newest first)', async () => {
      const { el, adapter } = await mountLong(longThread(1000), { sort: 'newest' });
      const groupsBefore = $$(el, '[part~="list-group"]');
      const articlesBefore = $$(el, 'article[part~="comment"]');
      const added = await adapter.create({ threadId: 'thread-1', parentId: null, author: { name: 'Late' }, body: 'Arrived last' });
      // Held until the reader asks; then shown, and focused.
      expect(await showArrivals(el)).to.equal(1);
      await el.updateComplete;
      await waitUntil(() => el.shadowRoot!.activeElement?.id === `comment-${added.id}`, 'the new comment was not focused');
      const groupsAfter = $$(el, '[part~="list-group"]');
      expect(groupsAfter).to.deep.equal(groupsBefore);
      expect(groupsAfter[0]!.querySelector('article')!.id).to.equal(`comment-${added.id}`);
      // Every article already shown is the same node, still in place.
      const articlesAfter = $$(el, 'article[part~="comment"]');
      expect(articlesAfter.length).to.equal(1001);
      expect(articlesAfter.slice(1)).to.deep.equal(articlesBefore);
      el.remove();
    });

    it('keeps every comment in the accessibility tree, skipped groups included', async () => {
      // The test browser runs with accessibility on, as it is when a screen reader is running.
      const { el } = await mountLong(longThread(400));
      el.id = 'long-thread';
      expect(getComputedStyle($$(el, '[part~="list-group"]').at(-1)!).contentVisibility).to.equal('auto');
      expect(await accessibleCount('#long-thread', 'article')).to.equal(400);
      el.remove();
    });

    it('scrolls to and focuses a linked comment in a group the browser had skipped', async () => {
      const before = location.hash;
      history.replaceState(null, '', '#comment-n1990');
      try {
        const { el } = await mountLong(longThread(2000));
        await waitUntil(() => deepActiveElement()?.id === 'comment-n1990', 'linked comment not focused');
        const box = $(el, '#comment-n1990')!.getBoundingClientRect();
        expect(box.height).to.be.greaterThan(0);
        expect(box.top).to.be.within(0, innerHeight);
        el.remove();
      } finally {
        history.replaceState(null, '', before || location.pathname);
      }
    });

    it('keeps the text of every comment in the document where find-in-page searches', async () => {
      // Ctrl+F itself cannot be driven from a page (window.find does not enter shadow roots), so
      // this checks what it needs: the text is in the DOM, and nothing above it is hidden.
      // content-visibility: auto skips rendering but stays searchable; hidden would not.
      const { el } = await mountLong(longThread(2000));
      const target = $(el, '#comment-n1996 [part~="body"]')!;
      expect(target.textContent).to.contain('Comment number 1996 with a link');
      expect(getComputedStyle(target.closest('[part~="list-group"]')!).contentVisibility).to.equal('auto');
      for (let node: Element | null = target; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        expect(style.display).to.not.equal('none');
        expect(style.visibility).to.equal('visible');
        expect(style.contentVisibility).to.not.equal('hidden');
        expect((node as HTMLElement).inert).to.equal(false);
      }
      el.remove();
    });
  });

  describe('paging', () => {
    /** A real MemoryAdapter (which pages) that records what it was asked, optionally passing for a server. */
    class RecordingAdapter extends MemoryAdapter {
      readonly calls: ListOptions[] = [];
      override readonly capabilities: AdapterCapabilities;
      constructor(comments: Comment[], persistence: 'memory' | 'server' = 'memory') {
        super({ comments });
        this.capabilities = { ...new MemoryAdapter().capabilities, persistence };
      }
      override list(threadId: string, options: ListOptions = {}) {
        const { signal: _signal, ...asked } = options;
        this.calls.push(asked);
        return super.list(threadId, options);
      }
    }
    const topLevel = (n: number) => Array.from({ length: n }, (_, i) => sample(`t${i}`, null, `Author ${i % 7}`, `Top-level comment ${i}`, 5000 - i));

    it('shows the first page of a long local thread first, then reads the rest without a click', async () => {
      const adapter = new RecordingAdapter(topLevel(400));
      const { el, loaded } = attachThread(adapter);
      const first = await loaded;
      // A local thread's first read is 200 top-level threads: most threads arrive whole.
      expect(first.comments.length).to.equal(200);
      expect(first.hasMore).to.equal(true);
      expect(adapter.calls[0]).to.deep.equal({ sort: 'oldest', limit: 200 });
      await new Promise((r) => setTimeout(r));
      // The count is the whole thread's from the start, and there is nothing to click.
      expect($(el, '[part~="heading"]')!.textContent!.trim()).to.equal('400 comments');
      expect($(el, '[part~="more-button"]')).to.equal(null);
      await el.updateComplete;
      expect($$(el, 'article[part~="comment"]').length).to.equal(400);
      expect(adapter.calls.length).to.equal(2);
      expect(adapter.calls[1]!.cursor).to.be.a('string');
      expect(adapter.calls[1]!.limit).to.equal(undefined);
      expect(articleTexts(el).slice(0, 2)).to.deep.equal(['Top-level comment 0', 'Top-level comment 1']);
      expect(articleTexts(el).at(-1)).to.equal('Top-level comment 399');
      expect($(el, '[part~="more-button"]')).to.equal(null);
      el.remove();
    });

    it('offers "Show more" for a comment server\'s further pages and loads one page per click', async () => {
      const adapter = new RecordingAdapter(topLevel(120), 'server');
      const el = await mountThread(adapter);
      expect($$(el, 'article[part~="comment"]').length).to.equal(50);
      expect($(el, '[part~="heading"]')!.textContent!.trim()).to.equal('120 comments');
      for (const [expected, remaining] of [[100, 70], [120, 20]] as const) {
        const more = $(el, '[part~="more-button"]')!;
        // How many are still unread: the adapter said how many there are.
        expect(more.textContent!.trim()).to.equal(`Show ${remaining} more comments`);
        const loaded = oneEvent(el, 'ct-loaded');
        more.click();
        await loaded;
        await el.updateComplete;
        expect($$(el, 'article[part~="comment"]').length).to.equal(expected);
      }
      expect($(el, '[part~="more-button"]')).to.equal(null);
      expect(adapter.calls.map((call) => call.limit)).to.deep.equal([50, 50, 50]);
      await expect(el).shadowDom.to.be.accessible();
      el.remove();
    });
  });

  describe('live changes', () => {
    it('shows a comment posted elsewhere while the first page was being read', async () => {
      let read!: () => void;
      const wasRead = new Promise<void>((resolve) => (read = resolve));
      let answer!: () => void;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      /** Answers with what it held when asked, once the test lets it: a server whose answer is on its way. */
      class SlowAnswerAdapter extends MemoryAdapter {
        override async list(threadId: string, options: ListOptions = {}) {
          const page = await super.list(threadId, options);
          read();
          await answered;
          return page;
        }
      }
      const adapter = new SlowAnswerAdapter({ comments: seeded() });
      const { el, loaded } = attachThread(adapter);
      await wasRead;
      const late = await adapter.create({ threadId: 'thread-1', parentId: 'a', author: { name: 'Elsewhere' }, body: 'Posted during the read' });
      answer();
      const first = await loaded;
      expect(first.comments.map((c) => c.id)).to.not.include(late.id);
      await waitUntil(() => $(el, `#comment-${late.id}`) !== null, 'the comment posted during the read never appeared');
      expect($(el, '[part~="heading"]')!.textContent!.trim()).to.equal('5 comments');
      el.remove();
    });

    it('keeps a comment removed elsewhere that has replies as a placeholder that reads as after a reload', async () => {
      let push: ((change: ThreadChange) => void) | null = null;
      /** Pushes what the test says, as a server's live stream would. */
      class PushAdapter extends MemoryAdapter {
        override subscribe(_threadId: string, listener: (change: ThreadChange) => void, _options?: CallOptions): () => void {
          push = listener;
          return () => (push = null);
        }
      }
      const el = await mountThread(new PushAdapter({ comments: seeded() }));
      expect($(el, '#comment-a [part~="author"]')!.textContent).to.equal('Ada');
      push!({ type: 'removed', id: 'a' });
      await waitUntil(() => $(el, '#comment-a .deleted-note'), 'no placeholder');
      expect($(el, '#comment-a [part~="author"]')!.textContent).to.equal('Deleted comment');
      expect($(el, '#comment-a a[part~="author"]')).to.equal(null);
      expect($(el, '#comment-b')).to.exist;
      el.remove();
    });
  });

  describe('another thread', () => {
    it('shows the new thread when thread-id changes, and closes the old subscription', async () => {
      /** A MemoryAdapter that counts the subscriptions open now, per thread. */
      class CountingAdapter extends MemoryAdapter {
        readonly open = new Map<string, number>();
        override subscribe(threadId: string, listener: (change: ThreadChange) => void, options: CallOptions = {}): () => void {
          const count = (by: number): void => void this.open.set(threadId, (this.open.get(threadId) ?? 0) + by);
          count(1);
          let closed = false;
          const close = (): void => {
            if (!closed) count(-1);
            closed = true;
          };
          options.signal?.addEventListener('abort', close, { once: true });
          const stop = super.subscribe(threadId, listener, options);
          return () => {
            close();
            stop();
          };
        }
      }
      const adapter = new CountingAdapter({ comments: [sample('one', null, 'A', 'On the first page', 30), { ...sample('two', null, 'B', 'On the second page', 20), threadId: 'thread-2' }] });
      const el = await mountThread(adapter);
      expect(articleTexts(el)).to.deep.equal(['On the first page']);
      expect(Object.fromEntries(adapter.open)).to.deep.equal({ 'thread-1': 1 });
      el.setAttribute('thread-id', 'thread-2');
      await waitUntil(() => articleTexts(el).join() === 'On the second page', 'the new thread did not show');
      expect(Object.fromEntries(adapter.open)).to.deep.equal({ 'thread-1': 0, 'thread-2': 1 }, 'one subscription open: the new thread’s');
      await adapter.create({ threadId: 'thread-1', parentId: null, author: { name: 'C' }, body: 'Posted to the old thread' });
      await adapter.create({ threadId: 'thread-2', parentId: null, author: { name: 'D' }, body: 'Posted to the new thread' });
      expect(await showArrivals(el)).to.equal(1);
      expect(articleTexts(el)).to.include('Posted to the new thread');
      expect(articleTexts(el)).to.not.include('Posted to the old thread');
      el.remove();
      await new Promise((r) => setTimeout(r));
      expect(Object.fromEntries(adapter.open)).to.deep.equal({ 'thread-1': 0, 'thread-2': 0 }, 'and none once the element is gone');
    });
  });

  describe('load errors', () => {
    it('shows a designed error with a retry, and fires ct-error', async () => {
      const adapter = new SwitchableAdapter(seeded());
      adapter.failList = new AdapterError('network', 'The server could not be reached.');
      const { el, failed } = attachThread(adapter);
      const event = await failed;
      expect(event.operation).to.equal('load');
      expect(event.error.code).to.equal('network');
      await el.updateComplete;
      const error = $(el, '[part~="error"]')!;
      expect(error.getAttribute('role')).to.equal('alert');
      expect(error.textContent).to.contain('Comments could not be loaded.');
      expect(error.textContent).to.contain('The server could not be reached.');
      await expect(el).shadowDom.to.be.accessible();
      adapter.failList = null;
      error.querySelector('button')!.click();
      await waitUntil(() => $$(el, '[part~="comment"]').length === 4);
      el.remove();
    });
  });

  describe('writing', () => {
    it('posts a comment by keyboard: optimistic "posting…", then settled, with ct-comment-posted', async () => {
      const adapter = new SwitchableAdapter();
      const release = adapter.holdCreates();
      const el = await mountThread(adapter);
      const form = await formReady(composer(el));
      await typeInto(form, 'name', 'Kim');
      form.focus();
      await form.updateComplete;
      await typeKeys('Hello *world*');
      const posted = oneEvent(el, 'ct-comment-posted') as Promise<CommentPostedEvent>;
      await pressKeys('Control', 'Enter');
      await waitUntil(() => $(el, '[part~="badge"]'), 'no optimistic comment');
      expect($(el, '[part~="badge"]')!.textContent).to.equal('posting…');
      expect($(el, '.pending [part~="body"] em')!.textContent).to.equal('world');
      release();
      const event = await posted;
      expect(event.comment.body).to.equal('Hello *world*');
      expect(event.comment.author.name).to.equal('Kim');
      await el.updateComplete;
      expect($(el, '[part~="badge"]')).to.equal(null);
      expect($(el, '[part~="heading"]')!.textContent!.trim()).to.equal('1 comment');
      await waitUntil(() => (form.shadowRoot!.querySelector('textarea') as HTMLTextAreaElement).value === '', 'form not cleared');
      expect((await adapter.inner.list('thread-1')).comments.length).to.equal(1);
    });

    it('keeps the focus on "Post comment" while the post is under way and after it', async () => {
      const adapter = new SwitchableAdapter();
      const release = adapter.holdCreates();
      const el = await mountThread(adapter);
      const form = await formReady(composer(el));
      await typeInto(form, 'body', 'Posted from the button');
      const button = form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!;
      button.focus();
      await pressKeys('Enter');
      await waitUntil(() => button.getAttribute('aria-disabled') === 'true', 'the post did not start');
      expect(deepActiveElement(), 'focus while posting').to.equal(button);
      // A second press while it is under way posts nothing more.
      await pressKeys('Enter');
      release();
      await waitUntil(() => button.getAttribute('aria-disabled') === 'false', 'the post did not end');
      await el.updateComplete;
      expect(deepActiveElement(), 'focus after posting').to.equal(button);
      expect((await adapter.inner.list('thread-1')).comments.length).to.equal(1);
    });

    it('opens one inline reply form at a time; Escape and Cancel close it and return focus', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: seeded() }));
      const reply = (id: string) => $(el, `#comment-${id} button[part~="reply-button"]`)!;
      reply('a').click();
      await el.updateComplete;
      await waitUntil(() => deepActiveElement()?.tagName === 'TEXTAREA', 'reply textarea not focused');
      expect(reply('a').getAttribute('aria-expanded')).to.equal('true');
      expect(reply('b').getAttribute('aria-expanded')).to.equal('false');
      expect(inlineForm(el)!.parentId).to.equal('a');
      await expect(el).shadowDom.to.be.accessible();

      reply('b').click();
      await el.updateComplete;
      expect($$(el, '.inline-form').length).to.equal(1);
      expect(inlineForm(el)!.parentId).to.equal('b');

      await waitUntil(() => deepActiveElement()?.tagName === 'TEXTAREA');
      await pressKeys('Escape');
      await waitUntil(() => deepActiveElement() === reply('b'), 'focus did not return to the Reply button');
      expect(inlineForm(el)).to.equal(null);

      reply('b').click();
      await el.updateComplete;
      await inlineForm(el)!.updateComplete;
      (inlineForm(el)!.shadowRoot!.querySelector('[part~="cancel-button"]') as HTMLElement).click();
      await waitUntil(() => deepActiveElement() === reply('b'));
      expect(inlineForm(el)).to.equal(null);
    });

    it('posts a reply inline, closes the form and focuses the new reply', async () => {
      const el = await mountThread(new MemoryAdapter({ comments: seeded() }));
      $$(el, 'button[part~="reply-button"]')[3]!.click();
      // The form opens once this element's write path is there (a click without a pointer or focus first).
      await waitUntil(() => inlineForm(el), 'no reply form');
      const form = inlineForm(el)!;
      await typeInto(form, 'body', 'Replying to Dee');
      await form.submit();
      await waitUntil(() => inlineForm(el) === null);
      await waitUntil(() => deepActiveElement()?.tagName === 'ARTICLE');
      expect(deepActiveElement()!.querySelector('[part~="body"]')!.textContent!.trim()).to.equal('Replying to Dee');
      const dee = $$(el, '[part~="list-group"] > li')[1]!;
      expect(dee.querySelector('ol[part~="replies"] [part~="body"]')!.textContent!.trim()).to.equal('Replying to Dee');
    });

    it('keeps the focus in an open reply form while its comment is changed elsewhere', async () => {
      const adapter = new MemoryAdapter({ comments: seeded() });
      const el = await mountThread(adapter);
      $$(el, 'button[part~="reply-button"]')[0]!.click();
      await waitUntil(() => deepActiveElement()?.tagName === 'TEXTAREA', 'reply textarea not focused');
      const textarea = deepActiveElement();
      // Another visitor's edit arrives: the comment's article is rebuilt and the open form moved.
      await adapter.update('thread-1', 'a', { body: 'First comment, edited elsewhere' });
      await waitUntil(() => articleTexts(el)[0] === 'First comment, edited elsewhere', 'the edit did not arrive');
      await el.updateComplete;
      expect(inlineForm(el)!.parentId).to.equal('a');
      expect(deepActiveElement() === textarea, 'the reply form lost the focus').to.equal(true);
    });

    it('validates inline: empty body, over-long body with a counter, bad website', async () => {
      const el = await mountThread(new MemoryAdapter());
      const form = await formReady(composer(el));
      await form.submit();
      await form.updateComplete;
      const root = form.shadowRoot!;
      const textarea = root.querySelector('textarea')!;
      expect(textarea.getAttribute('aria-invalid')).to.equal('true');
      expect(root.querySelector('#body-error')!.textContent).to.equal('Write something before posting.');
      expect(deepActiveElement()).to.equal(textarea);

      await typeInto(form, 'body', 'x'.repeat(5003));
      expect(root.querySelector('[part~="counter"]')!.textContent!.trim()).to.equal('5,003 / 5,000');
      // Isolated from the page's direction: the count, and the web address; what people write takes its own.
      // (An element with `dir` is isolated, as a <bdi> is.)
      expect(root.querySelector('[part~="counter"] span[dir="auto"]')!.textContent).to.equal('5,003 / 5,000');
      expect(root.querySelector('[name="website"]')!.getAttribute('dir')).to.equal('ltr');
      expect(root.querySelector('[name="name"]')!.getAttribute('dir')).to.equal('auto');
      expect(textarea.getAttribute('dir')).to.equal('auto');
      expect(root.querySelector('[part~="counter"]')!.classList.contains('over')).to.equal(true);
      expect(root.querySelector('#body-error')!.textContent).to.equal('Your comment is 3 characters too long.');

      await typeInto(form, 'body', 'fine');
      expect(root.querySelector('#body-error')).to.equal(null);
      await typeInto(form, 'website', 'javascript:alert(1)');
      root.querySelector('[name="website"]')!.dispatchEvent(new Event('blur'));
      await form.updateComplete;
      expect(root.querySelector('#website-error')!.textContent).to.contain('https://example.com');
      await form.submit();
      expect((await new MemoryAdapter().list('thread-1')).comments.length).to.equal(0);
      expect($$(el, '[part~="comment"]').length).to.equal(0);
      await expect(form).shadowDom.to.be.accessible();

      await typeInto(form, 'website', 'example.com/me');
      await form.submit();
      await waitUntil(() => $$(el, '[part~="comment"]').length === 1);
      expect(($(el, 'a[part~="author"]') as HTMLAnchorElement).href).to.equal('https://example.com/me');
    });

    it('after a delete, focuses the next comment, else the one before, never the page', async () => {
      /** A MemoryAdapter that lets this visitor change every comment for a minute. */
      class OwnAdapter extends MemoryAdapter {
        editableUntil(): Date {
          return new Date(Date.now() + 60_000);
        }
      }
      const el = await mountThread(new OwnAdapter({ comments: [sample('p', null, 'P', 'first', 30), sample('q', null, 'Q', 'second', 20), sample('r', null, 'R', 'third', 10)] }));
      const confirmDelete = async (id: string) => {
        $(el, `#comment-${id} [part~="remove-button"]`)!.click();
        await waitUntil(() => $(el, `#comment-${id} [part~="remove-confirm-button"]`), 'no confirmation');
        $(el, `#comment-${id} [part~="remove-confirm-button"]`)!.click();
        await waitUntil(() => !$(el, `#comment-${id}`), `${id} was not deleted`);
        await el.updateComplete;
      };
      await confirmDelete('q');
      await waitUntil(() => deepActiveElement()?.id === 'comment-r', `focus went to ${deepActiveElement()?.localName}#${deepActiveElement()?.id}, not the next comment`);
      await confirmDelete('r');
      await waitUntil(() => deepActiveElement()?.id === 'comment-p', `focus went to ${deepActiveElement()?.localName}, not the comment before`);
      await expect(el).shadowDom.to.be.accessible();
      el.remove();
    });

    it('on failure removes the optimistic comment, shows the error with Retry and keeps the text', async () => {
      const adapter = new SwitchableAdapter();
      const el = await mountThread(adapter);
      const errors: ThreadErrorEvent[] = [];
      el.addEventListener('ct-error', (e) => errors.push(e));
      adapter.failCreate = new AdapterError('network', 'Network is down.');
      const release = adapter.holdCreates();
      const form = await formReady(composer(el));
      await typeInto(form, 'body', 'Please keep me');
      const submitted = form.submit();
      await waitUntil(() => $(el, '.pending'));
      release();
      await submitted;
      await form.updateComplete;
      expect($$(el, '[part~="comment"]').length).to.equal(0);
      const alert = form.shadowRoot!.querySelector('[part~="form-error"]')!;
      expect(alert.getAttribute('role')).to.equal('alert');
      expect(alert.textContent).to.contain('Network is down.');
      expect(form.shadowRoot!.querySelector('textarea')!.value).to.equal('Please keep me');
      expect(errors.map((e) => e.operation)).to.deep.equal(['post']);
      await expect(el).shadowDom.to.be.accessible();
      await expect(form).shadowDom.to.be.accessible();

      (alert.querySelector('[part~="retry-button"]') as HTMLElement).click();
      await waitUntil(() => $$(el, '[part~="comment"]').length === 1 && !$(el, '.pending'));
      await form.updateComplete;
      expect(form.shadowRoot!.querySelector('[part~="form-error"]')).to.equal(null);
      expect(form.shadowRoot!.querySelector('textarea')!.value).to.equal('');
    });

    it('keeps drafts per thread and parent across a reload until the post succeeds', async () => {
      const adapter = new MemoryAdapter({ comments: seeded() });
      let el = await mountThread(adapter);
      await typeInto(composer(el), 'body', 'Top-level draft');
      $$(el, 'button[part~="reply-button"]')[0]!.click();
      await waitUntil(() => inlineForm(el), 'no reply form');
      await typeInto(inlineForm(el)!, 'body', 'Reply draft');
      el.remove();

      el = await mountThread(adapter);
      const form = await formReady(composer(el));
      expect(form.shadowRoot!.querySelector('textarea')!.value).to.equal('Top-level draft');
      expect(form.shadowRoot!.textContent).to.contain('Your unsent draft was restored.');
      $$(el, 'button[part~="reply-button"]')[0]!.click();
      await waitUntil(() => inlineForm(el), 'no reply form');
      await inlineForm(el)!.updateComplete;
      expect(inlineForm(el)!.shadowRoot!.querySelector('textarea')!.value).to.equal('Reply draft');
      $$(el, 'button[part~="reply-button"]')[1]!.click();
      await waitUntil(() => inlineForm(el)?.parentId === 'b', 'the reply form did not move');
      await inlineForm(el)!.updateComplete;
      expect(inlineForm(el)!.shadowRoot!.querySelector('textarea')!.value).to.equal('');

      await form.submit();
      el.remove();
      el = await mountThread(adapter);
      expect((await formReady(composer(el))).shadowRoot!.querySelector('textarea')!.value).to.equal('');
    });

    it('remembers the name and website only when asked to (opt-in), and then for next time', async () => {
      let el = await mountThread(new MemoryAdapter());
      let form = await formReady(composer(el));
      const box = () => form.shadowRoot!.querySelector<HTMLInputElement>('[part~="remember"] input')!;
      expect(box().checked, 'remember-me starts unchecked').to.equal(false);
      await typeInto(form, 'name', 'Forgotten Fay');
      await typeInto(form, 'body', 'hello');
      await form.submit();
      el.remove();
      el = await mountThread(new MemoryAdapter());
      form = await formReady(composer(el));
      expect((form.shadowRoot!.querySelector('[name="name"]') as HTMLInputElement).value).to.equal('');
      el.remove();

      el = await mountThread(new MemoryAdapter());
      form = await formReady(composer(el));
      box().click();
      await form.updateComplete;
      await typeInto(form, 'name', 'Remembered Rae');
      await typeInto(form, 'website', 'https://rae.example');
      await typeInto(form, 'body', 'hello');
      await form.submit();
      const again = await mountThread(new MemoryAdapter());
      const root = (await formReady(composer(again))).shadowRoot!;
      expect((root.querySelector('[name="name"]') as HTMLInputElement).value).to.equal('Remembered Rae');
      expect((root.querySelector('[name="website"]') as HTMLInputElement).value).to.equal('https://rae.example/');
      expect(root.querySelector<HTMLInputElement>('[part~="remember"] input')!.checked, 'checked again for one who asked').to.equal(true);
    });
  });

  describe('with the sample LocalStorageAdapter', () => {
    it('defaults to it and to the canonical path as thread id, and says where comments are stored', async () => {
      const link = document.createElement('link');
      link.rel = 'canonical';
      link.href = '/articles/canonical-post?utm_source=x';
      document.head.append(link);
      try {
        localStorage.setItem(threadStorageKey('/articles/canonical-post'), JSON.stringify([{ ...sample('z', null, 'Zed', 'stored'), threadId: '/articles/canonical-post' }]));
        const el = await fixture<CommentThread>(html`<comment-thread></comment-thread>`);
        await waitUntil(() => $$(el, '[part~="comment"]').length === 1);
        expect($(el, '[part~="notice"]')!.textContent).to.contain('stored in this browser only');
      } finally {
        link.remove();
      }
    });

    it('uses location.pathname without a canonical link', async () => {
      localStorage.setItem(threadStorageKey(location.pathname), JSON.stringify([{ ...sample('p', null, 'P', 'by path'), threadId: location.pathname }]));
      const el = await fixture<CommentThread>(html`<comment-thread></comment-thread>`);
      await waitUntil(() => $$(el, '[part~="comment"]').length === 1);
      expect(articleTexts(el)).to.deep.equal(['by path']);
    });

    it('reports corrupt stored entries, skips them and shows the rest', async () => {
      const good = sample('g', null, 'Good', 'still here');
      localStorage.setItem(threadStorageKey('thread-1'), JSON.stringify([good, { nonsense: true }, 42]));
      const { el, failed } = attachThread(new LocalStorageAdapter());
      const event = await failed;
      expect(event.error.code).to.equal('corrupt');
      await waitUntil(() => $$(el, '[part~="comment"]').length === 1);
      expect($(el, '[part~="warning"]')!.textContent).to.contain('could not be read');
      expect(articleTexts(el)).to.deep.equal(['still here']);
      el.remove();
    });

    it('says clearly when storage is full and keeps the draft', async () => {
      const el = await mountThread(new LocalStorageAdapter());
      const form = await formReady(composer(el));
      const fillers: string[] = [];
      try {
        let chunk = 'x'.repeat(1 << 20);
        for (let i = 0; chunk.length > 16 && i < 200; i++) {
          try {
            localStorage.setItem(`comment-thread-test-filler:${i}`, chunk);
            fillers.push(`comment-thread-test-filler:${i}`);
          } catch {
            chunk = chunk.slice(0, chunk.length / 2);
          }
        }
        await typeInto(form, 'body', 'A comment that does not fit any more '.repeat(20));
        await form.submit();
        await form.updateComplete;
        const alert = form.shadowRoot!.querySelector('[part~="form-error"]')!;
        expect(alert.textContent).to.contain('storage');
        expect(alert.textContent).to.contain('full');
        expect(form.shadowRoot!.querySelector('textarea')!.value).to.contain('does not fit any more');
        expect($$(el, '[part~="comment"]').length).to.equal(0);
      } finally {
        for (const key of fillers) localStorage.removeItem(key);
      }
    });

    it('shows comments written in another tab live', async () => {
      const el = await mountThread(new LocalStorageAdapter());
      const frame = document.createElement('iframe');
      frame.src = '/test/adapters/blank.html';
      document.body.append(frame);
      await oneEvent(frame, 'load');
      try {
        const other = new LocalStorageAdapter({ storage: frame.contentWindow!.localStorage });
        await other.create({ threadId: 'thread-1', parentId: null, author: { name: 'Other tab' }, body: 'Hello from elsewhere' });
        // A storage event crosses frames, and the announcement waits for 800 ms without news:
        // more than waitUntil's default second on a busy machine.
        await waitUntil(() => $(el, '[part~="new-comments-button"]'), 'the other tab’s comment did not arrive', { timeout: 5000 });
        await waitUntil(() => $(el, '[role="status"][aria-live="polite"]')!.textContent!.includes('One new comment.'), 'no announcement', {
          timeout: 5000,
        });
        expect(await showArrivals(el)).to.equal(1);
        expect(articleTexts(el)).to.include('Hello from elsewhere');
      } finally {
        frame.remove();
      }
    });
  });

  describe('links to comments', () => {
    it('scrolls to, focuses and highlights #comment-ID', async () => {
      const before = location.hash;
      history.replaceState(null, '', '#comment-c');
      try {
        const el = await mountThread(new MemoryAdapter({ comments: seeded() }));
        await waitUntil(() => deepActiveElement()?.id === 'comment-c', 'linked comment not focused');
        expect($(el, 'article.highlighted')!.id).to.equal('comment-c');
        expect($(el, '#comment-c [part~="permalink"]')!.getAttribute('href')).to.equal('#comment-c');
      } finally {
        history.replaceState(null, '', before || location.pathname);
      }
    });
  });
});

describe('<comment-thread> translated', () => {
  it('shows a translation and formats dates and plurals in the element’s language', async () => {
    const { de } = await import('../../src/i18n/de.js');
    const adapter = new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'Hallo', 180), sample('b', null, 'Bo', 'Servus', 120)] });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="de"><comment-thread thread-id="thread-1" .adapter=${adapter} .strings=${de}></comment-thread></div>`);
    const el = wrapper.querySelector('comment-thread')!;
    await waitUntil(() => $$(el, '[part~="comment"]').length === 2);
    expect($(el, '[part~="heading"]')!.textContent!.trim()).to.equal('2 Kommentare');
    expect($(el, 'time')!.textContent).to.equal('vor 3 Stunden');
    expect($(el, '[part~="composer-heading"]')!.textContent).to.equal('Schreib einen Kommentar');
    // Named after its comment: author and date, in German.
    expect($$(el, '[part~="reply-button"]')[0]!.getAttribute('aria-label')).to.match(/^Antworten auf Ada, \d+\. \p{L}+ \d{4} um \d+:\d\d$/u);
    await expect(el).shadowDom.to.be.accessible();
  });
});
