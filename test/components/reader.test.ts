import { expect, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import { AdapterError, type AdapterCapabilities, type CallOptions, type Comment, type ListOptions, type StorageAdapter, type ThreadChange } from '../../src/adapters/storage-adapter.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import '../../src/define.js';
import { accessibleNamed, pressKeys } from '../commands.js';
import { $, $$, articleTexts, composer, deepActiveElement, formReady, inlineForm, mountThread, sample, typeInto } from '../helpers.js';

/**
 * The reader's thread (issue 12): names for screen readers, the remembered order, votes,
 * copy link. Each runs in Chromium, Firefox and WebKit; names are read from the browser's own
 * accessibility tree.
 */

/** A MemoryAdapter that cannot vote (as an adapter without `vote`). */
class NoVotes implements StorageAdapter {
  readonly inner: MemoryAdapter;
  readonly capabilities: AdapterCapabilities;
  constructor(comments: Comment[]) {
    this.inner = new MemoryAdapter({ comments });
    this.capabilities = { ...this.inner.capabilities, vote: false };
  }
  list(threadId: string, options?: ListOptions) {
    return this.inner.list(threadId, options);
  }
  create(...args: Parameters<MemoryAdapter['create']>) {
    return this.inner.create(...args);
  }
}

/** A MemoryAdapter that also passes on changes from elsewhere, as a server's stream would. */
class Heard extends MemoryAdapter {
  listeners: Array<(change: ThreadChange) => void> = [];
  override subscribe(threadId: string, listener: (change: ThreadChange) => void, options: CallOptions = {}) {
    this.listeners.push(listener);
    return super.subscribe(threadId, listener, options);
  }
  push(change: ThreadChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

const DAY = 24 * 60;

async function mountNamed(adapter: StorageAdapter, attrs: Record<string, string> = {}): Promise<CommentThread> {
  const el = document.createElement('comment-thread') as CommentThread;
  el.id = 'reader';
  el.setAttribute('thread-id', 'thread-1');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.adapter = adapter;
  document.body.append(el);
  await waitUntil(() => $$(el, '[part~="comment"]').length > 0, 'thread did not render');
  await el.updateComplete;
  return el;
}

describe('reader: names for screen readers', () => {
  afterEach(() => document.getElementById('reader')?.remove());

  it('names each article by author and date, and each action after its comment', async () => {
    // Two comments by one author: only the date tells their buttons apart.
    const el = await mountNamed(new NoVotes([sample('a', null, 'Vincent', 'First', 10 * DAY), sample('b', null, 'Vincent', 'Second', 3 * 60), sample('c', 'a', 'Ada', 'Reply', 9 * DAY)]));
    const articles = $$(el, 'article');
    const labels = articles.map((article) => article.getAttribute('aria-label')!);
    expect(new Set(labels).size).to.equal(3);
    for (const [i, article] of articles.entries()) {
      const time = article.querySelector('time')!;
      const year = String(new Date(time.dateTime).getFullYear());
      expect(labels[i]).to.match(/^(Vincent|Ada), /);
      expect(labels[i]).to.contain(year);
      // What the browser's accessibility tree says, not only the attribute.
      expect(await accessibleNamed('#reader', 'article', labels[i]!), labels[i]).to.equal(1);
      expect(await accessibleNamed('#reader', 'button', `Reply to ${labels[i]}`), `Reply to ${labels[i]}`).to.equal(1);
    }
  });

  it('reads a permalink as its date: a relative one keeps its words first', async () => {
    const el = await mountNamed(new NoVotes([sample('old', null, 'Ada', 'Old', 30 * DAY), sample('new', null, 'Bo', 'New', 3 * 60)]));
    const [old, recent] = $$(el, '[part~="permalink"]');
    // An absolute date is its own name.
    expect(old!.hasAttribute('aria-label')).to.equal(false);
    expect(await accessibleNamed('#reader', 'link', old!.textContent!)).to.equal(1);
    // "3 hours ago" reads with the full date after it.
    const shown = recent!.textContent!;
    expect(shown).to.match(/hours ago/);
    const label = recent!.getAttribute('aria-label')!;
    expect(label.startsWith(`${shown}, `)).to.equal(true);
    expect(label).to.contain(String(new Date(recent!.querySelector('time')!.dateTime).getFullYear()));
    expect(await accessibleNamed('#reader', 'link', label)).to.equal(1);
  });

  it('makes "replying to NAME" a link to the comment answered', async () => {
    const el = await mountNamed(new NoVotes([sample('a', null, 'Ada', 'Root', 60), sample('b', 'a', 'Bo', 'Reply', 50), sample('c', 'b', 'Cy', 'Deeper', 40)]), { 'max-depth': '1' });
    const link = $(el, '#comment-c [part~="replying-to"]') as HTMLAnchorElement;
    expect(link.tagName).to.equal('A');
    expect(link.textContent).to.equal('replying to Bo');
    expect(new URL(link.href).hash).to.equal('#comment-b');
    await expect(el).shadowDom.to.be.accessible();
  });
});

describe('reader: the order, chosen and remembered', () => {
  const KEY = 'comment-thread:v1:sort';
  afterEach(() => {
    localStorage.removeItem(KEY);
    for (const el of document.querySelectorAll('comment-thread')) el.remove();
  });
  const comments = () => [sample('a', null, 'Ada', 'Oldest', 300), sample('b', null, 'Bo', 'Middle', 200), sample('c', null, 'Cy', 'Newest', 100)];

  it('offers oldest and newest, and top only where the adapter votes', async () => {
    const el = await mountThread(new NoVotes(comments()));
    const values = (thread: CommentThread) => [...($(thread, 'select[part~="sort"]') as HTMLSelectElement).options].map((o) => o.value);
    expect(values(el)).to.deep.equal(['oldest', 'newest']);
    el.remove();
    const voting = new MemoryAdapter({ comments: comments() });
    if (!voting.capabilities.vote) throw new Error('MemoryAdapter should vote');
    const other = await mountThread(voting);
    expect(values(other)).to.deep.equal(['oldest', 'newest', 'top']);
  });

  it('remembers the reader’s choice on this site, over the page’s sort attribute', async () => {
    const first = await mountThread(new NoVotes(comments()), { sort: 'oldest' });
    const select = $(first, 'select[part~="sort"]') as HTMLSelectElement;
    select.value = 'newest';
    select.dispatchEvent(new Event('change'));
    await first.updateComplete;
    expect(articleTexts(first)[0]).to.equal('Newest');
    first.remove();
    // Another page of the site, whose default is oldest first.
    const next = await mountThread(new NoVotes(comments()), { sort: 'oldest' });
    expect(articleTexts(next)[0]).to.equal('Newest');
    expect(($(next, 'select[part~="sort"]') as HTMLSelectElement).value).to.equal('newest');
  });

  it('falls back to the page’s order where the remembered one cannot be shown', async () => {
    localStorage.setItem(KEY, 'top');
    const el = await mountThread(new NoVotes(comments()), { sort: 'newest' });
    expect(articleTexts(el)[0]).to.equal('Newest');
    localStorage.setItem(KEY, 'sideways');
    const other = await mountThread(new NoVotes(comments()), { sort: 'oldest' });
    expect(articleTexts(other)[0]).to.equal('Oldest');
  });
});

describe('reader: copy link', () => {
  afterEach(() => document.getElementById('reader')?.remove());

  /** Clicks Copy link of comment `id` the way a keyboard user does (a real key press: user activation). */
  async function copy(el: CommentThread, id: string): Promise<void> {
    ($(el, `#${CSS.escape(`comment-${id}`)} [part~="copy-link-button"]`) as HTMLButtonElement).focus();
    await pressKeys('Enter');
  }

  it('copies the comment’s #comment- address, says so, and announces it', async () => {
    const el = await mountNamed(new NoVotes([sample('a:1', null, 'Ada', 'Hello', 60)]));
    const expected = new URL('#comment-a%3A1', location.href).href;
    // Whichever way this engine copies (the Clipboard API, which really runs and whose text is
    // watched on its way in, or the copy command where the page may not use the API), what was
    // copied is seen.
    let copied: string | null = null;
    const clipboard = navigator.clipboard;
    const write = clipboard.writeText.bind(clipboard);
    Object.defineProperty(clipboard, 'writeText', { configurable: true, value: (text: string) => ((copied = text), write(text)) });
    el.shadowRoot!.addEventListener('copy', (event) => {
      const field = event.composedPath()[0] as HTMLTextAreaElement;
      copied = field.value.slice(field.selectionStart, field.selectionEnd);
    });
    try {
      await copy(el, 'a:1');
      await waitUntil(() => $(el, '#comment-a\\:1 [part~="copy-link-button"]')?.textContent === 'Link copied.', 'not copied');
    } finally {
      delete (clipboard as unknown as Record<string, unknown>)['writeText'];
    }
    expect(copied).to.equal(expected);
    await waitUntil(() => $(el, '[role="status"]')?.textContent === 'Link copied.');
    // The focus stays on the button.
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('copy-link-button');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('copies through a selected field where the Clipboard API refuses', async () => {
    const el = await mountNamed(new NoVotes([sample('a', null, 'Ada', 'Hello', 60)]));
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
    // A page the browser does not let write to the clipboard (a permission refused, an insecure context).
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.reject(new DOMException('refused', 'NotAllowedError')) } });
    try {
      let copied: string | null = null;
      el.shadowRoot!.addEventListener('copy', (event) => {
        const field = event.composedPath()[0] as HTMLTextAreaElement;
        copied = field.value.slice(field.selectionStart, field.selectionEnd);
      });
      await copy(el, 'a');
      await waitUntil(() => copied !== null || !!$(el, '#comment-a [part~="form-error"]'), 'neither copied nor shown');
      if (copied !== null) {
        expect(copied).to.equal(new URL('#comment-a', location.href).href);
        await waitUntil(() => $(el, '#comment-a [part~="copy-link-button"]')?.textContent === 'Link copied.');
      } else {
        // An engine whose copy command needs more than a key press: the link is shown to copy by hand.
        expect($(el, '#comment-a [part~="form-error"]')!.textContent).to.contain(new URL('#comment-a', location.href).href);
      }
    } finally {
      delete (navigator as unknown as Record<string, unknown>)['clipboard'];
      if (clipboard && !('clipboard' in navigator)) Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
    }
  });
});

describe('reader: votes', () => {
  afterEach(() => document.getElementById('reader')?.remove());

  /** A real MemoryAdapter whose next vote fails, as a server that refuses or is unreachable would. */
  class RefusingVotes extends MemoryAdapter {
    refuse = false;
    override async vote(...args: Parameters<MemoryAdapter['vote']>) {
      if (this.refuse) throw new AdapterError('unavailable', 'The comment service is unavailable.');
      return super.vote(...args);
    }
  }

  const votesOf = (el: CommentThread, id: string) => {
    const article = $(el, `#comment-${id}`)!;
    const up = article.querySelector<HTMLButtonElement>('[part~="upvote"]');
    const down = article.querySelector<HTMLButtonElement>('[part~="downvote"]');
    return { up, down, score: article.querySelector('[part~="score"]')?.textContent, group: article.querySelector('[part~="votes"]')?.getAttribute('aria-label') };
  };

  it('votes up, changes to down and withdraws, shown at once and announced, the focus kept', async () => {
    const adapter = new MemoryAdapter({ comments: [{ ...sample('a', null, 'Ada', 'Hello', 60), score: 4 }, sample('b', null, 'Bo', 'Hi', 30)] });
    const el = await mountNamed(adapter, { votes: 'up-down' });
    expect(votesOf(el, 'a')).to.include({ score: '4', group: '4 points' });
    expect(votesOf(el, 'a').up!.getAttribute('aria-pressed')).to.equal('false');
    const label = $(el, '#comment-a')!.getAttribute('aria-label')!;
    expect(await accessibleNamed('#reader', 'button', `Upvote comment by ${label}`)).to.equal(1);
    const bo = $(el, '#comment-b')!;
    votesOf(el, 'a').up!.focus();
    await pressKeys('Enter');
    await waitUntil(() => votesOf(el, 'a').score === '5', 'the upvote was not shown');
    expect(votesOf(el, 'a').up!.getAttribute('aria-pressed')).to.equal('true');
    // Only the comment voted on was rebuilt.
    expect($(el, '#comment-b')).to.equal(bo);
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('vote-button upvote');
    await waitUntil(() => $(el, '[role="status"]')?.textContent === '5 points', 'the score was not announced');
    await expect(el).shadowDom.to.be.accessible();
    // Stored: a new reader of the same adapter sees the score and this visitor's vote.
    expect((await adapter.list('thread-1')).comments.find((c) => c.id === 'a')).to.include({ score: 5, myVote: 1 });
    votesOf(el, 'a').down!.click();
    await waitUntil(() => votesOf(el, 'a').score === '3');
    expect(votesOf(el, 'a').down!.getAttribute('aria-pressed')).to.equal('true');
    expect(votesOf(el, 'a').up!.getAttribute('aria-pressed')).to.equal('false');
    votesOf(el, 'a').down!.click();
    await waitUntil(() => votesOf(el, 'a').score === '4');
    expect(votesOf(el, 'a').down!.getAttribute('aria-pressed')).to.equal('false');
    expect((await adapter.list('thread-1')).comments.find((c) => c.id === 'a')!.myVote).to.equal(undefined);
  });

  it('rolls a failed vote back and says why under the comment', async () => {
    const adapter = new RefusingVotes({ comments: [sample('a', null, 'Ada', 'Hello', 60)] });
    const el = await mountNamed(adapter);
    // Upvotes only, by default.
    expect(votesOf(el, 'a').down).to.equal(null);
    adapter.refuse = true;
    votesOf(el, 'a').up!.click();
    await waitUntil(() => $(el, '#comment-a [part~="form-error"]'), 'no error shown');
    expect($(el, '#comment-a [part~="form-error"]')!.textContent).to.equal('Your vote could not be saved. The comment service is unavailable.');
    expect(votesOf(el, 'a')).to.include({ score: '0' });
    expect(votesOf(el, 'a').up!.getAttribute('aria-pressed')).to.equal('false');
    adapter.refuse = false;
    votesOf(el, 'a').up!.click();
    await waitUntil(() => votesOf(el, 'a').score === '1');
    expect($(el, '#comment-a [part~="form-error"]')).to.equal(null);
  });

  it('shows a score changed elsewhere, keeping this visitor’s own vote', async () => {
    const adapter = new Heard({ comments: [sample('a', null, 'Ada', 'Hello', 60)] });
    const el = await mountNamed(adapter);
    await waitUntil(() => adapter.listeners.length > 0);
    votesOf(el, 'a').up!.click();
    await waitUntil(() => votesOf(el, 'a').score === '1');
    // Another visitor's vote: a live change never says how this visitor voted.
    const { myVote: _mine, ...elsewhere } = (await adapter.list('thread-1')).comments[0]!;
    adapter.push({ type: 'updated', comment: { ...elsewhere, score: 2 } });
    await waitUntil(() => votesOf(el, 'a').score === '2');
    expect(votesOf(el, 'a').up!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('sorts by score with top, pinned comments first with a marker', async () => {
    const adapter = new MemoryAdapter({
      comments: [
        { ...sample('low', null, 'Ada', 'Low', 300), score: 1 },
        { ...sample('high', null, 'Bo', 'High', 200), score: 9 },
        { ...sample('pin', null, 'Cy', 'Pinned', 100), score: 0, pinned: true },
      ],
    });
    const el = await mountThread(adapter, { sort: 'top' });
    expect(articleTexts(el)).to.deep.equal(['Pinned', 'High', 'Low']);
    expect($(el, '#comment-pin [part~="pinned-badge"]')!.textContent).to.equal('Pinned');
    expect($(el, '#comment-high [part~="pinned-badge"]')).to.equal(null);
    expect(($(el, 'select[part~="sort"]') as HTMLSelectElement).value).to.equal('top');
    await expect(el).shadowDom.to.be.accessible();
    el.remove();
  });

  it('votes with the sample adapter (this browser’s storage), kept across a reload', async () => {
    const { LocalStorageAdapter, threadStorageKey } = await import('../../src/adapters/local-storage-adapter.js');
    await new LocalStorageAdapter().create({ threadId: 'thread-1', parentId: null, author: { name: 'Ada' }, body: 'Stored here' });
    try {
      // No adapter, no src: the element's own sample adapter, loaded in halves.
      const mountDefault = async () => {
        const el = document.createElement('comment-thread') as CommentThread;
        el.id = 'reader';
        el.setAttribute('thread-id', 'thread-1');
        document.body.append(el);
        await waitUntil(() => $$(el, '[part~="comment"]').length === 1, 'not shown');
        return el;
      };
      let el = await mountDefault();
      ($(el, '[part~="upvote"]') as HTMLButtonElement).click();
      await waitUntil(() => $(el, '[part~="score"]')!.textContent === '1', 'the vote was not shown');
      el.remove();
      el = await mountDefault();
      expect($(el, '[part~="upvote"]')!.getAttribute('aria-pressed')).to.equal('true');
      expect($(el, '[part~="score"]')!.textContent).to.equal('1');
    } finally {
      localStorage.removeItem(threadStorageKey('thread-1'));
    }
  });

  it('offers no votes where the adapter cannot vote, or with votes="off"', async () => {
    const el = await mountNamed(new NoVotes([sample('a', null, 'Ada', 'Hello', 60)]));
    expect($(el, '[part~="votes"]')).to.equal(null);
    el.remove();
    const off = await mountNamed(new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'Hello', 60)] }), { votes: 'off' });
    expect($(off, '[part~="votes"]')).to.equal(null);
  });
});

describe('reader: long sub-threads', () => {
  const KEY = 'comment-thread:v1:collapsed:thread-1';
  afterEach(() => {
    sessionStorage.removeItem(KEY);
    document.getElementById('reader')?.remove();
  });

  /** A root with `replies` direct replies, the first of which has two of its own. */
  function longThread(replies: number): Comment[] {
    const comments = [sample('root', null, 'Ada', 'Root', 500), sample('r0a', 'r0', 'Cy', 'Nested 1', 100), sample('r0b', 'r0', 'Dee', 'Nested 2', 90)];
    for (let i = 0; i < replies; i++) comments.push(sample(`r${i}`, 'root', 'Bo', `Reply ${i}`, 400 - i));
    return comments;
  }

  it('collapses and expands a sub-thread with a button that says how many replies it hides, kept for the session', async () => {
    const el = await mountNamed(new MemoryAdapter({ comments: longThread(2) }));
    const button = () => $(el, '#comment-root [part~="collapse-button"]') as HTMLButtonElement;
    expect(button().textContent).to.equal('Hide 4 replies');
    expect(button().getAttribute('aria-expanded')).to.equal('true');
    const label = $(el, '#comment-root')!.getAttribute('aria-label')!;
    expect(await accessibleNamed('#reader', 'button', `Hide 4 replies to ${label}`)).to.equal(1);
    // A reply's own sub-thread has its own button.
    expect(($(el, '#comment-r0 [part~="collapse-button"]') as HTMLButtonElement).textContent).to.equal('Hide 2 replies');
    button().focus();
    await pressKeys('Enter');
    await waitUntil(() => !$(el, '#comment-r0'), 'the replies were not hidden');
    expect(button().textContent).to.equal('Show 4 replies');
    expect(button().getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.activeElement).to.equal(button());
    await expect(el).shadowDom.to.be.accessible();
    // Another visit in this session finds it collapsed.
    el.remove();
    const again = await mountNamed(new MemoryAdapter({ comments: longThread(2) }));
    expect($(again, '#comment-r0')).to.equal(null);
    ($(again, '#comment-root [part~="collapse-button"]') as HTMLButtonElement).click();
    await waitUntil(() => $(again, '#comment-r0'));
    expect(sessionStorage.getItem(KEY)).to.equal(null);
  });

  it('shows the first few of many replies, then "N more replies", which reveals the rest in place', async () => {
    const el = await mountNamed(new MemoryAdapter({ comments: longThread(9) }));
    const replies = () => $$(el, '#comment-root + ol > li > article').map((a) => a.id);
    expect(replies()).to.deep.equal(['comment-r0', 'comment-r1', 'comment-r2']);
    const more = $(el, '[part~="more-replies-button"]') as HTMLButtonElement;
    expect(more.textContent).to.equal('Show 6 more replies');
    more.focus();
    await pressKeys('Enter');
    await waitUntil(() => replies().length === 9, 'the rest were not shown');
    expect($(el, '[part~="more-replies-button"]')).to.equal(null);
    // The focus goes to the first reply revealed.
    expect(el.shadowRoot!.activeElement?.id).to.equal('comment-r3');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('opens what hides a linked comment: a collapsed sub-thread, the rest of a long one', async () => {
    sessionStorage.setItem(KEY, JSON.stringify(['root']));
    const before = location.hash;
    history.replaceState(null, '', '#comment-r7');
    try {
      const el = await mountNamed(new MemoryAdapter({ comments: longThread(9) }));
      await waitUntil(() => el.shadowRoot!.activeElement?.id === 'comment-r7', 'the linked reply was not revealed');
      expect($(el, '#comment-r7')!.classList.contains('highlighted')).to.equal(true);
    } finally {
      history.replaceState(null, '', before || location.pathname);
    }
  });
});

describe('reader: live updates without losing your place', () => {
  afterEach(() => {
    document.getElementById('reader')?.remove();
    document.getElementById('spacer')?.remove();
    scrollTo(0, 0);
  });

  it('holds comments from elsewhere behind "Show N new comments", announced once, shown with the focus on the first', async () => {
    const adapter = new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'First', 60), sample('b', null, 'Bo', 'Second', 50)] });
    const el = await mountNamed(adapter);
    const before = articleTexts(el);
    await adapter.create({ threadId: 'thread-1', parentId: null, author: { name: 'Cy' }, body: 'New one' });
    // A moment later: the two sort by time, not by their random ids.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await adapter.create({ threadId: 'thread-1', parentId: null, author: { name: 'Dee' }, body: 'Newer one' });
    const bar = await waitUntil(() => $(el, '[part~="new-comments-button"]'), 'no "new comments" button').then(() => $(el, '[part~="new-comments-button"]')!);
    expect(bar.textContent).to.equal('Show 2 new comments');
    // Nothing moved in the meantime.
    expect(articleTexts(el)).to.deep.equal(before);
    const live = $(el, '[role="status"][aria-live="polite"]')!;
    await waitUntil(() => live.textContent === '2 new comments.', 'not announced', { timeout: 3000 });
    await expect(el).shadowDom.to.be.accessible();
    bar.focus();
    await pressKeys('Enter');
    await waitUntil(() => articleTexts(el).length === 4, 'not shown');
    expect(articleTexts(el)).to.deep.equal([...before, 'New one', 'Newer one']);
    expect($(el, '[part~="new-comments-button"]')).to.equal(null);
    await waitUntil(() => el.shadowRoot!.activeElement?.tagName === 'ARTICLE');
    expect(el.shadowRoot!.activeElement!.textContent).to.contain('New one');
    // Announced once: the live region is not told again.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(live.textContent).to.equal('2 new comments.');
  });

  it('holds replies from elsewhere behind "Show N new replies" on their comment', async () => {
    const adapter = new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'First', 60), sample('b', null, 'Bo', 'Second', 50)] });
    const el = await mountNamed(adapter);
    const reply = await adapter.create({ threadId: 'thread-1', parentId: 'a', author: { name: 'Cy' }, body: 'A reply' });
    await adapter.create({ threadId: 'thread-1', parentId: reply.id, author: { name: 'Dee' }, body: 'A reply to it' });
    await waitUntil(() => $(el, '#comment-a [part~="new-replies-button"]'), 'no "new replies" button');
    const button = $(el, '#comment-a [part~="new-replies-button"]') as HTMLButtonElement;
    expect(button.textContent).to.equal('Show 2 new replies');
    expect(await accessibleNamed('#reader', 'button', `Show 2 new replies to ${$(el, '#comment-a')!.getAttribute('aria-label')}`)).to.equal(1);
    // Not the thread's button: these wait on their comment.
    expect($(el, '[part~="new-comments-button"]')).to.equal(null);
    const bo = $(el, '#comment-b');
    button.click();
    await waitUntil(() => articleTexts(el).includes('A reply to it'), 'not shown');
    expect(articleTexts(el)).to.deep.equal(['First', 'A reply', 'A reply to it', 'Second']);
    await waitUntil(() => el.shadowRoot!.activeElement?.id === `comment-${reply.id}`, 'the first reply was not focused');
    expect($(el, '#comment-b')).to.equal(bo);
    expect($(el, '#comment-a [part~="new-replies-button"]')).to.equal(null);
  });

  it('keeps the page still when comments above the reader change or the button appears', async () => {
    const comments = Array.from({ length: 40 }, (_, i) => sample(`c${i}`, null, `Person ${i}`, `Comment ${i}\n\nwith a second paragraph`, 400 - i));
    const adapter = new MemoryAdapter({ comments });
    const el = await mountNamed(adapter);
    // A page longer than the view, read from the middle of the thread.
    const spacer = Object.assign(document.createElement('div'), { id: 'spacer' });
    spacer.style.height = '200vh';
    document.body.append(spacer);
    $(el, '#comment-c20')!.scrollIntoView({ block: 'start' });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const watched = $(el, '#comment-c20')!;
    const top = watched.getBoundingClientRect().top;
    // Above the reader: a comment grows, another goes, and new ones wait behind the button at the top.
    const [grown] = (await adapter.list('thread-1')).comments.filter((c) => c.id === 'c2');
    await adapter.update('thread-1', grown!.id, { body: 'Now much longer.\n\n'.repeat(12) });
    await adapter.remove('thread-1', 'c5');
    await adapter.create({ threadId: 'thread-1', parentId: null, author: { name: 'New' }, body: 'Arrived' });
    await waitUntil(() => $(el, '[part~="new-comments-button"]') && !$(el, '#comment-c5'), 'the changes did not arrive');
    await el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(Math.abs(watched.getBoundingClientRect().top - top), 'the comment read moved').to.be.below(2);
  });

  it('shows the reader’s own post at once, exactly once, announced once, even when its live echo comes first', async () => {
    /** Hears of the post (its live echo) before the post's own answer comes back, as a busy server may send it. */
    class EchoFirst extends MemoryAdapter {
      override async create(...args: Parameters<MemoryAdapter['create']>) {
        const saved = await super.create(...args);
        await new Promise((resolve) => setTimeout(resolve, 1200));
        return saved;
      }
    }
    const el = await mountNamed(new EchoFirst({ comments: [sample('a', null, 'Ada', 'First', 60)] }));
    const live = $(el, '[role="status"][aria-live="polite"]')!;
    const heard: string[] = [];
    new MutationObserver(() => live.textContent && heard.push(live.textContent)).observe(live, { childList: true, characterData: true, subtree: true });
    // Never shown twice, not even for a moment.
    let most = 0;
    new MutationObserver(() => (most = Math.max(most, articleTexts(el).filter((text) => text === 'My own comment').length))).observe(el.shadowRoot!, {
      childList: true,
      subtree: true,
    });
    const form = await formReady(composer(el));
    await typeInto(form, 'body', '  My own comment  ');
    await form.submit();
    await waitUntil(() => !$(el, '.pending') && articleTexts(el).includes('My own comment'), 'not posted', { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(articleTexts(el).filter((text) => text === 'My own comment')).to.have.length(1);
    expect(most).to.equal(1);
    expect($(el, '[part~="new-comments-button"]')).to.equal(null);
    expect(heard).to.deep.equal(['Your comment was posted.']);
  });

  it('says a post held for moderation is held, not posted', async () => {
    /** A store that holds every new comment for a moderator, as the server's --moderation all. */
    class Moderated extends MemoryAdapter {
      override async create(...args: Parameters<MemoryAdapter['create']>) {
        return { ...(await super.create(...args)), status: 'pending' as const };
      }
    }
    const el = await mountNamed(new Moderated({ comments: [sample('a', null, 'Ada', 'First', 60)] }));
    const form = await formReady(composer(el));
    await typeInto(form, 'body', 'Held for review');
    await form.submit();
    await waitUntil(() => $(el, '[role="status"][aria-live="polite"]')!.textContent === 'Your comment was received and is held for moderation.', 'not said');
  });
});

