import { expect, waitUntil } from '@open-wc/testing';
import '../../src/count/define-count.js';
import { CommentCount } from '../../src/count/define-count.js';
import type { CountErrorDetail } from '../../src/count/count-error.js';
import { accessibleCount } from '../commands.js';
import { countEntries, countServer, freshThread, mount, seedServer, seedStorage, settled, shown, storedComment, unmount } from './count-fixtures.js';

/**
 * `<comment-count>` as the standalone `comment-count.js` registers it (`CommentCount`), against
 * the real comment server the test runner starts (through a scope of its fault proxy, whose log
 * says how many count requests reached the server), and against this browser's storage.
 */

/** WebKit (whose driver cannot read a link's role), not Chromium. */
const isWebKit = /AppleWebKit/.test(navigator.userAgent) && !/Chrome/.test(navigator.userAgent);

/** Collects the `ct-count-error` events that reach the document meanwhile. */
function countErrors(): { events: Array<CustomEvent<CountErrorDetail>>; stop: () => void } {
  const events: Array<CustomEvent<CountErrorDetail>> = [];
  const listener = (event: Event): void => void events.push(event as CustomEvent<CountErrorDetail>);
  document.addEventListener('ct-count-error', listener);
  return { events, stop: () => document.removeEventListener('ct-count-error', listener) };
}

