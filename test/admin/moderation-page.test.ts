import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { CommentThreadAdmin } from '../../src/admin/comment-thread-admin.js';
import '../../src/admin/index.js';
import { pressKeys, typeKeys } from '../commands.js';
import { deepActiveElement } from '../helpers.js';

/**
 * The moderation page (`src/admin/`), against a real comment-thread-server process of its own
 * per test, reached on the test page's own origin (`/__same-origin/<scope>`), as the page
 * reaches its server at `/admin`: the sign-in and its cookie, the list, each action, bulk
 * actions, live news, an author's data, sign-out, axe, and a phone's width.
 */
const TOKEN = 'moderation-page-test-token-0123';

/** A scope with a server of its own that holds every guest's comment for review. */
async function newServer(more: { webhook?: boolean } = {}): Promise<{ api: string; direct: string }> {
  // `mail`: the server keeps the addresses commenters give (it queues mail nobody receives).
  const response = await fetch('/__comment-server/scope', { method: 'POST', body: JSON.stringify({ server: { adminToken: TOKEN, moderation: 'all', mail: true, ...more } }) });
  const { scope, base, error } = (await response.json()) as { scope: string; base: string; error?: string };
  if (error) throw new Error(error);
  return { api: `/__same-origin/${scope}`, direct: base };
}

/** Posts a guest comment straight to the server (cross-origin, as a reader's widget does). */
async function postGuest(direct: string, threadId: string, name: string, body: string, email?: string): Promise<string> {
  const response = await fetch(`${direct}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ threadId, author: { name, email }, body }) });
  expect(response.status).to.equal(201);
  return ((await response.json()) as { comment: { id: string } }).comment.id;
}

/** Signs this browser in on the server at `api` (the cookie is the page origin's). */
async function signIn(api: string): Promise<void> {
  const response = await fetch(`${api}/api/admin/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: TOKEN }) });
  expect(response.status).to.equal(201);
}

const shadow = (el: Element | null | undefined): ShadowRoot => el!.shadowRoot!;
const queueOf = (admin: Element) => shadow(admin).querySelector('comment-thread-admin-queue');
const rowsOf = (admin: Element): HTMLElement[] => [...shadow(queueOf(admin)).querySelectorAll<HTMLElement>('comment-thread-admin-comment')];
const rowButton = (row: Element, action: string) => shadow(row).querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
const said = (admin: Element) => shadow(admin).querySelector('[role="status"][aria-live="polite"]')!.textContent!.trim();
const rowNames = (admin: Element) => rowsOf(admin).map((row) => shadow(row).querySelector('strong')!.textContent);

async function mount(api: string): Promise<CommentThreadAdmin> {
  const admin = await fixture<CommentThreadAdmin>(html`<comment-thread-admin api=${api}></comment-thread-admin>`);
  await waitUntil(() => shadow(admin).querySelector('main > :is(comment-thread-admin-sign-in, comment-thread-admin-queue, comment-thread-admin-authors, comment-thread-admin-deliveries)'), 'the page did not start', { timeout: 5000 });
  return admin;
}

/** The page, signed in, with its list read. */
async function signedInPage(api: string, rows: number): Promise<CommentThreadAdmin> {
  await signIn(api);
  const admin = await mount(api);
  await waitUntil(() => queueOf(admin) && rowsOf(admin).length === rows, `the list did not show ${rows} comments`);
  return admin;
}

