import { expect, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import type { AdapterCapabilities, Comment, ListOptions, StorageAdapter } from '../../src/adapters/storage-adapter.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import '../../src/define.js';
import { accessibleNamed, pressKeys } from '../commands.js';
import { $, $$, articleTexts, mountThread, sample } from '../helpers.js';

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
