import { expect, waitUntil } from '@open-wc/testing';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import '../../src/define.js';
import { composer, formReady, typeInto } from '../helpers.js';
import { countEntries, countServer, freshThread, mount, seedServer, seedStorage, settled, shown, storedComment, unmount } from './count-fixtures.js';

/**
 * `<comment-count>` as the drop-in bundle registers it (`src/define.ts`): a stand-in class that
 * loads the counting (`count/bundled-count.ts`, the chunk `comment-thread.count-HASH.js`) when the
 * first element connects.
 */

/** Whether the page has requested the counting module so far. */
const countingRequested = (): boolean => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/src/count/bundled-count.ts'));

describe('<comment-count> in the drop-in bundle', () => {
  it('loads the counting only once an element connects, and still answers a page with one request', async () => {
    expect(customElements.get('comment-count')).to.exist;
    // A page with the thread alone never loads it.
    expect(countingRequested()).to.equal(false);

    const server = await countServer();
    const [a, b] = [freshThread('lazy-a'), freshThread('lazy-b')];
    await seedServer(a, 2);
    await seedServer(b, 1);
    const elements = mount([a, b, a].map((thread) => ({ src: server.base, 'thread-id': thread })), { lang: 'en' });
    // Until the counting arrives, the page's own text shows.
    expect(elements.map((el) => el.textContent)).to.deep.equal(['Comments', 'Comments', 'Comments']);
    await settled(elements);
    expect(countingRequested()).to.equal(true);
    expect(elements.map(shown)).to.deep.equal(['2 comments', '1 comment', '2 comments']);
    expect(await server.countRequests()).to.equal(1);
    expect(countEntries(server.base)).to.equal(1);

    // Elements added later: another batch, and thread-id changes are watched too.
    const later = mount([{ src: server.base, 'thread-id': freshThread('lazy-none') }], { lang: 'de' });
    await settled(later);
    expect(shown(later[0]!)).to.equal('Keine Kommentare');
    later[0]!.setAttribute('thread-id', b);
    await waitUntil(() => shown(later[0]!) === '1 Kommentar', 'a changed thread-id was not counted');
    expect(await server.countRequests()).to.equal(3);
    unmount([...elements, ...later]);
  });

  it('counts a comment posted by a <comment-thread> of the same page at once (sample adapter)', async () => {
    const threadId = freshThread('same-page');
    seedStorage(threadId, [storedComment(threadId, 'first')]);
    const [count] = mount([{ 'thread-id': threadId }], { lang: 'en' });
    await settled([count!]);
    expect(shown(count!)).to.equal('1 comment');

    const thread = document.createElement('comment-thread') as CommentThread;
    thread.setAttribute('thread-id', threadId);
    document.body.append(thread);
    try {
      await waitUntil(() => thread.shadowRoot?.querySelector('[part~="list"]'), 'the thread did not show its comment');
      await typeInto(composer(thread), 'name', 'Ann');
      await typeInto(composer(thread), 'body', 'Counted at once');
      await (await formReady(composer(thread))).submit();
      await waitUntil(() => shown(count!) === '2 comments', 'the count did not follow the post', { timeout: 10_000 });
    } finally {
      thread.remove();
      unmount([count!]);
    }
  });
});