describe('the moderation page', () => {
  // A test that shows another section leaves the next one on the list.
  afterEach(() => {
    location.hash = '';
  });

  it('signs in with the admin token, refusing a wrong one under the field with the text kept, and shows what waits', async () => {
    const { api, direct } = await newServer();
    await postGuest(direct, '/a/', 'Ada', 'First');
    const admin = await mount(api);
    const form = shadow(admin).querySelector('comment-thread-admin-sign-in')!;
    await (form as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const input = shadow(form).querySelector('input')!;
    expect(input.type).to.equal('password');
    input.focus();
    await typeKeys('wrong-token');
    await pressKeys('Enter');
    await waitUntil(() => shadow(form).querySelector('[role="alert"]')!.textContent!.includes('not the admin token'), 'no error for a wrong token');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.value).to.equal('wrong-token');
    expect(deepActiveElement()).to.equal(input);
    await expect(admin).shadowDom.to.be.accessible();

    input.select();
    await typeKeys(TOKEN);
    await pressKeys('Enter');
    await waitUntil(() => queueOf(admin) && rowsOf(admin).length === 1, 'not signed in');
    expect(deepActiveElement()).to.equal(shadow(admin).querySelector('h1'));
    await waitUntil(() => said(admin) === '1 comment: waiting for approval.', 'the list was not announced');
    // The cookie is HttpOnly: the page's script never sees it.
    expect(document.cookie).not.to.include('ct-admin');
    // A reload finds the session.
    const again = await mount(api);
    await waitUntil(() => queueOf(again) && rowsOf(again).length === 1, 'the session did not survive a reload');
  });

  it('shows hostile names and text as text, bodies sanitized as the widget does', async () => {
    const { api, direct } = await newServer();
    (window as unknown as { pwned?: boolean }).pwned = false;
    await postGuest(direct, '/xss/', '<img src=x onerror="window.pwned=true">', '**bold** <script>window.pwned=true</script><img src=x onerror="window.pwned=true"> [link](javascript:window.pwned=true)');
    const admin = await signedInPage(api, 1);
    const row = rowsOf(admin)[0]!;
    expect(shadow(row).querySelector('strong')!.textContent).to.equal('<img src=x onerror="window.pwned=true">');
    const body = shadow(row).querySelector('.body')!;
    await waitUntil(() => body.querySelector('strong'), 'the body was not rendered');
    expect(body.querySelector('strong')!.textContent).to.equal('bold');
    expect(body.querySelectorAll('script, img, [onerror]')).to.have.length(0);
    for (const a of body.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').not.to.match(/^javascript:/i);
    await new Promise((r) => setTimeout(r, 100));
    expect((window as unknown as { pwned?: boolean }).pwned).to.equal(false);
  });

  it('approves, marks as spam and deletes after a question, moving the focus on and saying what it did', async () => {
    const { api, direct } = await newServer();
    for (const name of ['Ann', 'Bob', 'Cy']) await postGuest(direct, '/act/', name, `Words of ${name}`, name === 'Cy' ? 'cy@example.test' : undefined);
    const admin = await signedInPage(api, 3);
    expect(rowNames(admin)).to.deep.equal(['Cy', 'Bob', 'Ann'], 'newest first');
    // The address a commenter gave is the moderators' to see.
    expect(shadow(rowsOf(admin)[0]).textContent).to.include('cy@example.test');

    rowButton(rowsOf(admin)[0]!, 'approve').click();
    await waitUntil(() => rowsOf(admin).length === 2, 'the approved comment stayed in the queue');
    await waitUntil(() => said(admin) === 'Approved the comment by Cy.', 'nothing said');
    await waitUntil(() => deepActiveElement() === rowButton(rowsOf(admin)[0]!, 'approve'), 'the focus did not move to the next comment');

    rowButton(rowsOf(admin)[0]!, 'spam').click();
    await waitUntil(() => rowsOf(admin).length === 1 && said(admin) === 'Marked the comment by Bob as spam.');

    const last = rowsOf(admin)[0]!;
    rowButton(last, 'delete').click();
    await waitUntil(() => shadow(last).querySelector('.keep'), 'no question before deleting');
    expect(deepActiveElement(), 'the focus is on Cancel').to.equal(shadow(last).querySelector('.keep'));
    expect(shadow(last).textContent).to.include('Delete the comment by Ann for good?');
    await expect(admin).shadowDom.to.be.accessible();
    shadow(last).querySelector<HTMLButtonElement>('.confirm')!.click();
    await waitUntil(() => rowsOf(admin).length === 0, 'not deleted');
    expect(said(admin)).to.equal('Deleted the comment by Ann.');

    // The server agrees: one published, one spam, one gone.
    const states = await Promise.all(
      ['published', 'spam', 'pending'].map(async (status) => {
        const answer = await fetch(`${api}/api/admin/comments?status=${status}`);
        return ((await answer.json()) as { comments: unknown[] }).comments.length;
      }),
    );
    expect(states).to.deep.equal([1, 1, 0]);
  });

  it('works by keyboard: Enter approves and moves on, Delete asks first with the focus on Cancel', async () => {
    const { api, direct } = await newServer();
    for (const name of ['Ann', 'Bob']) await postGuest(direct, '/keys/', name, `Words of ${name}`);
    const admin = await signedInPage(api, 2);
    rowButton(rowsOf(admin)[0]!, 'approve').focus();
    await pressKeys('Enter');
    await waitUntil(() => rowsOf(admin).length === 1 && deepActiveElement() === rowButton(rowsOf(admin)[0]!, 'approve'), 'Enter did not approve and move on');
    const row = rowsOf(admin)[0]!;
    // Space on the checkbox selects it.
    shadow(row).querySelector<HTMLInputElement>('input[type="checkbox"]')!.focus();
    await pressKeys(' ');
    await waitUntil(() => shadow(queueOf(admin)).querySelector('.bulk')!.textContent!.includes('1 selected'), 'Space did not select');
    rowButton(row, 'delete').focus();
    await pressKeys('Enter');
    await waitUntil(() => deepActiveElement() === shadow(row).querySelector('.keep'), 'the question did not take the focus');
    await pressKeys('Shift', 'Tab');
    expect(deepActiveElement()).to.equal(shadow(row).querySelector('.confirm'));
    await pressKeys('Enter');
    await waitUntil(() => rowsOf(admin).length === 0, 'Enter on Delete did not delete');
  });

  it('pins a published comment, and blocks an author, who then cannot post', async () => {
    const { api, direct } = await newServer();
    const id = await postGuest(direct, '/pin/', 'Ivy', 'Pin me');
    await signIn(api);
    const csrf = ((await (await fetch(`${api}/api/admin/session`)).json()) as { csrf: string }).csrf;
    expect((await fetch(`${api}/api/admin/comments/${id}/approve`, { method: 'POST', headers: { 'X-CSRF-Token': csrf } })).status).to.equal(200);
    const admin = await mount(api);
    const queue = queueOf(admin)!;
    await (queue as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    shadow(queue).querySelector<HTMLSelectElement>('select[name="status"]')!.value = 'published';
    shadow(queue).querySelector<HTMLButtonElement>('form.filters button')!.click();
    await waitUntil(() => rowsOf(admin).length === 1 && shadow(rowsOf(admin)[0]).querySelector('[data-action="pin"]'), 'the published comment is not listed with Pin', { timeout: 5000 });
    const row = rowsOf(admin)[0]!;
    rowButton(row, 'pin').click();
    await waitUntil(() => shadow(row).querySelector('[data-action="unpin"]'), 'not pinned');
    expect(shadow(row).textContent).to.include('Pinned');
    expect(said(admin)).to.equal('Pinned the comment by Ivy.');

    rowButton(row, 'block-author').click();
    await waitUntil(() => shadow(row).querySelector('.confirm'));
    shadow(row).querySelector<HTMLButtonElement>('.confirm')!.click();
    await waitUntil(() => said(admin).startsWith('Blocked Ivy'), 'not blocked');
    expect(rowsOf(admin)).to.have.length(1, 'the comment stays where it was');
    // Ivy posted from this browser's network: the next post from it is refused.
    const refused = await fetch(`${direct}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ threadId: '/pin/', author: { name: 'Ivy' }, body: 'Again' }) });
    expect(refused.status).to.equal(403);
  });

  it("edits a comment's text and replies as the site's author", async () => {
    const { api, direct } = await newServer();
    const id = await postGuest(direct, '/edit/', 'Dee', 'A tpyo');
    const admin = await signedInPage(api, 1);
    const row = rowsOf(admin)[0]!;
    rowButton(row, 'edit').click();
    await waitUntil(() => shadow(row).querySelector('textarea[name="body"]'));
    const area = shadow(row).querySelector<HTMLTextAreaElement>('textarea[name="body"]')!;
    expect(deepActiveElement()).to.equal(area);
    expect(area.value).to.equal('A tpyo');
    area.value = 'A *typo*, fixed';
    shadow(row).querySelector<HTMLButtonElement>('form button.primary')!.click();
    await waitUntil(() => shadow(row).querySelector('.body em')?.textContent === 'typo', 'the edit did not show');
    expect(said(admin)).to.equal('Saved the comment by Dee.');

    rowButton(row, 'reply').click();
    await waitUntil(() => shadow(row).querySelector('textarea[name="reply"]'));
    shadow(row).querySelector<HTMLTextAreaElement>('textarea[name="reply"]')!.value = 'Thanks, Dee!';
    shadow(row).querySelector<HTMLInputElement>('input[name="name"]')!.value = 'The Author';
    shadow(row).querySelector<HTMLButtonElement>('form button.primary')!.click();
    await waitUntil(() => said(admin) === "Replied to Dee as the site's author.", 'the reply was not sent');
    const thread = (await (await fetch(`${direct}/api/comments?thread=${encodeURIComponent('/edit/')}`)).json()) as {
      comments: Array<{ parentId: string | null; body: string; author: { name: string; role?: string } }>;
    };
    const reply = thread.comments.find((c) => c.parentId === id);
    expect(reply?.body).to.equal('Thanks, Dee!');
    expect(reply?.author).to.deep.equal({ name: 'The Author', role: 'author' });
  });

  it('approves the selected comments together, and finds comments by their words', async () => {
    const { api, direct } = await newServer();
    for (const [name, body] of [
      ['Ann', 'about apples'],
      ['Bob', 'about pears'],
      ['Cy', 'more apples'],
    ]) {
      await postGuest(direct, '/bulk/', name, body);
    }
    const admin = await signedInPage(api, 3);
    const queue = queueOf(admin)!;
    const search = shadow(queue).querySelector<HTMLInputElement>('input[name="q"]')!;
    search.value = 'apples';
    shadow(queue).querySelector<HTMLButtonElement>('form.filters button')!.click();
    await waitUntil(() => rowsOf(admin).length === 2, 'the search did not narrow the list');
    expect(rowNames(admin)).to.deep.equal(['Cy', 'Ann']);

    shadow(queue).querySelector<HTMLInputElement>('.bulk input[type="checkbox"]')!.click();
    await waitUntil(() => shadow(queue).querySelector('.bulk')!.textContent!.includes('2 selected'));
    shadow(queue).querySelector<HTMLButtonElement>('[data-bulk="approve"]')!.click();
    await waitUntil(() => said(admin) === 'Approved 2 comments.', 'the bulk action was not said');
    expect(rowsOf(admin)).to.have.length(0);
    const published = (await (await fetch(`${api}/api/admin/comments?status=published`)).json()) as { comments: Array<{ author: { name: string } }> };
    expect(published.comments.map((c) => c.author.name).sort()).to.deep.equal(['Ann', 'Cy']);
  });

  it('shows a new comment as it arrives, and says so', async () => {
    const { api, direct } = await newServer();
    await postGuest(direct, '/live/', 'Ann', 'First');
    const admin = await signedInPage(api, 1);
    // The page listens once its list is read: give the stream a moment to open.
    await new Promise((r) => setTimeout(r, 500));
    await postGuest(direct, '/live/', 'Bob', 'Just now');
    await waitUntil(() => rowsOf(admin).length === 2, 'the new comment did not appear', { timeout: 8000 });
    expect(rowNames(admin)).to.deep.equal(['Bob', 'Ann']);
    await waitUntil(() => said(admin) === '1 new comment in the list.', 'the arrival was not said');
  });

  it("finds an author's comments, offers them as a file, and deletes them all after a question", async () => {
    const { api, direct } = await newServer();
    await postGuest(direct, '/x/', 'Erin', 'One');
    await postGuest(direct, '/y/', 'Erin', 'Two', 'erin@example.test');
    await postGuest(direct, '/y/', 'Finn', 'Not Erin');
    await signIn(api);
    const admin = await mount(api);
    location.hash = '#authors';
    await waitUntil(() => shadow(admin).querySelector('comment-thread-admin-authors'), 'no authors section');
    const authors = shadow(admin).querySelector('comment-thread-admin-authors')!;
    await (authors as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(shadow(admin).querySelector('nav a[aria-current="page"]')!.textContent).to.equal('Authors');
    const field = shadow(authors).querySelector<HTMLInputElement>('input[name="who"]')!;
    // By the address one of them gave, in any case.
    field.value = 'Erin@Example.TEST';
    shadow(authors).querySelector<HTMLButtonElement>('button.primary')!.click();
    await waitUntil(() => shadow(authors).querySelector('[role="status"]')!.textContent === '1 comment under the address “Erin@Example.TEST”.', 'not found by address');
    // By the name.
    field.value = 'erin';
    shadow(authors).querySelector<HTMLButtonElement>('button.primary')!.click();
    await waitUntil(() => shadow(authors).querySelector('[role="status"]')!.textContent === '2 comments under the name “erin”.', 'not found by name');
    const file = (await (await fetch(shadow(authors).querySelector<HTMLAnchorElement>('a[download]')!.href)).json()) as { comments: Array<{ body: string }> };
    expect(file.comments.map((c) => c.body)).to.deep.equal(['One', 'Two']);
    shadow(authors).querySelector<HTMLButtonElement>('button.danger')!.click();
    await waitUntil(() => shadow(authors).querySelector('.keep'));
    expect(deepActiveElement()).to.equal(shadow(authors).querySelector('.keep'));
    shadow(authors).querySelector<HTMLButtonElement>('button.danger')!.click();
    await waitUntil(() => said(admin) === 'Deleted 2 comments under the name “erin”.', 'not deleted');
    const left = (await (await fetch(`${api}/api/admin/comments?status=all`)).json()) as { comments: Array<{ author: { name: string } }> };
    expect(left.comments.map((c) => c.author.name)).to.deep.equal(['Finn']);
  });

  it('shows the delivery logs of webhooks and mail, with what the last try found', async () => {
    const { api, direct } = await newServer({ webhook: true });
    await postGuest(direct, '/hooks/', 'Hal', 'Hello');
    await signIn(api);
    location.hash = '#deliveries';
    const admin = await mount(api);
    const logs = () => shadow(shadow(admin).querySelector('comment-thread-admin-deliveries')).querySelectorAll('table');
    // The first tries fail at once (nothing listens on port 9); "Refresh" until both are logged.
    await waitUntil(
      async () => {
        shadow(shadow(admin).querySelector('comment-thread-admin-deliveries')).querySelector<HTMLButtonElement>('button')?.click();
        await new Promise((r) => setTimeout(r, 300));
        const [hooks, mails] = [...logs()];
        return hooks?.textContent!.includes('not reached') && mails?.textContent!.includes('not sent');
      },
      'the logs did not show both failed tries',
      { timeout: 10_000, interval: 500 },
    );
    const [hooks, mails] = [...logs()].map((table) => [...table.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].slice(0, 4).map((cell) => cell.textContent)));
    expect(hooks[0]).to.deep.equal(['comment.created', 'http://127.0.0.1:9/hook', 'Will try again', '1']);
    expect(mails[0]!.slice(1)).to.deep.equal(['owner@blog.test', 'Will try again', '1']);
    await expect(admin).shadowDom.to.be.accessible();
  });

  it('signs out, and brings the sign-in back with a word when the session ends', async () => {
    const { api, direct } = await newServer();
    await postGuest(direct, '/out/', 'Ann', 'Hi');
    const admin = await signedInPage(api, 1);
    // The session ends elsewhere (another tab signs out): the next action says so and asks again.
    const csrf = ((await (await fetch(`${api}/api/admin/session`)).json()) as { csrf: string }).csrf;
    expect((await fetch(`${api}/api/admin/session`, { method: 'DELETE', headers: { 'X-CSRF-Token': csrf } })).status).to.equal(204);
    rowButton(rowsOf(admin)[0]!, 'approve').click();
    await waitUntil(() => shadow(admin).querySelector('comment-thread-admin-sign-in'), 'the sign-in did not come back');
    const form = shadow(admin).querySelector('comment-thread-admin-sign-in')!;
    await (form as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(shadow(form).querySelector('[role="status"]')!.textContent).to.equal('Your sign-in has ended. Sign in again to go on.');

    await signIn(api);
    const again = await signedInPage(api, 1);
    shadow(again).querySelector<HTMLButtonElement>('[data-action="sign-out"]')!.click();
    await waitUntil(() => shadow(again).querySelector('comment-thread-admin-sign-in'), 'not signed out');
    expect((await fetch(`${api}/api/admin/comments`)).status).to.equal(401);
  });

  it('fits a 375 px screen without scrolling sideways', async () => {
    const { api, direct } = await newServer();
    await postGuest(direct, '/a-rather-long-thread-address/2024/05/that-goes-on-and-on/', 'Someone with a long name indeed', `${'word '.repeat(60)} https://example.com/${'x'.repeat(80)}`);
    await signIn(api);
    const holder = await fixture<HTMLDivElement>(html`<div style="inline-size: 375px"><comment-thread-admin api=${api}></comment-thread-admin></div>`);
    const admin = holder.querySelector('comment-thread-admin')!;
    await waitUntil(() => queueOf(admin) && rowsOf(admin).length === 1);
    const row = rowsOf(admin)[0]!;
    rowButton(row, 'reply').click();
    await waitUntil(() => shadow(row).querySelector('textarea'));
    for (const el of [admin, queueOf(admin)!, row]) expect(el.scrollWidth, el.localName).to.be.at.most(375);
    expect(holder.scrollWidth).to.equal(375);
    await expect(admin).shadowDom.to.be.accessible();
  });
});
