// E-mail notifications from real server processes on a real SQLite file and a real PostgreSQL
// database, sent through SMTP to a real SMTP server (smtp-server on 127.0.0.1) and read back
// with mailparser: who gets mail and who does not, one-click unsubscribe, retries with backoff,
// mail that survives a restart, hostile names and bodies inert, and addresses that never leave.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import domino from '@mixmark-io/domino';
import { ALL_VERSIONS, BACKENDS, databaseAtVersion, freshDatabase, openEvents, post, request, runCli, startServer, until as waitFor, withDatabase, xssPayloads } from './helpers.mjs';
import { ownerMail, replyMail } from '../dist/mail/message.js';

const ADMIN = 'admin-token-for-mail-tests-0123';
const admin = { authorization: `Bearer ${ADMIN}` };
const OWNER = 'owner@blog.test';
const PUBLIC = 'https://comments.blog.test/';
const SITE = 'https://blog.test/';
const RETRY_MS = 150;
const key = (who) => ({ 'X-Author-Key': `mail-test-author-${who}-0123456789` });

/**
 * A local SMTP server: every message parsed with mailparser into `received` (with the
 * envelope's recipients and when it came); `state.refuse` answers the next RCPT TOs with that
 * code (`{ code, times }`), each refusal recorded in `refusals`.
 */
async function smtpSink(port = 0) {
  const received = [];
  const refusals = [];
  const state = { refuse: null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.refuse && state.refuse.times > 0) {
        state.refuse.times--;
        refusals.push({ at: performance.now(), to: address.address, code: state.refuse.code });
        const error = new Error(state.refuse.code >= 500 ? 'No such mailbox here' : 'Try again later');
        error.responseCode = state.refuse.code;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        received.push({ at: performance.now(), to: session.envelope.rcptTo.map((r) => r.address), mail: await simpleParser(raw), raw: raw.toString('utf8') });
        callback();
      });
    },
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    port: server.server.address().port,
    received,
    refusals,
    state,
    /** Mail received to `to` (and matching `match`), in order. */
    to: (to, match = () => true) => received.filter((m) => m.to.includes(to) && match(m.mail)),
    close: () => new Promise((r) => server.close(r)),
  };
}

/** A local webhook receiver: every body it gets. */
async function hookSink() {
  const bodies = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => (bodies.push(body), res.writeHead(204).end()));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, bodies, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
/** Waits for a condition, looking often (mail comes in milliseconds), 5 s at most by default. */
const until = (check, ms = 5000, what) => waitFor(check, ms, what, 25);

/** The mail log of the server, newest first. */
const mailLog = async (url) => (await request(`${url}/api/admin/mail`, { headers: admin })).body.mails;

/**
 * Asserts that `html` is our template and nothing else: only its elements and attributes, links
 * to where they should go, and each of `texts` there as text.
 */
