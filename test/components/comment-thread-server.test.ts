import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { CommentForm } from '../../src/components/comment-form/comment-form.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { randomId } from '../../src/core/id.js';
import '../../src/define.js';
import { pressKeys } from '../commands.js';
import { $, $$, articleTexts, composer, deepActiveElement, formReady, inlineForm, showArrivals, typeInto } from '../helpers.js';

/**
 * <comment-thread src="…"> against a real comment-thread-server process (started by the test
 * runner on a fresh SQLite file, on another origin): post, reply, edit, delete, and another
 * visitor's comment arriving live.
 */
const { url, failure } = (await (await fetch('/__comment-server.json')).json()) as { url?: string; failure?: string };
if (!url) throw new Error(failure ?? 'no comment server');

async function mount(threadId: string): Promise<CommentThread> {
  const el = await fixture<CommentThread>(html`<comment-thread src=${url!} thread-id=${threadId}></comment-thread>`);
  await waitUntil(() => $(el, '[part~="empty"], [part~="list"]'), 'the thread did not load from the server');
  return el;
}

const articleWith = (el: CommentThread, text: string): HTMLElement | undefined =>
  $$(el, 'article[part~="comment"]').find((a) => a.querySelector('[part~="body"]')?.textContent?.includes(text));

describe('<comment-thread> with a comment server', () => {
  it('sends its list request without waiting for any other module, the HttpAdapter’s writing half included', async () => {
    const threadId = `/server-first/${randomId()}`;
    const el = await mount(threadId);
    const entries = performance.getEntriesByType('resource');
    const list = entries.find((entry) => entry.name.includes('/api/comments?') && entry.name.includes(encodeURIComponent(threadId)));
    expect(list, 'no list request').to.exist;
    // The first test of this page: whatever loaded the writing half (a warm-up once the thread
    // was shown), the list request did not wait for it.
    const writer = entries.find((entry) => entry.name.includes('/src/adapters/http-adapter.ts'));
    if (writer) expect(writer.startTime, 'the list request waited for the writing half').to.be.greaterThan(list!.startTime);
    el.remove();
  });

  it('posts, replies, edits and deletes through the server, and keeps them across a reload', async () => {
    const threadId = `/server-test/${randomId()}`;
    const el = await mount(threadId);
    expect($(el, '[part~="notice"]'), 'no "stored in this browser" notice for a server').to.equal(null);

    await typeInto(composer(el), 'name', 'Ann');
    await typeInto(composer(el), 'body', 'Hello from **the server** test');
    await (await formReady(composer(el))).submit();
    await waitUntil(() => articleWith(el, 'Hello from the server test') && !$(el, '.pending'), 'the post did not settle');
    expect($(el, '[part~="heading"]')!.textContent).to.contain('1 comment');

    const first = articleWith(el, 'Hello from the server test')!;
    (first.querySelector('[part~="reply-button"]') as HTMLButtonElement).click();
    await waitUntil(() => inlineForm(el));
    await typeInto(inlineForm(el)!, 'body', 'A reply, stored on the server');
    await inlineForm(el)!.submit();
    await waitUntil(() => articleWith(el, 'A reply, stored on the server') && !$(el, '.pending'), 'the reply did not settle');

    // Edit by keyboard: the Edit button, the text, Ctrl+Enter.
    const reply = articleWith(el, 'A reply, stored on the server')!;
    const editButton = reply.querySelector<HTMLButtonElement>('[part~="edit-button"]')!;
    expect(editButton, 'the author may edit').to.exist;
    editButton.click();
    await waitUntil(() => deepActiveElement()?.localName === 'textarea', 'the editor did not take focus');
    const textarea = deepActiveElement() as HTMLTextAreaElement;
    expect(textarea.value).to.equal('A reply, stored on the server');
    // While it is edited, the comment offers the editor's Save and Cancel, not Reply.
    expect($(el, `#${CSS.escape(reply.id)}`)!.querySelector('[part~="reply-button"]')).to.equal(null);
    textarea.value = 'A reply, *edited* on the server';
    await pressKeys('Control', 'Enter');
    await waitUntil(() => articleWith(el, 'A reply, edited on the server'), 'the edit did not show');
    await waitUntil(() => (deepActiveElement() as HTMLElement | null)?.dataset.action === 'edit', 'focus did not return to Edit');
    expect(articleWith(el, 'A reply, edited on the server')!.querySelector('em')!.textContent).to.equal('edited');
    expect(articleWith(el, 'A reply, edited on the server')!.textContent).to.contain('edited');

    // Delete the parent: it has a reply, so it stays as a placeholder.
    articleWith(el, 'Hello from the server test')!.querySelector<HTMLButtonElement>('[part~="remove-button"]')!.click();
    await waitUntil(() => $(el, '[part~="remove-confirm-button"]'));
    expect((deepActiveElement() as HTMLElement).getAttribute('part')).to.equal('remove-keep-button');
    $(el, '[part~="remove-confirm-button"]')!.click();
    await waitUntil(() => $(el, '.deleted-note'), 'the deleted parent did not become a placeholder');
    expect(articleTexts(el)).to.deep.equal(['This comment was deleted.', 'A reply, edited on the server']);

    // A reload (a new element, as on the next page view) shows what the server kept.
    el.remove();
    const again = await mount(threadId);
    await waitUntil(() => articleTexts(again).length === 2);
    expect(articleTexts(again)).to.deep.equal(['This comment was deleted.', 'A reply, edited on the server']);
    expect(articleWith(again, 'A reply, edited on the server')!.querySelector('[part~="edit-button"]'), 'still editable after a reload').to.exist;
  });

  it('links the thread’s Atom feed in its heading, which lists its comments; a thread without a server has none', async () => {
    const threadId = `/server-feed/${randomId()}/`;
    const posted = await fetch(`${url}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ threadId, author: { name: 'Ada' }, body: 'Worth *following*' }) });
    expect(posted.status).to.equal(201);
    const el = await mount(threadId);
    await waitUntil(() => $(el, '[part~="feed-link"]'), 'no feed link');
    const link = $(el, '[part~="feed-link"]') as HTMLAnchorElement;
    expect(link.textContent).to.equal('Comments feed');
    expect(link.type).to.equal('application/atom+xml');
    expect(link.href).to.equal(`${url}/api/comments.atom?thread=${encodeURIComponent(threadId)}`);
    expect(link.closest('[part~="header"]'), 'the link is not in the heading row').to.exist;

    const xml = await (await fetch(link.href)).text();
    const feed = new DOMParser().parseFromString(xml, 'application/xml');
    expect(feed.querySelector('parsererror'), 'the feed is not well-formed XML').to.equal(null);
    const entries = [...feed.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry')];
    expect(entries.map((entry) => entry.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'content')[0]!.textContent!.trim())).to.deep.equal(['<p>Worth <em>following</em></p>']);
    await expect(el).shadowDom.to.be.accessible();
    el.remove();

    localStorage.clear();
    const local = await fixture<CommentThread>(html`<comment-thread thread-id=${`/no-server-feed/${randomId()}`}></comment-thread>`);
    await waitUntil(() => $(local, '[part~="empty"], [part~="list"]'), 'the local thread did not load');
    expect($(local, '[part~="feed-link"]'), 'a feed link without a server').to.equal(null);
  });

  it('shows a refusal by the site’s word list under the field that matched, the text kept; a post with too many links is held and said so', async () => {
    const scope = (await (await fetch('/__comment-server/scope', { method: 'POST', body: JSON.stringify({ server: { blockWords: ['viagra'], maxLinks: 1 } }) })).json()) as { server: string };
    const threadId = `/server-spam/${randomId()}`;
    const el = await fixture<CommentThread>(html`<comment-thread src=${scope.server} thread-id=${threadId}></comment-thread>`);
    await waitUntil(() => $(el, '[part~="empty"], [part~="list"]'), 'the thread did not load');
    const form = await formReady(composer(el));
    await typeInto(form, 'body', 'Cheap viagra, and a long thought worth keeping');
    await form.submit();
    await form.updateComplete;
    const root = form.shadowRoot!;
    expect(root.querySelector('#body-error')?.textContent).to.equal(
      'Sorry, your comment contains something this site does not accept, so it was not posted. Please rephrase it and post it again.',
    );
    expect(root.querySelector('textarea')!.value, 'the text was lost').to.equal('Cheap viagra, and a long thought worth keeping');
    expect(root.querySelector('textarea')!.getAttribute('aria-invalid')).to.equal('true');
    expect(articleTexts(el)).to.deep.equal([]);
    await expect(form).shadowDom.to.be.accessible();

    await typeInto(form, 'body', 'See https://a.example and https://b.example');
    await form.submit();
    await waitUntil(() => articleWith(el, 'See https://a.example and https://b.example') && !$(el, '.pending'), 'the held post is not shown to its author');
    await waitUntil(() => $(el, '[role="status"][aria-live="polite"]')!.textContent === 'Your comment was received and is held for moderation.', 'not said');
    const held = [...articleWith(el, 'See https://a.example')!.querySelectorAll('[part~="badge"]')].map((badge) => badge.textContent).join(' ');
    expect(held).to.contain('awaiting moderation');
    el.remove();
  });

  it('offers an optional, labelled e-mail field where the server sends mail; the wish for mail needs the address, and the post sends both', async () => {
    const scope = (await (await fetch('/__comment-server/scope', { method: 'POST', body: JSON.stringify({ server: { mail: true } }) })).json()) as { server: string };
    const el = await fixture<CommentThread>(html`<comment-thread src=${scope.server} thread-id=${`/server-mail/${randomId()}`}></comment-thread>`);
    await waitUntil(() => $(el, '[part~="empty"], [part~="list"]'), 'the thread did not load');
    const form = await formReady(composer(el));
    const root = form.shadowRoot!;
    await waitUntil(() => root.querySelector('#email'), 'no e-mail field');
    const email = root.querySelector<HTMLInputElement>('#email')!;
    expect(root.querySelector('label[for="email"]')!.textContent!.trim()).to.equal('E-mail (optional)');
    expect([email.type, email.autocomplete, email.getAttribute('aria-describedby')]).to.deep.equal(['email', 'email', 'email-hint']);
    expect(root.querySelector('#email-hint')!.textContent).to.equal('Only for telling you of replies. Never shown, never shared.');
    const wish = root.querySelector<HTMLInputElement>('input[type="checkbox"][name="notify"]')!;
    expect(wish.closest('label')!.textContent!.trim()).to.equal('E-mail me when someone replies');
    expect(wish.checked).to.equal(false);
    await typeInto(form, 'name', 'Mia');
    await typeInto(form, 'body', 'Tell me when someone answers');
    wish.click();
    await form.submit();
    await form.updateComplete;
    // Asked for mail without an address: said under the field, which takes the focus; nothing posted.
    expect(root.querySelector('#email-error')?.textContent).to.equal('Enter your e-mail address to be told of replies.');
    expect([email.getAttribute('aria-invalid'), email.getAttribute('aria-describedby')]).to.deep.equal(['true', 'email-hint email-error']);
    expect(deepActiveElement()).to.equal(email);
    expect(articleTexts(el)).to.deep.equal([]);
    await expect(form).shadowDom.to.be.accessible();
    await typeInto(form, 'email', 'not an address');
    await form.submit();
    await form.updateComplete;
    expect(root.querySelector('#email-error')?.textContent).to.equal('Enter an e-mail address such as name@example.com.');
    await typeInto(form, 'email', ' mia@example.test ');
    expect(root.querySelector('#email-error'), 'fixed as typed').to.equal(null);
    await form.submit();
    await waitUntil(() => articleWith(el, 'Tell me when someone answers') && !$(el, '.pending'), 'the post did not settle');
    // The server has both, for its author only; the thread shows neither.
    const key = localStorage.getItem('comment-thread:v1:author-key')!;
    const mine = (await (await fetch(`${scope.server}/api/me`, { headers: { 'X-Author-Key': key } })).json()) as { comments: Array<{ body: string; author: { email?: string }; notifyReplies?: boolean }> };
    const posted = mine.comments.find((c) => c.body === 'Tell me when someone answers')!;
    expect([posted.author.email, posted.notifyReplies]).to.deep.equal(['mia@example.test', true]);
    expect(el.shadowRoot!.textContent).not.to.contain('mia@example.test');
    // A reply form offers it too.
    articleWith(el, 'Tell me when someone answers')!.querySelector<HTMLButtonElement>('[part~="reply-button"]')!.click();
    await waitUntil(() => inlineForm(el)?.shadowRoot?.querySelector('#email'), 'no e-mail field in the reply form');
    el.remove();
    // The main test server sends no mail: no field.
    const plain = await mount(`/server-no-mail/${randomId()}`);
    const plainForm = await formReady(composer(plain));
    await new Promise((r) => setTimeout(r, 300));
    await plainForm.updateComplete;
    expect(plainForm.shadowRoot!.querySelector('#email, [name="notify"]')).to.equal(null);
    plain.remove();
  });

  it('lets a visitor download everything this browser posted as JSON, and delete all of it after a question', async () => {
    // A server of its own: what this browser posted there is this test's alone.
    const scope = (await (await fetch('/__comment-server/scope', { method: 'POST', body: JSON.stringify({ server: {} }) })).json()) as { server: string };
    const threadId = `/server-mine/${randomId()}`;
    const el = await fixture<CommentThread>(html`<comment-thread src=${scope.server} thread-id=${threadId}></comment-thread>`);
    await waitUntil(() => $(el, '[part~="empty"], [part~="list"]'), 'the thread did not load');
    const form = await formReady(composer(el));
    await typeInto(form, 'name', 'Mina');
    await typeInto(form, 'body', 'Mine to keep, or to take back');
    await form.submit();
    await waitUntil(() => articleWith(el, 'Mine to keep, or to take back') && !$(el, '.pending'), 'the post did not settle');
    const mine = articleWith(el, 'Mine to keep')!.id.replace(/^comment-/, '');
    // Someone answers it: deleting it will leave a placeholder for that reply.
    const reply = await fetch(`${scope.server}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ threadId, parentId: mine, author: { name: 'Otto' }, body: 'An answer to Mina' }) });
    expect(reply.status).to.equal(201);
    // A reply from elsewhere waits behind "Show 1 new reply" on its comment.
    await waitUntil(() => $(el, '[part~="new-replies-button"]'), 'the reply did not arrive');
    $(el, '[part~="new-replies-button"]')!.click();
    await waitUntil(() => articleWith(el, 'An answer to Mina'), 'the reply was not shown');

    // Under the form, closed; its code loads when it is opened.
    const details = form.shadowRoot!.querySelector<HTMLDetailsElement>('[part~="your-data"]')!;
    expect(details.querySelector('summary')!.textContent).to.equal('Your comments on this site');
    expect(details.open).to.equal(false);
    details.querySelector('summary')!.click();
    await waitUntil(() => customElements.get('comment-thread-your-data'), 'the section did not load');
    const section = details.querySelector('comment-thread-your-data')!;
    await (section as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const inSection = (selector: string) => section.shadowRoot!.querySelector<HTMLElement>(selector);
    await expect(form).shadowDom.to.be.accessible();
    await expect(section).shadowDom.to.be.accessible();
    inSection('[part~="export-button"]')!.click();
    await waitUntil(() => inSection('[part~="file-link"]'), 'no file to save');
    const link = inSection('[part~="file-link"]') as HTMLAnchorElement;
    expect(link.textContent).to.equal('Save my-comments.json (1 comment, 0 votes)');
    expect(link.getAttribute('download')).to.equal('my-comments.json');
    expect(section.shadowRoot!.activeElement, 'the link did not take the focus').to.equal(link);
    const data = (await (await fetch(link.href)).json()) as { comments: Array<{ id: string; body: string; author: { name: string } }>; votes: unknown[] };
    expect(data.comments.map((c) => [c.id, c.body, c.author.name])).to.deep.equal([[mine, 'Mine to keep, or to take back', 'Mina']]);
    expect(data.votes).to.deep.equal([]);

    // Deleting asks first; "Keep it" takes the focus, and keeps it.
    inSection('[part~="erase-button"]')!.click();
    await waitUntil(() => section.shadowRoot!.activeElement === inSection('[part~="erase-keep-button"]'), 'the question did not take the focus');
    expect(inSection('[role="group"]')!.getAttribute('aria-label')).to.contain('This cannot be undone.');
    await expect(section).shadowDom.to.be.accessible();
    inSection('[part~="erase-confirm-button"]')!.click();
    await waitUntil(() => inSection('[part~="your-data-status"]')!.textContent !== '', 'nothing was said');
    expect(inSection('[part~="your-data-status"]')!.textContent).to.equal('Deleted: 1 comment (1 kept as a placeholder for the replies to it), and 0 votes withdrawn.');
    await waitUntil(() => articleTexts(el)[0] === 'This comment was deleted.', 'the thread did not show the placeholder');
    expect(articleTexts(el)).to.deep.equal(['This comment was deleted.', 'An answer to Mina']);
    el.remove();

    // Without a server (the sample adapter), the browser holds the comments: no such section.
    const local = await fixture<CommentThread>(html`<comment-thread thread-id=${`/no-server-mine/${randomId()}`}></comment-thread>`);
    await waitUntil(() => $(local, '[part~="composer"] comment-thread-form'), 'no form');
    const localForm = await formReady(composer(local));
    expect(localForm.shadowRoot!.querySelector('[part~="your-data"]'), 'the section without a server').to.equal(null);
  });

  it('edits in the same form as a reply: its counter, hint, validation and keys', async () => {
    const el = await mount(`/server-editor/${randomId()}`);
    await typeInto(composer(el), 'body', 'Before the edit');
    await (await formReady(composer(el))).submit();
    await waitUntil(() => articleWith(el, 'Before the edit') && !$(el, '.pending'), 'the post did not settle');
    articleWith(el, 'Before the edit')!.querySelector<HTMLButtonElement>('[part~="edit-button"]')!.click();
    await waitUntil(() => $(el, 'comment-thread-form[part~="editor"]'), 'no editor');
    const editor = (await formReady($(el, 'comment-thread-form[part~="editor"]') as unknown as CommentForm)) as CommentForm;
    const root = editor.shadowRoot!;
    // The composer's own parts: hint and counter; no name, website or remember-me for an edit.
    expect(root.querySelector('[part~="hint"]'), 'no Markdown hint').to.exist;
    expect(root.querySelector('[part~="counter"]')!.textContent!.trim()).to.equal('15 / 5,000');
    expect(root.querySelector('[name="name"]')).to.equal(null);

    await typeInto(editor, 'body', 'x'.repeat(5001));
    expect(root.querySelector('[part~="counter"]')!.classList.contains('over')).to.equal(true);
    await typeInto(editor, 'body', '');
    await editor.submit();
    await editor.updateComplete;
    expect(root.querySelector('textarea')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root.querySelector('#body-error')!.textContent).to.equal('Write something before saving. To remove the comment, use Delete.');

    // Escape closes it, as it closes a reply form, and gives the focus back to Edit.
    root.querySelector('textarea')!.focus();
    await pressKeys('Escape');
    await waitUntil(() => !$(el, 'comment-thread-form[part~="editor"]'), 'Escape did not close the editor');
    await waitUntil(() => (deepActiveElement() as HTMLElement | null)?.dataset.action === 'edit', 'focus did not return to Edit');
    expect(articleWith(el, 'Before the edit'), 'the refused edit changed the comment').to.exist;
    el.remove();
  });

  it('shows its author that an edit of an approved comment waits for review again (--moderation all)', async () => {
    const adminToken = `moderator-token-${randomId()}`;
    const scope = (await (await fetch('/__comment-server/scope', { method: 'POST', body: JSON.stringify({ server: { moderation: 'all', adminToken } }) })).json()) as { server: string };
    const threadId = `/server-moderated-edit/${randomId()}`;
    const mountOwn = async () => {
      const own = await fixture<CommentThread>(html`<comment-thread src=${scope.server} thread-id=${threadId}></comment-thread>`);
      await waitUntil(() => $(own, '[part~="empty"], [part~="list"]'), 'the thread did not load');
      return own;
    };
    let el = await mountOwn();
    await typeInto(composer(el), 'body', 'Words a moderator approved');
    await (await formReady(composer(el))).submit();
    await waitUntil(() => articleWith(el, 'Words a moderator approved') && !$(el, '.pending'), 'the post did not settle');
    const held = (text: string) => [...(articleWith(el, text)?.querySelectorAll('[part~="badge"]') ?? [])].map((badge) => badge.textContent).join(' ');
    expect(held('Words a moderator approved')).to.contain('awaiting moderation');
    const id = articleWith(el, 'Words a moderator approved')!.id.replace(/^comment-/, '');
    const approved = await fetch(`${scope.server}/api/admin/comments/${encodeURIComponent(id)}/approve`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}` } });
    expect(approved.status).to.equal(200);
    el.remove();
    el = await mountOwn();
    await waitUntil(() => articleWith(el, 'Words a moderator approved'), 'the approved comment did not show');
    expect(held('Words a moderator approved'), 'approved: no badge').to.not.contain('awaiting moderation');

    articleWith(el, 'Words a moderator approved')!.querySelector<HTMLButtonElement>('[part~="edit-button"]')!.click();
    await waitUntil(() => $(el, 'comment-thread-form[part~="editor"]'), 'no editor');
    const editor = (await formReady($(el, 'comment-thread-form[part~="editor"]') as unknown as CommentForm)) as CommentForm;
    await typeInto(editor, 'body', 'Words nobody has reviewed');
    await editor.submit();
    await waitUntil(() => articleWith(el, 'Words nobody has reviewed'), 'the edit did not show');
    expect(held('Words nobody has reviewed'), 'the edit waits for review, and its author sees so').to.contain('awaiting moderation');
    // And hears so: not "changed".
    await waitUntil(() => $(el, '[role="status"][aria-live="polite"]')!.textContent === 'Your change was received and is held for moderation.', 'not said');
    const everyone = (await (await fetch(`${scope.server}/api/comments?thread=${encodeURIComponent(threadId)}`)).json()) as { comments: unknown[] };
    expect(JSON.stringify(everyone.comments)).to.not.contain('nobody has reviewed');
    el.remove();
  });

  it('sends what only a bot fills in, and the server keeps that comment from everyone else', async () => {
    const threadId = `/server-honeypot/${randomId()}`;
    const el = await mount(threadId);
    const form = await formReady(composer(el));
    const trap = form.shadowRoot!.querySelector<HTMLInputElement>('[name="homepage"]')!;
    // People never see it, reach it by Tab, or hear it.
    expect(trap.closest('[aria-hidden="true"]'), 'not hidden from assistive technology').to.exist;
    expect(trap.tabIndex).to.equal(-1);
    const box = trap.closest<HTMLElement>('[aria-hidden="true"]')!.getBoundingClientRect();
    expect(box.width * box.height, 'visible on the page').to.be.at.most(1);
    await expect(form).shadowDom.to.be.accessible();

    trap.value = 'https://cheap-pills.example';
    await typeInto(form, 'body', 'Buy now');
    await form.submit();
    trap.value = '';
    await typeInto(form, 'body', 'A person wrote this');
    await form.submit();
    // What another visitor is sent (no author key): the person's comment only.
    const seen = (await (await fetch(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`)).json()) as { comments: Array<{ body: string }> };
    expect(seen.comments.map((c) => c.body)).to.deep.equal(['A person wrote this']);
    el.remove();
  });

  it('shows another visitor’s comment live, without their edit buttons', async () => {
    const threadId = `/server-live/${randomId()}`;
    const el = await mount(threadId);
    // Let the event stream connect.
    await new Promise((r) => setTimeout(r, 400));
    // Imported here: the first test checks that nothing loaded the writing half before the list request.
    const { HttpAdapter } = await import('../../src/adapters/http-adapter.js');
    const visitor = new HttpAdapter(url!, { storage: null });
    await visitor.create({ threadId, parentId: null, author: { name: 'Bo' }, body: 'Written in another browser' });
    // Held at the top of the thread until the reader asks: nothing moves under them.
    await waitUntil(() => $(el, '[part~="new-comments-button"]'), 'the other visitor’s comment did not arrive', { timeout: 5000 });
    expect(articleWith(el, 'Written in another browser')).to.equal(undefined);
    expect(await showArrivals(el)).to.equal(1);
    const article = articleWith(el, 'Written in another browser')!;
    expect(article.querySelector('[part~="edit-button"]')).to.equal(null);
    expect(article.querySelector('[part~="reply-button"]')).to.exist;
    await expect(el).shadowDom.to.be.accessible();
  });

  it('votes through the server: shown at once, stored for this browser, and another visitor’s vote arrives live', async () => {
    const threadId = `/server-votes/${randomId()}`;
    const { HttpAdapter } = await import('../../src/adapters/http-adapter.js');
    const author = new HttpAdapter(url!, { storage: null });
    const posted = await author.create({ threadId, parentId: null, author: { name: 'Ada' }, body: 'Vote on me' });
    let el = await mount(threadId);
    const up = () => $(el, `#comment-${posted.id} [part~="upvote"]`) as HTMLButtonElement;
    const score = () => $(el, `#comment-${posted.id} [part~="score"]`)!.textContent;
    expect(score()).to.equal('0');
    up().click();
    // (Three engines vote on one server at once: allow a busy moment.)
    await waitUntil(() => up().getAttribute('aria-pressed') === 'true' && score() === '1', 'the vote was not shown', { timeout: 5000 });
    // Stored on the server (the button shows the vote at once, before the server has it;
    // removing the element would end a vote still on its way):
    const reader = new HttpAdapter(url!, { storage: null });
    await waitUntil(async () => (await reader.list(threadId)).comments.find((c) => c.id === posted.id)?.score === 1, 'the server did not count the vote', { timeout: 5000, interval: 100 });
    // Stored for this browser: a new page view shows it pressed.
    el.remove();
    el = await mount(threadId);
    await waitUntil(() => up()?.getAttribute('aria-pressed') === 'true', 'the vote was not kept', { timeout: 5000 });
    expect(score()).to.equal('1');
    // Another visitor's vote, heard live: the score moves, this browser's vote stays.
    await new Promise((r) => setTimeout(r, 400));
    await new HttpAdapter(url!, { storage: null }).vote(threadId, posted.id, 1);
    await waitUntil(() => score() === '2', 'the other visitor’s vote did not arrive', { timeout: 5000 });
    expect(up().getAttribute('aria-pressed')).to.equal('true');
  });

  it('says so when the server cannot be reached, and when src is not a server address', async () => {
    const down = await fixture<CommentThread>(html`<comment-thread src="http://127.0.0.1:9" thread-id="/down"></comment-thread>`);
    await waitUntil(() => $(down, '[part~="error"]'), 'no error state', { timeout: 15_000 });
    expect($(down, '[part~="error"]')!.textContent).to.contain('cannot be reached');
    const bad = await fixture<CommentThread>(html`<comment-thread src="javascript:alert(1)" thread-id="/bad"></comment-thread>`);
    await waitUntil(() => $(bad, '[part~="error"]'), 'no error state for a bad src');
    expect($(bad, '[part~="error"]')!.textContent).to.contain('http(s) address');
  });

  describe('an imported WordPress blog', () => {
    const threadId = '/2010/06/09/reading-old-maps/';
    before(async () => {
      // The demo's own export, imported by the server's real CLI into the server's database.
      const file = await (await fetch('/demo/wordpress-export.xml')).text();
      const answer = (await (await fetch('/__comment-server/import', { method: 'POST', body: JSON.stringify({ format: 'wordpress', file }) })).json()) as { error?: string };
      if (answer.error) throw new Error(answer.error);
    });
    let hashBefore = '';
    beforeEach(() => (hashBefore = location.hash));
    afterEach(() => history.replaceState(null, '', hashBefore || location.pathname));

    async function mountBlog(pageSize = 50): Promise<CommentThread> {
      const el = await fixture<CommentThread>(html`<comment-thread src=${url!} thread-id=${threadId} page-size=${pageSize}></comment-thread>`);
      await waitUntil(() => $(el, '[part~="list"]'), 'the imported thread did not load');
      return el;
    }

    it('shows its comments, its pingbacks and trackback apart, and its author’s badge', async () => {
      const el = await mountBlog();
      await waitUntil(() => $(el, '[part~="mentions"]'), 'no section of mentions');
      expect($(el, '[part~="heading"]')!.textContent).to.equal('13 comments · 3 mentions');
      expect($$(el, 'ol[part~="list"] article').length).to.equal(13);
      const mentions = $$(el, '[part~="mention"]');
      expect(mentions.map((m) => m.querySelector('[part~="mention-title"]')!.textContent)).to.deep.equal([
        'Field Notes » Maps worth keeping',
        'The Cartography Digest',
        'Walking Log',
      ]);
      expect(mentions[0]!.querySelector('a')!.getAttribute('rel')).to.equal('nofollow ugc noopener noreferrer');
      expect(mentions[0]!.querySelector('[part~="mention-excerpt"]')!.textContent).to.contain('why old maps disagree about north');
      expect($$(el, '[part~="mentions"] button')).to.have.length(0);
      // The post's author (comment_user_id of a wp:author) is verified; the readers are not.
      expect($(el, '#comment-wp-3 [part~="role-badge"]')!.textContent).to.equal('Author');
      expect($(el, '#comment-wp-2 [part~="role-badge"]')).to.equal(null);
      // 2010: a date, not "16 years ago".
      expect($(el, '#comment-wp-2 time')!.textContent).to.contain('2010');
      await expect(el).shadowDom.to.be.accessible();
    });

    it('keeps paragraphs, line breaks, entities, code and nested lists as WordPress showed them', async () => {
      const el = await mountBlog();
      const body = (id: string) => $(el, `#comment-wp-${id} [part~="body"]`)!;
      // A blank line is a new paragraph; a single line break stays a line break.
      expect(body('3').querySelectorAll('p')).to.have.length(2);
      expect(body('3').querySelector('p')!.textContent).to.equal('Hi Marta,');
      expect(body('3').querySelectorAll('br')).to.have.length(1);
      expect(body('3').textContent).to.contain('→ look for a small diagram');
      expect(body('4').textContent).to.equal('Found it! Two arrows and “1923” in the corner. Thank you — I had been rotating the whole thing by eye.');
      expect([...body('6').querySelectorAll('code')].map((c) => c.textContent)).to.deep.equal(['C:\\Maps\\raw\\sheet-04.tif', 'C:\\Users\\maren\\stitch.ini']);
      expect(body('5').querySelectorAll('ol > li')).to.have.length(2);
      expect(body('5').querySelectorAll('ol > li > ul > li')).to.have.length(2);
      expect(body('9').querySelector('a')!.getAttribute('href')).to.equal('https://encyclopedia.example/wiki/Magnetic_declination_(navigation)');
      expect($(el, '#comment-wp-5 [part~="author"]')!.textContent).to.equal('Tomasz Wróbel');
    });

    it('follows the blog’s own #comment-12 to a reply that is not on the first page', async () => {
      history.replaceState(null, '', '#comment-12');
      // Three top-level comments a page: comment 12 answers the ninth.
      const el = await mountBlog(3);
      await waitUntil(() => deepActiveElement()?.id === 'comment-wp-12', 'the linked reply was not shown and focused', { timeout: 5000 });
      expect($(el, 'article.highlighted')!.id).to.equal('comment-wp-12');
      expect($(el, '#comment-wp-11')!.closest('li')!.querySelector('#comment-wp-12')).to.exist;
      expect($(el, '[part~="more-button"]')).to.exist;
    });

    it('refuses a guest the author’s name, under the name field, keeping what was typed', async () => {
      const el = await mountBlog();
      await waitUntil(() => composer(el), 'no composer');
      const form = await formReady(composer(el));
      await typeInto(form, 'name', 'maren  HOLT');
      await typeInto(form, 'body', 'Pretending to be the author');
      await form.submit();
      await waitUntil(() => form.shadowRoot!.querySelector('#name-error'), 'no error under the name field');
      expect(form.shadowRoot!.querySelector('#name-error')!.textContent).to.contain('belongs to the site');
      expect(form.shadowRoot!.activeElement?.getAttribute('name')).to.equal('name');
      expect(form.shadowRoot!.querySelector('textarea')!.value).to.equal('Pretending to be the author');
      expect(articleWith(el, 'Pretending to be the author')).to.equal(undefined);
    });
  });
});
