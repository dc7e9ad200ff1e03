import { expect, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { $, $$, sample } from '../helpers.js';

/**
 * `<comment-thread>` as Lit's server rendering sends it (test/node/ssr.test.mjs checks that
 * output): a declarative shadow root with the styles, the heading and an empty list, and Lit's
 * markers. The styles are shortened here; the element's own come from its adopted sheets.
 */
const SERVER_HTML =
  '<comment-thread thread-id="thread-1" max-depth="4" sort="oldest"><template shadowroot="open" shadowrootmode="open">' +
  '<style>.base { display: grid; }</style><!--lit-part 1iJhEe2nOJw=-->' +
  '<section part="base" class="base" aria-labelledby="heading"><header part="header" class="header"><h2 id="heading" part="heading"><!--lit-part-->Comments<!--/lit-part--></h2></header><ol part="list" class="list" role="list"></ol></section>' +
  '<!--/lit-part--></template></comment-thread>';

describe('<comment-thread> rendered on a server', () => {
  let holder: HTMLElement;

  afterEach(() => holder?.remove());

  it('upgrades in the shadow root the page came with, and replaces what the server rendered', async () => {
    holder = document.createElement('div');
    // The page's HTML as the browser parses it (all three engines here have setHTMLUnsafe): the
    // shadow root is there before the element connects. (Chromium and WebKit construct the
    // element as they parse it, before its shadow root; Firefox upgrades it as it connects.)
    holder.setHTMLUnsafe(SERVER_HTML);
    const el = holder.firstElementChild as CommentThread;
    const root = el.shadowRoot!;
    expect(root, 'the declarative shadow root').to.exist;
    expect(root.querySelector('h2')!.textContent).to.equal('Comments');
    // Set before it connects (and, in Firefox, before the upgrade, which takes it over).
    el.adapter = new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'Rendered in the browser')] });
    document.body.append(holder);

    expect(el).to.be.instanceOf(customElements.get('comment-thread')!);
    await waitUntil(() => $(el, 'article'), 'no comment rendered');
    await el.updateComplete;
    expect(el.shadowRoot, 'the same shadow root').to.equal(root);
    // One section: the element's, in place of the server's, and no server styles left over.
    expect([...root.children].map((child) => child.localName)).to.deep.equal(['section']);
    expect($$(el, '[part~="base"]')).to.have.length(1);
    expect($$(el, 'h2')).to.have.length(1);
    expect($(el, '[part~="heading"]')!.textContent).to.equal('1 comment');
    expect($(el, 'section')!.getAttribute('aria-labelledby')).to.equal('heading');
    expect($$(el, 'ol[part~="list"]')).to.have.length(1);
    expect($(el, '[part~="body"]')!.textContent).to.contain('Rendered in the browser');
    // Its styles are adopted as they are without a server render.
    expect(root.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(getComputedStyle($(el, '[part~="base"]')!).display).to.equal('grid');
  });

  it('moved to another place in the page, keeps its one section', async () => {
    holder = document.createElement('div');
    const el = document.createElement('comment-thread');
    el.threadId = 'thread-1';
    el.adapter = new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'Hello')] });
    holder.append(el);
    document.body.append(holder);
    await waitUntil(() => $(el, 'article'), 'no comment rendered');
    const section = $(el, 'section');
    holder.append(document.createElement('p'), el);
    await el.updateComplete;
    expect([...el.shadowRoot!.children]).to.deep.equal([section]);
  });
});