function assertInert(html, texts) {
  const doc = domino.createDocument(html);
  for (const element of doc.querySelectorAll('*')) {
    assert.ok(['HTML', 'HEAD', 'BODY', 'P', 'BLOCKQUOTE', 'A'].includes(element.tagName), `no <${element.tagName}> from a visitor`);
    for (const { name, value } of element.attributes) {
      assert.ok(name === 'style' || (name === 'href' && element.tagName === 'A'), `no ${name}= from a visitor`);
      if (name === 'href') assert.match(value, /^https:\/\/(blog|comments\.blog)\.test\//);
    }
  }
  const text = doc.body.textContent;
  for (const t of texts) assert.ok(text.includes(t), `the text ${JSON.stringify(t.slice(0, 60))} is there as text`);
}

describe('mail messages with the XSS corpora as names and bodies', () => {
  it('keeps every payload text in the HTML part: no element, attribute or link of its own', () => {
    const links = { site: SITE, server: PUBLIC, unsubscribe: `${PUBLIC}api/unsubscribe?a=x&s=replies&t=y` };
    const base = { threadId: '/posts/x', parentId: null, rootId: 'p', authorWebsite: null, status: 'published', kind: 'comment', role: null, aliases: [], score: 0, pinned: false, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: null, editTokenHash: null, authorHash: null, addressHash: null, authorEmail: null, notifyReplies: false };
    const payloads = xssPayloads();
    assert.ok(payloads.length > 500);
    for (const payload of payloads) {
      const hostile = { ...base, id: 'r', parentId: 'p', authorName: payload.slice(0, 80), body: payload, authorWebsite: 'https://x.test/"><script>', authorEmail: `a"<b>@x.test` };
      const parent = { ...base, id: 'p', authorName: payload.slice(0, 80), body: payload };
      for (const message of [replyMail(hostile, parent, links), ownerMail(hostile, parent, links), ownerMail({ ...hostile, status: 'pending' }, null, links)]) {
        // (A body is quoted up to 2,000 characters; the link leads to the rest.)
        const quoted = payload.length > 2000 ? payload.slice(0, 1999) : payload;
        assertInert(message.html, [quoted, payload.slice(0, 80).trim()].filter(Boolean));
        assert.ok(message.text.includes(quoted));
        assert.doesNotMatch(message.subject, /[\r\n]/);
      }
    }
  });
});

for (const kind of BACKENDS) {
  describe(`mail on ${kind}`, () => {
    let db;
    let sink;
    let hooks;
    let server;
    let url;
    let scratch;
    let n = 0;
    const thread = () => `/posts/${kind}-${++n}/`;
    const args = () => [
      '--db', db.url, '--admin-token', ADMIN, '--rate-limit', '100000',
      '--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port), '--mail-from', 'Blog comments <comments@blog.test>',
      '--notify-email', OWNER, '--server-url', PUBLIC, '--site-url', SITE, '--mail-retry', String(RETRY_MS),
      '--review-words', join(scratch, 'review.txt'), '--webhook', hooks.url, '--webhook-secret', 'webhook-secret-0123456789',
    ];
    /** The server's own address for a link in a mail (which names `--server-url`). */
    const local = (link) => `${url}${new URL(link).pathname}${new URL(link).search}`;

    before(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'ct-mail-'));
      writeFileSync(join(scratch, 'review.txt'), 'holdme\n');
      db = await freshDatabase(kind);
      sink = await smtpSink();
      hooks = await hookSink();
      server = await startServer(args());
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await sink?.close();
      await hooks?.close();
      await db?.drop();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('says it sends mail; a wish for mail needs an address, and an address must look like one', async () => {
      assert.deepEqual((await request(`${url}/api/config`)).body, { mail: true });
      const threadId = thread();
      const refused = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, author: { name: 'Ann' }, body: 'hi', notifyReplies: true } });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.field, 'author.email');
      assert.match(refused.body.error.message, /give your e-mail address/);
      for (const email of ['no-at-sign', 'two@@example.test', 'a b@example.test', 'a@b.test, c@d.test', `${'x'.repeat(250)}@b.test`]) {
        const bad = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, author: { name: 'Ann', email }, body: 'hi' } });
        assert.deepEqual([bad.status, bad.body.error.field], [400, 'author.email'], email);
      }
    });

    it('mails a reply to the author who asked for it, never to one who did not or to the replier; the owner hears of each comment', async () => {
      const threadId = thread();
      const ann = await post(url, { threadId, author: { name: 'Ann', email: ' Ann@Example.test ' }, body: 'Ann asks', notifyReplies: true }, key('ann'));
      const carl = await post(url, { threadId, author: { name: 'Carl', email: 'carl@example.test' }, body: 'Carl does not ask' }, key('carl'));
      const bob = await post(url, { threadId, parentId: ann.comment.id, author: { name: 'Bob' }, body: 'Bob answers Ann\n\nin two paragraphs' }, key('bob'));
      await post(url, { threadId, parentId: carl.comment.id, author: { name: 'Bob' }, body: 'Bob answers Carl' }, key('bob'));
      await post(url, { threadId, parentId: ann.comment.id, author: { name: 'Ann' }, body: 'Ann answers herself' }, key('ann'));
      await post(url, { threadId, parentId: ann.comment.id, author: { name: 'Ann again', email: 'ANN@example.TEST' }, body: 'Ann from another browser' }, key('ann-2'));
      await until(() => sink.to(OWNER, (m) => m.subject.includes(threadId)).length >= 6, 5000, 'six mails to the owner');
      await until(() => sink.received.some((m) => m.mail.subject?.startsWith('Bob replied')), 5000, `the reply mail (${JSON.stringify(sink.received.map((m) => m.to))})`);
      await pause(250);
      const toAnn = sink.received.filter((m) => m.to.some((to) => to.toLowerCase() === 'ann@example.test'));
      assert.equal(toAnn.length, 1, 'one mail to Ann: her own answers are not news to her');
      assert.equal(sink.to('carl@example.test').length, 0, 'Carl did not ask');
      const { mail } = toAnn[0];
      assert.equal(mail.subject, `Bob replied to your comment on ${SITE}posts/${kind}-${n}/`);
      assert.equal(mail.from.value[0].address, 'comments@blog.test');
      assert.match(mail.text, /Bob replied to your comment/);
      assert.match(mail.text, /> Bob answers Ann\n>\n> in two paragraphs/);
      assert.ok(mail.text.includes(`${SITE}posts/${kind}-${n}/#comment-${bob.comment.id}`), 'a link to the reply');
      assert.match(mail.text, /> Ann asks/);
      assert.ok(mail.html.includes('Bob answers Ann'));
      const unsubscribe = mail.headers.get('list').unsubscribe;
      assert.match(unsubscribe.url ?? '', /^https:\/\/comments\.blog\.test\/api\/unsubscribe\?a=[\w-]+&s=replies&t=[\w-]+$/);
      const headerLines = toAnn[0].raw.split('\r\n\r\n')[0].split('\r\n');
      assert.ok(headerLines.includes(`List-Unsubscribe: <${unsubscribe.url}>`), 'List-Unsubscribe, on one line');
      assert.ok(headerLines.includes('List-Unsubscribe-Post: List-Unsubscribe=One-Click'), 'List-Unsubscribe-Post (RFC 8058)');
      assert.ok(mail.text.includes(`Stop these e-mails: ${unsubscribe.url}`), 'the link in the body too');
      assert.ok(!unsubscribe.url.toLowerCase().includes('ann'), 'the link carries no address');
      // The owner: every guest comment, published, with the link and the moderation page.
      const owner = sink.to(OWNER, (m) => m.subject.includes(threadId));
      assert.ok(owner.every(({ mail: m }) => m.subject === `New comment on ${SITE}posts/${kind}-${n}/`));
      const first = owner.find(({ mail: m }) => m.text.includes('Ann asks')).mail;
      assert.match(first.text, /^Ann wrote a comment on https:\/\/blog\.test\/posts\/.*\n\nIt is published\./);
      assert.ok(first.text.includes(`The comment: ${SITE}posts/${kind}-${n}/#comment-${ann.comment.id}`));
      assert.ok(first.text.includes('Moderation: https://comments.blog.test/admin'));
      assert.match(first.text, /The author gave the e-mail address Ann@Example\.test \(not checked\)/);
      assert.match(first.headers.get('list').unsubscribe.url, /s=owner&/);
      assert.ok(owner.some(({ mail: m }) => m.text.includes('Bob wrote a reply to Ann on')));
    });

    it('holds a reply that waits for moderation: the owner is told it waits; its author only once it is approved', async () => {
      const threadId = thread();
      const ann = await post(url, { threadId, author: { name: 'Ann', email: 'ann.pending@example.test' }, body: 'Ann asks again', notifyReplies: true }, key('ann'));
      const held = await post(url, { threadId, parentId: ann.comment.id, author: { name: 'Dan' }, body: 'please holdme for review' }, key('dan'));
      assert.equal(held.comment.status, 'pending');
      await until(() => sink.to(OWNER, (m) => m.text.includes('please holdme')).length === 1, 5000, 'the owner mail');
      const { mail } = sink.to(OWNER, (m) => m.text.includes('please holdme'))[0];
      assert.equal(mail.subject, `A comment waits for moderation on ${SITE}posts/${kind}-${n}/`);
      assert.match(mail.text, /It waits for moderation: nobody else sees it until you approve it\./);
      assert.ok(mail.text.includes('Approve or reject it: https://comments.blog.test/admin'));
      assert.ok(!mail.text.includes('#comment-'), 'no link to a comment nobody can see');
      await pause(250);
      assert.equal(sink.to('ann.pending@example.test').length, 0, 'nothing to Ann yet');
      assert.equal((await request(`${url}/api/admin/comments/${held.comment.id}/approve`, { method: 'POST', headers: admin })).status, 200);
      await until(() => sink.to('ann.pending@example.test').length === 1, 5000, 'the reply mail after approval');
      assert.match(sink.to('ann.pending@example.test')[0].mail.subject, /^Dan replied to your comment/);
    });

    it('unsubscribes with one click (POST), never with a GET, and sends nothing to that address again; forged links are refused', async () => {
      const threadId = thread();
      const email = 'eve@example.test';
      const eve = await post(url, { threadId, author: { name: 'Eve', email }, body: 'Eve asks', notifyReplies: true }, key('eve'));
      await post(url, { threadId, parentId: eve.comment.id, author: { name: 'Bob' }, body: 'first answer' }, key('bob'));
      await until(() => sink.to(email).length === 1, 5000, 'the first reply mail');
      const link = sink.to(email)[0].mail.headers.get('list').unsubscribe.url;
      // A GET (a mail scanner following the link) shows a page with a button, and changes nothing.
      const page = await request(local(link));
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type'), /^text\/html/);
      assert.match(page.body, /<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe<\/button><\/form>/);
      assert.doesNotMatch(page.body, /<script/i);
      const csp = page.headers.get('content-security-policy');
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /form-action 'self'/);
      assert.match(csp, /style-src 'sha256-[\w+/=]+'/);
      assert.doesNotMatch(csp, /script-src|unsafe/);
      await post(url, { threadId, parentId: eve.comment.id, author: { name: 'Bob' }, body: 'second answer' }, key('bob'));
      await until(() => sink.to(email).length === 2, 5000, 'the second reply mail: a GET did not unsubscribe');
      // Forged or damaged links: another address's hash, a token for another kind of mail, a cut token.
      const forged = new URL(local(link));
      for (const change of [(u) => u.searchParams.set('a', 'someone-else'), (u) => u.searchParams.set('s', 'owner'), (u) => u.searchParams.set('t', u.searchParams.get('t').slice(0, 20)), (u) => u.searchParams.delete('t')]) {
        const bad = new URL(forged);
        change(bad);
        for (const method of ['GET', 'POST']) {
          const answer = await request(bad.href, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: method === 'POST' ? 'List-Unsubscribe=One-Click' : undefined });
          assert.equal(answer.status, 400, `${method} ${bad.search}`);
          assert.match(answer.body, /This unsubscribe link is not valid/);
        }
      }
      // One click, as a mail client sends it (RFC 8058).
      const done = await request(local(link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      assert.equal(done.status, 200);
      assert.match(done.body, /No more e-mails about replies to your comments will be sent to this address/);
      assert.equal((await request(local(link), { method: 'POST' })).status, 200, 'again: still fine');
      await post(url, { threadId, parentId: eve.comment.id, author: { name: 'Bob' }, body: 'third answer' }, key('bob'));
      // Even a new comment that asks for mail from that address (in any case) gets none.
      const again = await post(url, { threadId, author: { name: 'Eve', email: 'EVE@example.test' }, body: 'Eve asks once more', notifyReplies: true }, key('eve'));
      await post(url, { threadId, parentId: again.comment.id, author: { name: 'Bob' }, body: 'fourth answer' }, key('bob'));
      await until(() => sink.to(OWNER, (m) => m.text.includes('fourth answer')).length === 1, 5000, 'the owner mail of the last reply');
      await pause(250);
      assert.equal(sink.received.filter((m) => m.to.some((to) => to.toLowerCase() === email)).length, 2, 'nothing after unsubscribing');
    });

    it('keeps the address out of every list, comment, feed, live event and webhook; gives it to its author and the admin, who find and delete by it', async () => {
      const threadId = thread();
      const email = 'private.person@example.test';
      const events = await openEvents(`${url}/api/events?thread=${encodeURIComponent(threadId)}`);
      await events.next('ready');
      hooks.bodies.length = 0;
      const saved = await post(url, { threadId, author: { name: 'Pat', email }, body: 'Pat writes', notifyReplies: true }, key('pat'));
      const reply = await post(url, { threadId, parentId: saved.comment.id, author: { name: 'Pat' }, body: 'Pat adds' }, key('pat-2'));
      await events.next('created');
      await until(() => hooks.bodies.length >= 2, 5000, 'the webhooks');
      const seen = [
        JSON.stringify(saved),
        JSON.stringify((await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`, { headers: key('pat') })).body),
        JSON.stringify((await request(`${url}/api/comments/${saved.comment.id}`, { headers: key('pat') })).body),
        (await request(`${url}/api/comments.atom?thread=${encodeURIComponent(threadId)}`)).body,
        (await request(`${url}/api/comments.rss`)).body,
        JSON.stringify((await request(`${url}/api/admin/comments?status=pending`, { headers: admin })).body),
        JSON.stringify(events.all()),
        ...hooks.bodies,
      ];
      events.close();
      for (const text of seen) assert.ok(!text.toLowerCase().includes('private.person'), `no address in ${text.slice(0, 80)}…`);
      assert.ok(!JSON.stringify(saved).includes('notifyReplies'));
      // Their own download has it; so has the admin's, found by the address in any case.
      const mine = (await request(`${url}/api/me`, { headers: key('pat') })).body;
      assert.deepEqual([mine.comments[0].author.email, mine.comments[0].notifyReplies], [email, true]);
      const found = await request(`${url}/api/admin/authors/comments?email=${encodeURIComponent('PRIVATE.Person@Example.test')}`, { headers: admin });
      assert.equal(found.status, 200);
      assert.deepEqual(found.body.comments.map((c) => [c.id, c.author.email]), [[saved.comment.id, email]]);
      assert.equal((await request(`${url}/api/admin/authors/comments?email=${encodeURIComponent(email)}&name=Pat`, { headers: admin })).status, 400);
      assert.equal((await request(`${url}/api/admin/authors/comments`, { headers: admin })).status, 400);
      assert.equal((await request(`${url}/api/admin/authors/comments?email=${encodeURIComponent(email)}`)).status, 401);
      // The export (a backup that travels) carries no address.
      const exported = await runCli(['export', '--db', db.url]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.ok(exported.stdout.includes('Pat writes') && !exported.stdout.includes('private.person'));
      // Deleted by the address: the comment with replies stays as a placeholder, without its address.
      const removed = await request(`${url}/api/admin/authors/comments?email=${encodeURIComponent(email)}`, { method: 'DELETE', headers: admin });
      assert.deepEqual(removed.body, { removed: 0, placeholders: 1 });
      assert.deepEqual((await request(`${url}/api/admin/authors/comments?email=${encodeURIComponent(email)}`, { headers: admin })).body.comments, []);
      const own = (await request(`${url}/api/me`, { headers: key('pat-2') })).body.comments;
      assert.deepEqual(own.map((c) => c.id), [reply.comment.id], 'the reply without an address stays');
    });

    it('gives up at once on a mailbox the SMTP server refuses for good (5xx), and tries a 4xx again after the wait, then twice as long', async () => {
      const threadId = thread();
      sink.refusals.length = 0;
      sink.state.refuse = { code: 550, times: 1 };
      await post(url, { threadId, author: { name: 'Gil' }, body: 'refused for good' }, key('gil'));
      await until(async () => (await mailLog(url)).some((m) => m.status === 'failed'), 5000, 'a failed mail');
      const failed = (await mailLog(url)).find((m) => m.status === 'failed');
      assert.deepEqual([failed.target, failed.event, failed.attempts], [OWNER, 'owner.published', 1]);
      assert.match(failed.lastResult, /^not sent \(550 No such mailbox here\)$/);
      sink.state.refuse = { code: 451, times: 2 };
      await post(url, { threadId, author: { name: 'Gil' }, body: 'greylisted' }, key('gil'));
      await until(() => sink.to(OWNER, (m) => m.text.includes('greylisted')).length === 1, 5000, 'the mail after two refusals');
      const [, first, second] = sink.refusals;
      const delivered = sink.to(OWNER, (m) => m.text.includes('greylisted'))[0];
      assert.ok(second.at - first.at >= RETRY_MS - 20, `waited ${Math.round(second.at - first.at)} ms`);
      assert.ok(delivered.at - second.at >= 2 * RETRY_MS - 20, `then ${Math.round(delivered.at - second.at)} ms`);
      await until(async () => (await mailLog(url))[0].status === 'delivered', 3000, 'the log');
      const [logged] = await mailLog(url);
      assert.deepEqual([logged.event, logged.status, logged.attempts], ['owner.published', 'delivered', 3]);
      assert.match(logged.lastResult, /^250 /);
    });

    it('keeps mail while the SMTP server is down, across a restart, and sends it once the server is back', async () => {
      const threadId = thread();
      const port = sink.port;
      await sink.close();
      await post(url, { threadId, author: { name: 'Hal' }, body: 'nobody listening' }, key('hal'));
      await until(async () => (await mailLog(url))[0]?.attempts >= 2, 5000, 'two attempts');
      const [owed] = await mailLog(url);
      assert.equal(owed.status, 'pending');
      assert.match(owed.lastResult, /^not sent \(.*ECONNREFUSED.*\)$/);
      await server.stop();
      sink = await smtpSink(port);
      server = await startServer(args());
      url = server.url;
      await until(() => sink.to(OWNER, (m) => m.text.includes('nobody listening')).length === 1, 8000, 'the owed mail');
      await until(async () => (await mailLog(url))[0].status === 'delivered', 3000, 'the log');
      assert.ok((await mailLog(url))[0].attempts >= 3);
    });

    it('sends a real mail with a hostile name and body whose HTML part is inert', async () => {
      const threadId = thread();
      const name = '<img src=x onerror=alert(1)>"\'&';
      const body = '<script>alert("x")</script>\n<a href="javascript:alert(1)">click</a> <svg onload=alert(1)>';
      await post(url, { threadId, author: { name, website: 'https://evil.test/"><b>' }, body }, key('mallory'));
      await until(() => sink.to(OWNER, (m) => m.text.includes('<script>alert')).length === 1, 5000, 'the owner mail');
      const { mail } = sink.to(OWNER, (m) => m.text.includes('<script>alert'))[0];
      assertInert(mail.html, [name, body]);
      assert.ok(mail.subject.startsWith('New comment on'));
    });
  });
}

for (const kind of BACKENDS) {
  describe(`schema version 13 (e-mail) on ${kind}`, () => {
    it('upgrades a version 10 database with a comment and a webhook still owed: kept, no address, mail from then on', async () => {
      const db = await freshDatabase(kind);
      const sink = await smtpSink();
      const INSERT = `INSERT INTO comments (id, thread_id, parent_id, root_id, author_name, body, status, kind, score, created_at) VALUES ('v10a', '/v10/', NULL, 'v10a', 'Vera', 'old words', 'published', 'comment', 0, '2024-01-01T09:00:00.000Z')`;
      const OUTBOX = `INSERT INTO outbox (kind, target, event, payload, next_at, created_at) VALUES ('webhook', 'http://127.0.0.1:9/x', 'comment.created', '{}', '2999-01-01T00:00:00.000Z', '2024-01-01T09:00:00.000Z')`;
      await databaseAtVersion(db, 10, { sqlite: (raw) => (raw.exec(INSERT), raw.exec(OUTBOX)), postgres: async (client) => (await client.query(INSERT), await client.query(OUTBOX)) });
      const server = await startServer(['--db', db.url, '--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port), '--mail-from', 'c@blog.test', '--notify-email', OWNER, '--server-url', PUBLIC]);
      try {
        await post(server.url, { threadId: '/v10/', parentId: 'v10a', author: { name: 'Walt' }, body: 'a new reply' }, key('walt'));
        await until(() => sink.to(OWNER).length === 1, 5000, 'the owner mail');
        // Vera gave no address (there was none to give): nothing to her; the link goes to this server, the site's own.
        assert.ok(sink.to(OWNER)[0].mail.text.includes(`${PUBLIC}v10/#comment-`));
        assert.equal(sink.received.length, 1);
      } finally {
        await server.stop();
        await sink.close();
      }
      const check = (rows) => {
        assert.deepEqual(rows.versions, ALL_VERSIONS);
        assert.deepEqual(rows.old, { author_email: null, notify: false });
        assert.deepEqual(rows.outbox, [['webhook', 'pending'], ['mail', 'delivered']]);
      };
      await withDatabase(db, {
        sqlite: (raw) => {
          check({
            versions: raw.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
            old: ((r) => ({ author_email: r.author_email, notify: r.notify_replies === 1 }))(raw.prepare(`SELECT author_email, notify_replies FROM comments WHERE id = 'v10a'`).get()),
            outbox: raw.prepare('SELECT kind, status FROM outbox ORDER BY id').raw().all(),
          });
          assert.throws(() => raw.prepare(`UPDATE comments SET notify_replies = 2 WHERE id = 'v10a'`).run(), /CHECK constraint failed/);
          assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
        },
        postgres: async (client) => {
          const old = (await client.query(`SELECT author_email, notify_replies FROM comments WHERE id = 'v10a'`)).rows[0];
          check({
            versions: (await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version),
            old: { author_email: old.author_email, notify: old.notify_replies },
            outbox: (await client.query('SELECT kind, status FROM outbox ORDER BY id')).rows.map((r) => [r.kind, r.status]),
          });
        },
      });
      await db.drop();
    });
  });
}

