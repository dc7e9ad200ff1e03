import { expect, waitUntil } from '@open-wc/testing';
import { reveal } from '../../src/controllers/linked-comment.js';
import { testHost } from './host.js';

describe('following a link to a comment', () => {
  it('reveals a comment in a group the browser skips: laid out, scrolled into view, focused', async () => {
    const host = testHost();
    host.view = (root) => {
      root.innerHTML = `<div style="block-size: 300vh"></div><div class="group" style="content-visibility: auto; contain-intrinsic-size: auto 10px">
        <article id="comment-far" tabindex="-1" style="block-size: 40px">far</article></div>`;
    };
    await host.updateComplete;
    const article = host.shadowRoot!.getElementById('comment-far')!;
    reveal(article);
    expect(host.shadowRoot!.activeElement).to.equal(article);
    await waitUntil(() => {
      const box = article.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= innerHeight;
    }, 'the comment was not scrolled into view');
    host.remove();
    scrollTo(0, 0);
  });
});