describe('<comment-count>', () => {
  it('is the CommentCount class, a plain HTMLElement', () => {
    expect(customElements.get('comment-count')).to.equal(CommentCount);
    expect(Object.getPrototypeOf(CommentCount)).to.equal(HTMLElement);
  });

  it('answers every element of a page that shares a server with one request, and a later one with another', async () => {
    const server = await countServer();
    const [a, b, empty] = [freshThread('a'), freshThread('b'), freshThread('empty')];
    await seedServer(a, 3);
    await seedServer(b, 1);
    const first = mount([a, b, empty, a].map((thread) => ({ src: server.base, 'thread-id': thread })), { lang: 'en' });
    // The fallback shows until the count arrives.
    expect(first.map(shown)).to.deep.equal(['Comments', 'Comments', 'Comments', 'Comments']);
    await settled(first);
    expect(first.map(shown)).to.deep.equal(['3 comments', '1 comment', 'No comments', '3 comments']);
    expect(first.map((el) => el.getAttribute('state'))).to.deep.equal(['loaded', 'loaded', 'loaded', 'loaded']);
    expect(first.map((el) => el.getAttribute('count'))).to.deep.equal(['3', '1', '0', '3']);
    // Seen by the server's proxy and by the browser itself.
    expect(await server.countRequests()).to.equal(1);
    expect(countEntries(server.base)).to.equal(1);

    const later = mount([{ src: server.base, 'thread-id': b }], { lang: 'en' });
    await settled(later);
    expect(shown(later[0]!)).to.equal('1 comment');
    expect(await server.countRequests()).to.equal(2);
    unmount([...first, ...later]);
  });

  it('splits more threads than one request may name (100) over several requests', async () => {
    const server = await countServer();
    const elements = mount(Array.from({ length: 150 }, (_, i) => ({ src: server.base, 'thread-id': freshThread(`many-${i}`) })), { lang: 'en' });
    await settled(elements);
    expect(new Set(elements.map(shown))).to.deep.equal(new Set(['No comments']));
    expect(await server.countRequests()).to.equal(2);
    unmount(elements);
  });

  it('says it in English and German, by the plural rules and number format of the nearest lang', async () => {
    const big = freshThread('big');
    seedStorage(
      big,
      Array.from({ length: 1234 }, (_, i) => storedComment(big, `c${i}`)),
    );
    const one = freshThread('one');
    seedStorage(one, [storedComment(one, 'only')]);
    const none = freshThread('none');
    const threads = [none, one, big];
    const english = mount(threads.map((thread) => ({ 'thread-id': thread })), { lang: 'en-GB' });
    const german = mount(threads.map((thread) => ({ 'thread-id': thread })), { lang: 'de-DE' });
    // Its own lang wins over its ancestors'; a region takes its language's words and its own numbers.
    const own = mount([{ 'thread-id': big, lang: 'de-AT' }], { lang: 'en' });
    await settled([...english, ...german, ...own]);
    expect(english.map(shown)).to.deep.equal(['No comments', '1 comment', '1,234 comments']);
    expect(german.map(shown)).to.deep.equal(['Keine Kommentare', '1 Kommentar', '1.234 Kommentare']);
    expect(shown(own[0]!)).to.equal(`${new Intl.NumberFormat('de-AT').format(1234)} Kommentare`);
    unmount([...english, ...german, ...own]);
  });

  it('takes a page’s own labels from label-* attributes, as text', async () => {
    const one = freshThread('labels-one');
    seedStorage(one, [storedComment(one, 'x')]);
    const two = freshThread('labels-two');
    seedStorage(two, [storedComment(two, 'x'), storedComment(two, 'y')]);
    const labels = { 'label-zero': 'Be the <b>first</b>', 'label-one': '# <img src=x onerror="window.pwned=1"> reply', 'label-other': '# replies' };
    const elements = mount(
      [freshThread('labels-none'), one, two].map((thread) => ({ 'thread-id': thread, ...labels })),
      { lang: 'en' },
    );
    await settled(elements);
    expect(elements.map(shown)).to.deep.equal(['Be the <b>first</b>', '1 <img src=x onerror="window.pwned=1"> reply', '2 replies']);
    for (const el of elements) expect(el.shadowRoot!.querySelector('b, img')).to.equal(null);
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
    unmount(elements);
  });

  it('with href is a link to it whose name is the count', async () => {
    const server = await countServer();
    const thread = freshThread('link');
    await seedServer(thread, 2);
    const [el] = mount([{ src: server.base, 'thread-id': thread, href: '/2010/06/09/shared-leadership/#comments', id: 'count-link' }], { lang: 'en' });
    const link = el!.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~="link"]')!;
    // A link from the start, named by the page's fallback meanwhile.
    expect(link.href).to.equal(new URL('/2010/06/09/shared-leadership/#comments', location.href).href);
    await settled([el!]);
    const linkNow = el!.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~="link"]')!;
    expect(linkNow.textContent).to.equal('2 comments');
    expect(linkNow.hasAttribute('aria-label') || linkNow.hasAttribute('title') || linkNow.hasAttribute('aria-labelledby')).to.equal(false);
    // The browser's own accessibility tree holds the link. (WebKit's driver reads the roles of
    // articles only: scripts/test-commands.mjs.)
    if (!isWebKit) expect(await accessibleCount('#count-link', 'link')).to.equal(1);
    // Without href, text.
    const [text] = mount([{ src: server.base, 'thread-id': thread }], { lang: 'en' });
    await settled([text!]);
    expect(text!.shadowRoot!.querySelector('a')).to.equal(null);
    expect(shown(text!)).to.equal('2 comments');
    unmount([el!, text!]);
  });

  it('colours its link as the text around it, or --ct-count-link-color; a page’s ::part(link) rule wins over both', async () => {
    const server = await countServer();
    const thread = freshThread('colour');
    const style = document.createElement('style');
    style.textContent = '.parted::part(link) { color: rgb(9, 9, 9) }';
    document.head.append(style);
    const custom = '--ct-count-link-color: rgb(1, 2, 3)';
    const elements = mount(
      [
        { src: server.base, 'thread-id': thread, href: '/colour/' },
        { src: server.base, 'thread-id': thread, href: '/colour/', style: custom },
        { src: server.base, 'thread-id': thread, href: '/colour/', style: custom, class: 'parted' },
      ],
      { lang: 'en', style: 'color: rgb(4, 5, 6)' },
    );
    await settled(elements);
    const colour = (el: HTMLElement) => getComputedStyle(el.shadowRoot!.querySelector('a[part~="link"]')!).color;
    expect(elements.map(colour)).to.deep.equal(['rgb(4, 5, 6)', 'rgb(1, 2, 3)', 'rgb(9, 9, 9)']);
    style.remove();
    unmount(elements);
  });

  it('without thread-id counts the path of its href, or else this page’s thread by <comment-thread>’s rule', async () => {
    const server = await countServer();
    const post = freshThread('by-href');
    await seedServer(post, 2);
    const canonical = freshThread('canonical');
    seedStorage(canonical, [storedComment(canonical, 'a'), storedComment(canonical, 'b'), storedComment(canonical, 'c')]);
    const link = Object.assign(document.createElement('link'), { rel: 'canonical', href: `${canonical}?utm_source=x` });
    document.head.append(link);
    try {
      const elements = mount([{ src: server.base, href: `${post}#comments` }, {}], { lang: 'en' });
      await settled(elements);
      expect(elements.map(shown)).to.deep.equal(['2 comments', '3 comments']);
      unmount(elements);
    } finally {
      link.remove();
    }
  });

  it('keeps its fallback, says state="error" and fires ct-count-error when the server is down or answers an error', async () => {
    const errors = countErrors();
    const server = await countServer();
    await server.failCounts(503);
    // Port 2 on this machine: nothing listens there.
    const down = 'http://127.0.0.1:2';
    const [failing, unreachable] = mount(
      [
        { src: server.base, 'thread-id': freshThread('503'), href: '/somewhere/' },
        { src: down, 'thread-id': freshThread('down') },
      ],
      { lang: 'en' },
      'Comments (see the post)',
    );
    await settled([failing!, unreachable!]);
    errors.stop();
    for (const el of [failing!, unreachable!]) {
      expect(el.getAttribute('state')).to.equal('error');
      expect(el.hasAttribute('count')).to.equal(false);
      expect(shown(el)).to.equal('Comments (see the post)');
    }
    // The link stays a link, named by the fallback.
    expect(failing!.shadowRoot!.querySelector('a[part~="link"] slot')).to.exist;
    expect(errors.events.map((e) => e.target)).to.have.members([failing, unreachable]);
    const byTarget = new Map(errors.events.map((e) => [e.target, e.detail]));
    expect(String((byTarget.get(failing) as CountErrorDetail).error)).to.contain('503');
    expect(byTarget.get(unreachable)!.error).to.be.instanceOf(TypeError);
    expect(byTarget.get(unreachable)!.threadId).to.equal(unreachable!.getAttribute('thread-id'));
    unmount([failing!, unreachable!]);
  });

  it('counts this browser’s published comments without src: not pending, deleted, pingbacks or unreadable entries', async () => {
    const thread = freshThread('local');
    seedStorage(thread, [
      storedComment(thread, 'plain'),
      storedComment(thread, 'published', { status: 'published', kind: 'comment' }),
      storedComment(thread, 'reply', { parentId: 'plain' }),
      storedComment(thread, 'pending', { status: 'pending' }),
      storedComment(thread, 'deleted', { status: 'deleted', body: '' }),
      storedComment(thread, 'ping', { kind: 'pingback' }),
      storedComment(thread, 'track', { kind: 'trackback' }),
      storedComment(thread, 'plain'), // the same id again
      { id: 'broken' }, // no comment at all
      storedComment('/another-thread/', 'elsewhere'),
    ]);
    const [el] = mount([{ 'thread-id': thread }], { lang: 'en' });
    await settled([el!]);
    expect(shown(el!)).to.equal('3 comments');
    unmount([el!]);
  });

  it('counts again when another tab changes the stored comments', async () => {
    const thread = freshThread('live');
    seedStorage(thread, [storedComment(thread, 'a')]);
    const [el] = mount([{ 'thread-id': thread }], { lang: 'en' });
    await settled([el!]);
    expect(shown(el!)).to.equal('1 comment');
    // Another document of this origin writes: the browser fires `storage` here.
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      frame.contentWindow!.localStorage.setItem(`comment-thread:v1:thread:${thread}`, JSON.stringify([storedComment(thread, 'a'), storedComment(thread, 'b')]));
      await waitUntil(() => shown(el!) === '2 comments', 'the count did not follow the other document’s change', { timeout: 10_000 });
    } finally {
      frame.remove();
      unmount([el!]);
    }
  });

  it('counts again when its thread-id, src or href changes', async () => {
    const server = await countServer();
    const local = freshThread('switch-local');
    seedStorage(local, [storedComment(local, 'a')]);
    const remote = freshThread('switch-remote');
    await seedServer(remote, 2);
    const [el] = mount([{ 'thread-id': freshThread('switch-none') }], { lang: 'en' });
    await settled([el!]);
    expect(shown(el!)).to.equal('No comments');
    el!.setAttribute('thread-id', local);
    await waitUntil(() => shown(el!) === '1 comment', 'a new thread-id was not counted', { timeout: 5000 });
    el!.setAttribute('src', server.base);
    el!.setAttribute('thread-id', remote);
    // (The first count from a server loads the counting's HTTP half: on a busy machine, more than a second.)
    await waitUntil(() => shown(el!) === '2 comments', 'a new src was not counted', { timeout: 5000 });
    expect(await server.countRequests()).to.equal(1);
    el!.setAttribute('href', '/elsewhere/');
    await waitUntil(() => el!.shadowRoot!.querySelector('a[part~="link"]'), 'a new href made no link');
    await settled([el!]);
    expect(shown(el!)).to.equal('2 comments');
    unmount([el!]);
  });

  it('sends hostile thread ids as data, shows them nowhere as markup, and refuses ones the server would not take without failing the others', async () => {
    const errors = countErrors();
    const server = await countServer();
    const markup = `<img src=x onerror="window.pwned=1">${freshThread('markup')}`;
    await seedServer(markup, 1);
    await seedServer('__proto__', 1);
    const tooLong = `/${'x'.repeat(600)}`;
    const control = `/count-test/bell\u0007/`;
    const ids = [markup, '__proto__', 'constructor', 'toString', tooLong, control];
    const elements = mount(
      ids.map((thread) => ({ src: server.base, 'thread-id': thread, href: 'javascript:window.pwned=1' })),
      { lang: 'en' },
    );
    await settled(elements);
    errors.stop();
    const [markupEl, proto, ctor, toStr, long, bell] = elements;
    expect(shown(markupEl!)).to.equal('1 comment');
    expect(Number(proto!.getAttribute('count'))).to.be.at.least(1);
    expect(shown(ctor!)).to.equal('No comments');
    expect(shown(toStr!)).to.equal('No comments');
    // Refused before asking: the request for the others went out (once) and answered.
    for (const el of [long!, bell!]) expect(el.getAttribute('state')).to.equal('error');
    expect(errors.events.map((e) => e.target)).to.have.members([long, bell]);
    expect(await server.countRequests()).to.equal(1);
    for (const el of elements) {
      // A javascript: href makes no link; nothing from the ids became markup.
      expect(el.shadowRoot!.querySelector('a, img')).to.equal(null);
    }
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
    unmount(elements);
  });
});