describe('a server without mail', () => {
  it('offers no mail, stores no address, and refuses mail options without --smtp-host', async () => {
    const db = await freshDatabase('sqlite');
    const server = await startServer(['--db', db.url, '--admin-token', ADMIN]);
    try {
      assert.deepEqual((await request(`${server.url}/api/config`)).body, { mail: false });
      await post(server.url, { threadId: '/no-mail/', author: { name: 'Ann', email: 'ann@example.test' }, body: 'hi', notifyReplies: true }, key('ann'));
      const mine = (await request(`${server.url}/api/me`, { headers: key('ann') })).body;
      assert.equal(mine.comments[0].author.email, undefined, 'nothing to send it for: not kept');
      assert.equal((await request(`${server.url}/api/admin/authors/comments?email=ann%40example.test`, { headers: admin })).body.comments.length, 0);
    } finally {
      await server.stop();
      await db.drop();
    }
    const checks = [];
    for (const [args, message] of [
      [['--notify-email', OWNER], /--notify-email is for sending mail: give --smtp-host too/],
      [['--smtp-host', '127.0.0.1'], /--smtp-host needs --mail-from/],
      [['--smtp-host', '127.0.0.1', '--mail-from', 'x@y.test'], /--smtp-host needs --server-url/],
      [['--smtp-host', '127.0.0.1', '--mail-from', 'Name <not an address>', '--server-url', PUBLIC], /--mail-from must be an address or "Name <address>"/],
      [['--smtp-host', '127.0.0.1', '--mail-from', 'x@y.test', '--server-url', PUBLIC, '--smtp-user', 'u'], /--smtp-user and --smtp-pass go together/],
      [['--smtp-host', '127.0.0.1', '--mail-from', 'x@y.test', '--server-url', PUBLIC, '--notify-email', 'nobody'], /--notify-email must be an e-mail address, not "nobody"/],
    ]) {
      checks.push(
        runCli(args).then((result) => {
          assert.equal(result.code, 2, args.join(' '));
          assert.match(result.stderr, message);
        }),
      );
    }
    await Promise.all(checks);
  });
});
