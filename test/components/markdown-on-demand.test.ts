import { expect, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import { $, attachThread, mountThread, sample, showArrivals } from '../helpers.js';

/** Whether this page has requested the Markdown renderer's module. */
const rendererRequested = (): boolean => performance.getEntriesByType('resource').some((entry) => /\/src\/core\/markdown\.ts/.test(entry.name));

// In this order: the first test needs a page that has not loaded the renderer. The second
// may find it loaded already, by the write path (which loads when the page is idle).
describe('<comment-thread> loads its Markdown renderer only for comments without html', () => {
  it('paints comments that come with their html without loading the renderer', async () => {
    const comments = [{ ...sample('a', null, 'Ada', 'the source'), html: '<p>Stored <em>html</em></p>' }];
    const { el } = attachThread(new MemoryAdapter({ comments }));
    // Looked at as the comments appear: later, the write path (loaded when idle) brings the renderer.
    const requestedAtPaint = await new Promise<boolean>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!$(el, '#comment-a')) return;
        observer.disconnect();
        resolve(rendererRequested());
      });
      observer.observe(el.shadowRoot!, { childList: true, subtree: true });
    });
    expect(requestedAtPaint).to.equal(false);
    expect($(el, '#comment-a [part~="body"] em')!.textContent).to.equal('html');
    expect($(el, '#comment-a')!.textContent).to.not.contain('the source');
    el.remove();
  });

  it('formats a live comment without html once the renderer has loaded, without hiding the thread meanwhile', async () => {
    const adapter = new MemoryAdapter({ comments: [{ ...sample('a', null, 'Ada', 'x'), html: '<p>Stored</p>' }] });
    const el = await mountThread(adapter);
    let hidden = false;
    const observer = new MutationObserver(() => (hidden ||= !$(el, '#comment-a')));
    observer.observe(el.shadowRoot!, { childList: true, subtree: true });
    const created = await adapter.create({ threadId: 'thread-1', parentId: null, author: { name: 'Live' }, body: 'Now *formatted*' });
    await showArrivals(el);
    await waitUntil(() => $(el, `#comment-${created.id} [part~="body"] em`)?.textContent === 'formatted', 'the live comment was never formatted');
    observer.disconnect();
    expect(rendererRequested()).to.equal(true);
    expect(hidden, 'the thread went back to loading').to.equal(false);
    expect($(el, '#comment-a [part~="body"]')!.textContent).to.equal('Stored');
    el.remove();
  });
});
