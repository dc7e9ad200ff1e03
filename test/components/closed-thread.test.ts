import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { randomId } from '../../src/core/id.js';
import '../../src/define.js';
import { $, $$, articleTexts, composer, formReady, typeInto } from '../helpers.js';

/**
 * A thread its site closed to new comments (by hand through the admin API, or by age with
 * `--close-after`), against a real comment-thread-server process: its comments stay, the form
 * gives way to "Comments are closed.", and a post that races the closing keeps its draft.
 */
const { url, adminToken, failure } = (await (await fetch('/__comment-server.json')).json()) as { url?: string; adminToken?: string; failure?: string };
if (!url || !adminToken) throw new Error(failure ?? 'no comment server');

/** Closes (`close`) or opens (`open`) thread `threadId` with the server's admin token. */
async function setThread(action: 'close' | 'open', threadId: string): Promise<void> {
  const response = await fetch(`${url}/api/admin/threads/${action}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ threadId }),
  });
  expect(response.status, `${action} ${threadId}`).to.equal(200);
}

/** Posts a guest comment through the API. */
async function postComment(threadId: string, name: string, body: string): Promise<void> {
  const response = await fetch(`${url}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ threadId, author: { name }, body }) });
  expect(response.status).to.equal(201);
}

async function mount(threadId: string): Promise<CommentThread> {
  const el = await fixture<CommentThread>(html`<comment-thread src=${url!} thread-id=${threadId}></comment-thread>`);
  await waitUntil(() => $(el, '[part~="empty"], [part~="list"]'), 'the thread did not load from the server');
  return el;
}

describe('<comment-thread> in a closed thread', () => {
  it('shows the comments and "Comments are closed." in place of the form: no Reply, no "Write a comment"', async () => {
    const threadId = `/closed/${randomId()}/`;
    await postComment(threadId, 'Ada', 'Before it closed');
    await postComment(threadId, 'Bo', 'Me too');
    await setThread('close', threadId);
    const el = await mount(threadId);
    await waitUntil(() => $(el, '[part~="closed"]'), 'no closed note');

    expect(articleTexts(el)).to.deep.equal(['Before it closed', 'Me too']);
    expect($(el, '[part~="closed"]')!.textContent).to.equal('Comments are closed.');
    expect($(el, '[part~="composer"]'), 'the form is still there').to.equal(null);
    expect($(el, 'comment-thread-form'), 'a form is still there').to.equal(null);
    expect($$(el, '[part~="reply-button"]'), 'Reply buttons in a closed thread').to.have.length(0);
    expect($(el, '[part~="jump-button"]'), '"Write a comment" in a closed thread').to.equal(null);
    // What is not writing stays: the votes, copying a link, the order.
    expect($$(el, '[part~="upvote"]')).to.have.length(2);
    expect($$(el, '[part~="copy-link-button"]')).to.have.length(2);
    expect($(el, '[part~="sort"]')).to.exist;
    // The note comes last in the section, after the comments, where the form would be.
    expect($(el, '[part~="base"]')!.lastElementChild!.previousElementSibling).to.equal($(el, '[part~="closed"]'));
    await expect(el).shadowDom.to.be.accessible();
  });

  it('takes comments again once the site opens it, and a thread without comments can be closed too', async () => {
    const threadId = `/closed-then-open/${randomId()}/`;
    await setThread('close', threadId);
    let el = await mount(threadId);
    await waitUntil(() => $(el, '[part~="closed"]'), 'no closed note');
    expect($(el, '[part~="empty"]'), 'the empty state').to.exist;
    expect($(el, '[part~="composer"]')).to.equal(null);
    el.remove();

    await setThread('open', threadId);
    el = await mount(threadId);
    await waitUntil(() => $(el, '[part~="composer"]'), 'no form in an opened thread');
    expect($(el, '[part~="closed"]')).to.equal(null);
  });

  it('keeps the draft and says why when the thread closed while it was being written', async () => {
    const threadId = `/closed-meanwhile/${randomId()}/`;
    await postComment(threadId, 'Ada', 'Still open');
    const el = await mount(threadId);
    await waitUntil(() => $(el, '[part~="composer"] comment-thread-form'), 'no form');
    const form = await formReady(composer(el));
    await typeInto(form, 'body', 'A long thought, written while the site closed the thread');
    await setThread('close', threadId);

    await form.submit();
    await form.updateComplete;
    const alert = form.shadowRoot!.querySelector('[part~="form-error"]')!;
    await waitUntil(() => alert.textContent?.includes('Comments are closed on this thread'), 'the refusal was not shown');
    expect(form.shadowRoot!.querySelector('textarea')!.value, 'the draft was lost').to.equal('A long thought, written while the site closed the thread');
    expect(alert.querySelector('[part~="retry-button"]'), 'no "Try again" for a closed thread').to.equal(null);
    expect(articleTexts(el)).to.deep.equal(['Still open']);
    await expect(form).shadowDom.to.be.accessible();
  });
});
