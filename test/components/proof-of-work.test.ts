import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { randomId } from '../../src/core/id.js';
import { $, articleTexts, composer, formReady, typeInto } from '../helpers.js';

/**
 * A comment server started with `--proof-of-work` (a scope of scripts/test-comment-server.mjs
 * with a server of its own), through the real HttpAdapter: the visitor types and posts, and
 * nothing else; the adapter learns from the refused first post that the server asks for a
 * proof, fetches a challenge, solves it in a Web Worker and posts again. A server that refuses
 * the proof (the fault proxy answering for it) leaves the text in the form with its message.
 */

interface LoggedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  upstreamStatus: number | null;
  fault: string | null;
}

const control = async <T,>(path: string, method: string, body?: unknown): Promise<T> =>
  (await (await fetch(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })).json()) as T;

/** A scope in front of a server of its own that asks a proof-of-work of `work` tries at most. */
async function proofScope(work: number): Promise<{ scope: string; base: string; requests(): Promise<LoggedRequest[]> }> {
  const { scope, base } = await control<{ scope: string; base: string }>('/__comment-server/scope', 'POST', { server: { proofOfWork: work } });
  const requests = async () =>
    (await control<{ requests: LoggedRequest[] }>(`/__comment-server/log?scope=${scope}`, 'GET')).requests.filter((r) => r.method !== 'OPTIONS' && r.path !== '/api/events');
  return { scope, base, requests };
}

async function mount(threadId: string, src: string): Promise<CommentThread> {
  const el = await fixture<CommentThread>(html`<comment-thread thread-id=${threadId} src=${src}></comment-thread>`);
  // (A server of its own, just started, on a busy machine: allow it a few seconds.)
  await waitUntil(() => $(el, '[part~="empty"], [part~="list"]'), 'the thread did not load', { timeout: 5000 });
  return el;
}

const said = (el: CommentThread): string => $(el, '[role="status"][aria-live="polite"]')!.textContent ?? '';

/** Workers the page started, and how many of them answered, counted around `window.Worker`. */
function watchWorkers(): { started: string[]; answered: () => number; restore(): void } {
  const Original = window.Worker;
  const started: string[] = [];
  let answered = 0;
  window.Worker = class extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      started.push(String(url));
      this.addEventListener('message', () => answered++);
    }
  };
  return { started, answered: () => answered, restore: () => (window.Worker = Original) };
}

describe('posting to a comment server that asks a proof-of-work', () => {
  let workers: ReturnType<typeof watchWorkers> | null = null;
  afterEach(() => {
    workers?.restore();
    workers = null;
    for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
  });

  it('solves it in a worker while the form says "Posting…", and the post is announced; the next post solves first', async () => {
    workers = watchWorkers();
    const { base, requests } = await proofScope(300);
    const threadId = `/proof/${randomId()}`;
    const el = await mount(threadId, base);
    const form = await formReady(composer(el));
    await typeInto(form, 'name', 'Ann');
    await typeInto(form, 'body', 'Worth the work');
    const submit = form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!;
    const posted = form.submit();
    // While the challenge is solved the visitor sees the post under way, and nothing to do.
    await waitUntil(async () => (await requests()).some((r) => r.path === '/api/challenge'), 'no challenge was asked for');
    expect(submit.textContent!.trim()).to.equal('Posting…');
    expect(submit.getAttribute('aria-disabled')).to.equal('true');
    await posted;
    await waitUntil(() => articleTexts(el).includes('Worth the work') && !$(el, '.pending'), 'the post did not settle');
    await waitUntil(() => said(el) === 'Your comment was posted.', `not announced: "${said(el)}"`);

    const first = await requests();
    expect(first.filter((r) => r.method !== 'GET' || r.path === '/api/challenge').map((r) => `${r.method} ${r.path} ${r.upstreamStatus}`)).to.deep.equal([
      'POST /api/comments 400',
      'GET /api/challenge 200',
      'POST /api/comments 201',
    ]);
    const posts = first.filter((r) => r.method === 'POST');
    expect(posts[1]!.idempotencyKey, 'the same post, sent again').to.equal(posts[0]!.idempotencyKey);
    expect(workers.started.length).to.equal(1);
    expect(workers.started[0]).to.match(/proof-worker\.(js|ts)$/);
    expect(workers.answered(), 'the worker solved it').to.equal(1);

    // The adapter knows now: the next post brings its proof at once.
    await typeInto(form, 'body', 'And again');
    await form.submit();
    await waitUntil(() => articleTexts(el).includes('And again') && !$(el, '.pending'), 'the second post did not settle');
    const second = (await requests()).slice(first.length).filter((r) => r.method === 'POST' || r.path === '/api/challenge');
    expect(second.map((r) => `${r.method} ${r.path} ${r.upstreamStatus}`)).to.deep.equal(['GET /api/challenge 200', 'POST /api/comments 201']);
  });

  it('solves it on the page where no worker can start (a bundle from another origin), and posts', async () => {
    const Original = window.Worker;
    let tried = 0;
    window.Worker = class {
      constructor() {
        tried++;
        throw new DOMException('A worker script must come from the page’s origin.', 'SecurityError');
      }
    } as unknown as typeof Worker;
    try {
      const { base, requests } = await proofScope(50);
      const threadId = `/proof-no-worker/${randomId()}`;
      const el = await mount(threadId, base);
      const form = await formReady(composer(el));
      await typeInto(form, 'body', 'Solved on the page');
      await form.submit();
      await waitUntil(() => articleTexts(el).includes('Solved on the page') && !$(el, '.pending'), 'the post did not settle');
      expect(tried, 'a worker was tried first').to.equal(1);
      expect((await requests()).filter((r) => r.method === 'POST').map((r) => r.upstreamStatus)).to.deep.equal([400, 201]);
    } finally {
      window.Worker = Original;
    }
  });

  it('keeps the text in the form with a polite message when the server refuses the proof, and posts it when asked again', async () => {
    const { scope, base, requests } = await proofScope(10);
    const refusal = {
      error: { code: 'proof-invalid', message: 'The check that comes with each comment did not work out. Please post again: your browser will do a new one.', field: 'proof' },
    };
    // The first post and the one sent again with its proof are both refused.
    await control(`/__comment-server/faults?scope=${scope}`, 'POST', { path: '/api/comments', method: 'POST', action: 'status', status: 400, body: refusal, times: 2 });
    const threadId = `/proof-refused/${randomId()}`;
    const el = await mount(threadId, base);
    const form = await formReady(composer(el));
    await typeInto(form, 'name', 'Bo');
    await typeInto(form, 'body', 'Refused, but kept');
    await form.submit();

    const alert = form.shadowRoot!.querySelector('[part~="form-error"][role="alert"]');
    expect(alert, 'no message').to.exist;
    expect(alert!.textContent).to.contain('Your comment could not be posted.');
    expect(alert!.textContent).to.contain('Please post again: your browser will do a new one.');
    expect(form.shadowRoot!.querySelector('textarea')!.value).to.equal('Refused, but kept');
    expect(articleTexts(el)).to.deep.equal([]);
    const refused = await requests();
    expect(refused.filter((r) => r.method === 'POST').map((r) => r.fault)).to.deep.equal(['status', 'status']);
    expect(refused.filter((r) => r.path === '/api/challenge')).to.have.length(1, 'one new proof, then the refusal stands');

    // The visitor posts again: a new proof, and the server takes it.
    await form.submit();
    await waitUntil(() => articleTexts(el).includes('Refused, but kept') && !$(el, '.pending'), 'the post did not settle');
    expect(form.shadowRoot!.querySelector('textarea')!.value).to.equal('');
  });
});