describe('reader: moving between comments by keyboard', () => {
  afterEach(() => document.getElementById('reader')?.remove());

  it('moves to the next comment with j and back with k, without stopping on every link, and not while typing', async () => {
    const el = await mountNamed(new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'First', 60), sample('b', 'a', 'Bo', 'Reply', 50), sample('c', null, 'Cy', 'Second', 40)] }));
    ($(el, '#comment-a [part~="permalink"]') as HTMLElement).focus();
    await pressKeys('j');
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'comment-b', 'j did not move on');
    await pressKeys('j');
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'comment-c');
    // The last: j stays.
    await pressKeys('j');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(el.shadowRoot!.activeElement?.id).to.equal('comment-c');
    await pressKeys('k');
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'comment-b', 'k did not move back');
    // Read as its name: author and date.
    expect(el.shadowRoot!.activeElement!.getAttribute('aria-label')).to.match(/^Bo, /);
    // Typing a j in the form types it.
    const form = await formReady(composer(el));
    const field = form.shadowRoot!.querySelector('textarea')!;
    field.focus();
    await pressKeys('j');
    expect(field.value).to.equal('j');
    expect(el.shadowRoot!.activeElement).to.equal(form);
  });
});

describe('reader: loading="lazy"', () => {
  afterEach(() => {
    document.getElementById('reader')?.remove();
    document.getElementById('spacer')?.remove();
    scrollTo(0, 0);
  });

  /** A MemoryAdapter that counts its reads. */
  class Counted extends MemoryAdapter {
    reads = 0;
    override list(...args: Parameters<MemoryAdapter['list']>) {
      this.reads++;
      return super.list(...args);
    }
  }

  it('reads and shows nothing until the element comes near the view, then all of it', async () => {
    const spacer = Object.assign(document.createElement('div'), { id: 'spacer' });
    spacer.style.height = '400vh';
    document.body.append(spacer);
    const adapter = new Counted({ comments: [sample('a', null, 'Ada', 'Far down the page', 60)] });
    const el = document.createElement('comment-thread') as CommentThread;
    el.id = 'reader';
    el.setAttribute('thread-id', 'thread-1');
    el.setAttribute('loading', 'lazy');
    el.adapter = adapter;
    document.body.append(el);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(adapter.reads, 'read before it came near').to.equal(0);
    expect($(el, 'article')).to.equal(null);
    el.scrollIntoView();
    await waitUntil(() => $$(el, 'article').length === 1, 'not shown once near');
    expect(adapter.reads).to.equal(1);
    await expect(el).shadowDom.to.be.accessible();
  });

  it('reads at once without loading="lazy", wherever it is', async () => {
    const spacer = Object.assign(document.createElement('div'), { id: 'spacer' });
    spacer.style.height = '400vh';
    document.body.append(spacer);
    const adapter = new Counted({ comments: [sample('a', null, 'Ada', 'Far down the page', 60)] });
    const el = await mountNamed(adapter);
    expect(adapter.reads).to.equal(1);
    expect($$(el, 'article')).to.have.length(1);
  });
});

