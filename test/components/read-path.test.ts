import { expect, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import { $, attachThread, deepActiveElement, inlineForm, sample } from '../helpers.js';

/** Modules of the write path the browser has requested so far. */
const writePathRequested = () =>
  performance.getEntriesByType('resource').filter((entry) => /\/src\/(write\/|components\/comment-form\/)/.test(entry.name)).length;

describe('<comment-thread> read path', () => {
  it('paints the first comments before anything of the write path is requested, then loads it when idle', async () => {
    // Without `html`: the Markdown renderer loads first (this page has not loaded it yet).
    const comments = [sample('a', null, 'Ada', 'First *one*'), sample('b', 'a', 'Bo', 'Reply')];
    const { el } = attachThread(new MemoryAdapter({ comments }));
    const atFirstComment = await new Promise<{ requested: number; emphasis: string | undefined }>((resolve) => {
      const observer = new MutationObserver(() => {
        const article = el.shadowRoot!.querySelector('article');
        if (!article) return;
        observer.disconnect();
        resolve({ requested: writePathRequested(), emphasis: article.querySelector('[part~="body"] em')?.textContent ?? undefined });
      });
      observer.observe(el.shadowRoot!, { childList: true, subtree: true });
    });
    expect(atFirstComment.requested).to.equal(0);
    // Never plain text first and formatted later.
    expect(atFirstComment.emphasis).to.equal('one');
    expect(customElements.get('comment-thread-form')).to.equal(undefined);
    // The composer waits for it in a box of its own size.
    expect($(el, '#composer comment-thread-form')!.getBoundingClientRect().height).to.be.greaterThan(100);
    await waitUntil(() => customElements.get('comment-thread-form'), 'the write path did not load when idle', { timeout: 6000 });
    expect(writePathRequested()).to.be.greaterThan(0);
    el.remove();
  });

  it('opens the reply form at the first click on Reply and focuses it', async () => {
    const { el, loaded } = attachThread(new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'First')] }));
    await loaded;
    await el.updateComplete;
    $(el, '#comment-a [part~="reply-button"]')!.click();
    await waitUntil(() => deepActiveElement()?.localName === 'textarea', 'the reply form did not take the focus');
    expect(inlineForm(el)!.parentId).to.equal('a');
    el.remove();
  });
});