describe('reader: focus after a failed post', () => {
  afterEach(() => document.getElementById('reader')?.remove());

  it('puts the focus on "Try again" when a post pressed from its button fails, never on the page', async () => {
    const { SwitchableAdapter } = await import('../helpers.js');
    const adapter = new SwitchableAdapter([sample('a', null, 'Ada', 'First', 60)]);
    const el = await mountNamed(adapter);
    const form = await formReady(composer(el));
    await typeInto(form, 'body', 'This will fail first');
    adapter.failCreate = new AdapterError('network', 'Network is down.');
    const submit = form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!;
    submit.focus();
    await pressKeys('Enter');
    await waitUntil(() => form.shadowRoot!.querySelector('[part~="form-error"]'), 'no error shown');
    await waitUntil(() => form.shadowRoot!.activeElement?.getAttribute('part') === 'retry-button', 'the focus is not on Try again');
    expect(form.shadowRoot!.querySelector('textarea')!.value).to.equal('This will fail first');
    adapter.failCreate = null;
    await pressKeys('Enter');
    await waitUntil(() => articleTexts(el).includes('This will fail first'), 'the retry did not post');
  });
});

describe('reader: what a review found', () => {
  const KEY = 'comment-thread:v1:sort';
  afterEach(() => {
    localStorage.removeItem(KEY);
    document.getElementById('reader')?.remove();
  });

  it('shows a comment the moderator approved as approved, and ignores changes to comments on pages not read', async () => {
    const held = { ...sample('p', null, 'Ada', 'Waiting for a moderator', 30), status: 'pending' as const };
    const adapter = new Heard({ comments: [sample('a', null, 'Bo', 'First', 60), held] });
    const el = await mountNamed(adapter);
    await waitUntil(() => adapter.listeners.length > 0);
    expect($(el, '#comment-p')!.textContent).to.contain('awaiting moderation');
    // Approved: the server sends it as created for everyone, its author included.
    adapter.push({ type: 'created', comment: { ...held, status: 'published' } });
    await waitUntil(() => !$(el, '#comment-p')!.textContent!.includes('awaiting moderation'), 'still marked as awaiting moderation');
    expect($(el, '[part~="new-comments-button"]')).to.equal(null);
    // A vote on a comment of a page not read: nothing to show, and no "new comment".
    adapter.push({ type: 'updated', comment: { ...sample('far', null, 'Cy', 'On page 3', 900), score: 4 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect($(el, '[part~="new-comments-button"]')).to.equal(null);
    expect($(el, '#comment-far')).to.equal(null);
  });

  it('keeps a removed comment with held replies as a placeholder, its replies still one press away', async () => {
    const adapter = new Heard({ comments: [sample('a', null, 'Ada', 'First', 60), sample('b', null, 'Bo', 'Second', 50)] });
    const el = await mountNamed(adapter);
    await waitUntil(() => adapter.listeners.length > 0);
    adapter.push({ type: 'created', comment: sample('r', 'a', 'Cy', 'A reply from elsewhere', 1) });
    await waitUntil(() => $(el, '#comment-a [part~="new-replies-button"]'), 'no "new replies" button');
    adapter.push({ type: 'removed', id: 'a' });
    await waitUntil(() => $(el, '#comment-a')?.classList.contains('deleted'), 'not a placeholder');
    ($(el, '#comment-a [part~="new-replies-button"]') as HTMLButtonElement).click();
    await waitUntil(() => articleTexts(el).includes('A reply from elsewhere'), 'the held reply never showed');
  });

  it('shows a reply in full where the sub-thread is long or collapsed: the reader’s own, and one revealed', async () => {
    const comments = [sample('root', null, 'Ada', 'Root', 500)];
    for (let i = 0; i < 6; i++) comments.push(sample(`r${i}`, 'root', 'Bo', `Reply ${i}`, 400 - i));
    const el = await mountNamed(new MemoryAdapter({ comments }));
    expect($(el, '[part~="more-replies-button"]')).to.exist;
    ($(el, '#comment-root [part~="reply-button"]') as HTMLButtonElement).click();
    await waitUntil(() => inlineForm(el), 'no reply form');
    const form = await formReady(inlineForm(el)!);
    await typeInto(form, 'body', 'My own late reply');
    await form.submit();
    await waitUntil(() => deepActiveElement()?.tagName === 'ARTICLE', 'the new reply was not focused');
    expect(deepActiveElement()!.textContent).to.contain('My own late reply');
  });

  it('sorts as picked even when the page’s attribute already names that order', async () => {
    localStorage.setItem(KEY, 'newest');
    const el = await mountThread(new NoVotes([sample('a', null, 'Ada', 'Oldest', 300), sample('b', null, 'Bo', 'Newest', 100)]), { sort: 'oldest' });
    expect(articleTexts(el)[0]).to.equal('Newest');
    const select = $(el, 'select[part~="sort"]') as HTMLSelectElement;
    select.value = 'oldest';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(articleTexts(el)[0]).to.equal('Oldest');
    el.remove();
  });

  it('goes back to what the store confirmed when quick votes fail, and offers no top without votes', async () => {
    class Offline extends MemoryAdapter {
      down = false;
      override async vote(...args: Parameters<MemoryAdapter['vote']>) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (this.down) throw new AdapterError('network', 'The comment service cannot be reached.');
        return super.vote(...args);
      }
    }
    const adapter = new Offline({ comments: [{ ...sample('a', null, 'Ada', 'Hello', 60), score: 2 }, sample('b', null, 'Bo', 'Hi', 50)] });
    const el = await mountNamed(adapter, { votes: 'up-down' });
    adapter.down = true;
    ($(el, '#comment-a [part~="upvote"]') as HTMLButtonElement).click();
    ($(el, '#comment-a [part~="downvote"]') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '#comment-a [part~="form-error"]'), 'no error');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect($(el, '#comment-a [part~="score"]')!.textContent).to.equal('2');
    expect($(el, '#comment-a [aria-pressed="true"]')).to.equal(null);
    el.remove();
    const off = await mountNamed(new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'Hello', 60), sample('b', null, 'Bo', 'Hi', 50)] }), { votes: 'off' });
    expect([...($(off, 'select[part~="sort"]') as HTMLSelectElement).options].map((o) => o.value)).to.deep.equal(['oldest', 'newest']);
  });
});
