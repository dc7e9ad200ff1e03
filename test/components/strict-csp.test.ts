import { expect, waitUntil } from '@open-wc/testing';
import { threadStorageKey } from '../../src/adapters/local-storage-format.js';
import { randomId } from '../../src/core/id.js';
import { renderMarkdown } from '../../src/core/markdown.js';

/**
 * The widget on a page served with a strict Content-Security-Policy header (no inline script,
 * no eval, no inline style, Trusted Types required), in a same-origin iframe: what a site gets
 * from the CDN, the drop-in bundle with its lazy chunks and the standalone `<comment-count>`,
 * built from this working tree (scripts/test-strict-csp.mjs serves the pages and the build).
 * Each page records every `securitypolicyviolation` from its first script on; a test fails on
 * any, then checks that the policy was really in force (eval is refused and reported).
 */

/** Why this browser cannot run the Trusted Types tests, or '' where it can. */
const NO_TRUSTED_TYPES =
  'trustedTypes' in window ? '' : 'skipped: this browser has no Trusted Types (window.trustedTypes); the rest of the policy is tested in it';

/** The policy names the widget needs in `trusted-types` (scripts/test-strict-csp.mjs, TRUSTED_TYPES). */
const POLICIES = 'comment-thread lit-html comment-thread-worker';

interface Violation {
  directive: string;
  blockedURI: string;
  sample: string;
  sourceFile: string;
  line: number;
}

/** The iframe's window: its own realm, with what the page's first script records. */
type PageWindow = Window &
  typeof globalThis & {
    cspViolations: Violation[];
    consoleErrors: string[];
    xssCalls: string[];
    trustedTypes?: { createPolicy(name: string, rules: object): unknown };
  };

const { url: server, failure } = (await (await fetch('/__comment-server.json')).json()) as { url?: string; failure?: string };
if (!server) throw new Error(failure ?? 'no comment server');

/** Stores a comment on the comment server; resolves with its id. */
async function post(threadId: string, body: string, { parentId = null as string | null, name = 'Ada' } = {}): Promise<string> {
  const response = await fetch(`${server}/api/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ threadId, parentId, author: { name }, body }),
  });
  const answer = (await response.json()) as { comment?: { id: string }; error?: { message: string } };
  if (!response.ok || !answer.comment) throw new Error(`the server refused a comment: ${answer.error?.message ?? response.status}`);
  return answer.comment.id;
}

/** A comment server of its own (a scope of scripts/test-comment-server.mjs) that asks a proof-of-work of each post. */
async function proofOfWorkServer(): Promise<string> {
  const response = await fetch('/__comment-server/scope', { method: 'POST', body: JSON.stringify({ server: { proofOfWork: 20 } }) });
  return ((await response.json()) as { base: string }).base;
}

/** What Markdown makes of a body, as text: what the reader should see. */
function markdownText(source: string): string {
  const template = document.createElement('template');
  template.innerHTML = renderMarkdown(source);
  return normalized(template.content.textContent!);
}

const normalized = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Every line of the public XSS corpora (test/fixtures/xss), packed into comment bodies of at
 * most 4,900 characters, one paragraph per line. The server refuses control characters (one
 * line has one): they become U+FFFD.
 */
async function corpusBodies(): Promise<string[]> {
  const corpus = (await (await fetch('/__corpus/xss.json')).json()) as { files?: Record<string, string[]>; missing?: string };
  if (!corpus.files) throw new Error(`The XSS corpus is missing: expected it at ${corpus.missing}.`);
  const bodies: string[] = [];
  let body = '';
  for (const line of Object.values(corpus.files).flat()) {
    const clean = line.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
    if (body && body.length + clean.length + 2 > 4900) {
      bodies.push(body);
      body = '';
    }
    body = body ? `${body}\n\n${clean}` : clean;
  }
  if (body) bodies.push(body);
  return bodies;
}

/** Elements the widget's own DOM and the Markdown allowlist can produce. */
const ALLOWED_ELEMENTS = new Set([
  'section', 'header', 'h2', 'h3', 'p', 'div', 'span', 'label', 'select', 'option', 'ol', 'li', 'article', 'a',
  'time', 'button', 'comment-thread-form', 'form', 'input', 'textarea', 'strong', 'em', 'del', 'code', 'pre',
  'blockquote', 'ul', 'br', 'slot',
]);

/** Elements, handler attributes and script URLs in a shadow tree (and those inside it) that no comment may make. */
function audit(root: ShadowRoot, problems: string[] = []): string[] {
  for (const el of root.querySelectorAll('*')) {
    // The form's own "Your comments on this site" (a <details> no comment can make: the sanitizer's allowlist has none).
    if (!ALLOWED_ELEMENTS.has(el.localName) && !el.closest('[part~="your-data"]')) problems.push(`element <${el.localName}>`);
    for (const { name, value } of el.attributes) {
      if (name.startsWith('on') || name === 'style' || name === 'srcdoc') problems.push(`<${el.localName} ${name}>`);
      if (name === 'href' && !/^(https?:|mailto:|#)/i.test(value.trim())) problems.push(`<${el.localName} href="${value}">`);
    }
    if (el.shadowRoot) audit(el.shadowRoot, problems);
  }
  return problems;
}

/** A page of scripts/test-strict-csp.mjs, open in an iframe of this (same-origin) test page. */
class CspPage {
  private constructor(
    readonly frame: HTMLIFrameElement,
    readonly header: string,
  ) {}

  static async open(path: string, query: Record<string, string>): Promise<CspPage> {
    const address = `${path}?${new URLSearchParams(query)}`;
    // The policy comes as a response header (the page has no <meta> policy).
    const response = await fetch(address);
    if (!response.ok) throw new Error(`${address}: ${response.status} ${await response.text()}`);
    const header = response.headers.get('content-security-policy') ?? '';
    const frame = document.createElement('iframe');
    frame.width = '900';
    frame.height = '1400';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.src = address;
    document.body.append(frame);
    await loaded;
    const page = new CspPage(frame, header);
    expect(page.doc.querySelector('meta[http-equiv]'), 'a <meta> policy').to.equal(null);
    return page;
  }

  get win(): PageWindow {
    return this.frame.contentWindow as unknown as PageWindow;
  }

  get doc(): Document {
    return this.frame.contentDocument!;
  }

  get thread(): HTMLElement {
    return this.doc.querySelector('comment-thread')!;
  }

  /** Elements matching `selector` in the thread's shadow root. */
  all(selector: string): HTMLElement[] {
    return [...(this.thread.shadowRoot?.querySelectorAll<HTMLElement>(selector) ?? [])];
  }

  articles(): HTMLElement[] {
    return this.all('article[part~="comment"]');
  }

  articleWith(text: string): HTMLElement | undefined {
    return this.articles().find((a) => a.querySelector('[part~="body"]')?.textContent?.includes(text));
  }

  /** The paths of the files the page has loaded (scripts and chunks included). */
  loaded(): string[] {
    return this.win.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
  }

  /** Whether the page has loaded the bundle's chunk `name` (`comment-thread.NAME-HASH.js`). */
  loadedChunk(name: string): boolean {
    const file = new RegExp(`/comment-thread\\.${name}-[\\w-]{8}\\.js$`);
    return this.loaded().some((path) => file.test(path));
  }

  /** Waits until the thread shows `count` comments, none of them pending. */
  async untilComments(count: number, message: string): Promise<void> {
    await waitUntil(() => this.articles().length === count && this.all('.pending').length === 0, message, { timeout: 20_000 });
  }

  /** Types into a field of a `<comment-thread-form>` of the page, as a visitor would. */
  async type(form: HTMLElement & { updateComplete?: Promise<unknown> }, name: string, value: string): Promise<void> {
    await this.win.customElements.whenDefined('comment-thread-form');
    await form.updateComplete;
    const field = form.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)!;
    field.value = value;
    field.dispatchEvent(new this.win.Event('input', { bubbles: true, composed: true }));
    await form.updateComplete;
  }

  /**
   * No violation was reported, nothing was logged as an error and nothing of the corpus ran;
   * then the policy is shown to be in force: the page's eval is refused, and reported to the
   * same listener.
   */
  async expectCleanAndEnforced(): Promise<void> {
    // A violation is reported in a task of its own: let any pending one arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(this.win.cspViolations, 'violations of the policy').to.deep.equal([]);
    expect(this.win.consoleErrors, 'errors in the console').to.deep.equal([]);
    expect(this.win.xssCalls, 'alert & co. called').to.deep.equal([]);
    expect(this.header).to.contain("require-trusted-types-for 'script'");
    expect(this.header).not.to.contain('unsafe-');
    expect(() => this.win.eval('1'), 'eval ran').to.throw();
    await waitUntil(() => this.win.cspViolations.length > 0, 'the refused eval was not reported');
    // (Trusted Types refuse a string for eval before script-src does, where the browser has them.)
    expect(this.win.cspViolations[0]!.directive).to.match(/^(script-src|require-trusted-types-for$)/);
  }

  close(): void {
    this.frame.remove();
  }
}

/** The sanitizers a page can run: the browser's (DOMPurify where it has none), or DOMPurify. */
const SANITIZERS = [
  { query: {}, title: "the browser's sanitizer" },
  { query: { sanitizer: 'dompurify' }, title: 'DOMPurify, as in a browser without the HTML Sanitizer API' },
] as const;

type Form = HTMLElement & { submit(): Promise<void> };

describe('<comment-thread> on a page with a strict Content-Security-Policy header', () => {
  let page: CspPage | null = null;
  afterEach(() => {
    page?.close();
    page = null;
  });

  // One thread for the first paint: Markdown, a reply, and every line of the XSS corpora.
  const paintThread = `/csp/paint/${randomId()}`;
  const rich = 'Hello **bold** and _emphasis_, a [link](https://example.com/page "A title") and `inline code`:\n\n```js\nconst x = 1 < 2;\n```\n\n> quoted';
  const replyBody = 'A reply with <img src=x onerror=alert(1)> in it';
  let bodies: string[] = [];
  before(async () => {
    const first = await post(paintThread, rich);
    await post(paintThread, replyBody, { parentId: first, name: '<img src=x onerror=alert(2)>' });
    const corpus = await corpusBodies();
    for (const body of corpus) await post(paintThread, body, { name: 'Corpus' });
    bodies = [rich, replyBody, ...corpus];
  });

  for (const sanitizer of SANITIZERS) {
    it(`paints Markdown, links, code, the XSS corpora as text, identicons and the count, with ${sanitizer.title}, and no violation`, async () => {
      page = await CspPage.open('/__csp/thread.html', { thread: paintThread, src: server!, ...sanitizer.query });
      await page.untilComments(bodies.length, 'the thread did not paint every comment');

      // Rich text: the sanitizer ran, not the plain-text fallback of one that could not start.
      const article = page.articleWith('Hello bold')!;
      expect(article.querySelector('strong')!.textContent).to.equal('bold');
      expect(article.querySelector('em')!.textContent).to.equal('emphasis');
      const link = article.querySelector('[part~="body"] a[href="https://example.com/page"]')!;
      expect(link.getAttribute('rel')).to.equal('nofollow ugc noopener noreferrer');
      expect(article.querySelector('pre code')!.textContent).to.contain('const x = 1 < 2;');
      expect(article.querySelector('blockquote')!.textContent).to.contain('quoted');
      const withPlatform = 'setHTML' in page.win.Element.prototype;
      const purify = page.loadedChunk('dompurify');
      expect(purify, withPlatform ? 'DOMPurify loaded beside the Sanitizer API' : 'DOMPurify did not load').to.equal(!withPlatform);

      // Every body reads as its Markdown says, the corpus as text; nothing of it became markup.
      const shown = page.all('article[part~="comment"] [part~="body"]').map((body) => normalized(body.textContent!));
      expect(shown).to.have.members(bodies.map(markdownText));
      expect(audit(page.thread.shadowRoot!)).to.deep.equal([]);
      expect(page.articleWith('A reply with')!.textContent).to.contain('<img src=x onerror=alert(2)>');

      // Identicons: each article's ::before, painted by the classes of a constructed stylesheet.
      expect(getComputedStyle(article, '::before').backgroundImage).to.contain('gradient');

      // <comment-count> through the bundle's stand-in and its chunk, with its stylesheet.
      const count = page.doc.querySelector('comment-count')!;
      count.style.setProperty('--ct-count-link-color', 'rgb(1, 2, 3)');
      await waitUntil(() => count.shadowRoot?.querySelector('[part="count"]'), 'the count did not show', { timeout: 10_000 });
      expect(count.shadowRoot!.querySelector('[part="count"]')!.textContent).to.equal(`${bodies.length} comments`);
      expect(getComputedStyle(count.shadowRoot!.querySelector('a')!).color).to.equal('rgb(1, 2, 3)');

      await page.expectCleanAndEnforced();
    });
  }

  for (const sanitizer of SANITIZERS) {
    it(`loads the write path at Reply, posts a reply and a comment rendered from Markdown, with ${sanitizer.title}, and no violation`, async () => {
      const thread = `/csp/write/${randomId()}`;
      await post(thread, 'The first comment');
      page = await CspPage.open('/__csp/thread.html', { thread, src: server!, ...sanitizer.query });
      await page.untilComments(1, 'the thread did not paint');

      page.articleWith('The first comment')!.querySelector<HTMLButtonElement>('[part~="reply-button"]')!.click();
      await waitUntil(() => page!.all('.inline-form comment-thread-form').length === 1, 'no reply form');
      const reply = page.all('.inline-form comment-thread-form')[0] as Form;
      await page.type(reply, 'name', 'Bo');
      await page.type(reply, 'body', 'A **reply** with [a link](https://example.com/reply)');
      await reply.submit();
      await page.untilComments(2, 'the reply did not settle');
      const replied = page.articleWith('A reply with a link')!;
      expect(replied.querySelector('strong')!.textContent).to.equal('reply');
      expect(replied.querySelector('[part~="body"] a')!.getAttribute('href')).to.equal('https://example.com/reply');

      const composer = page.all('.composer comment-thread-form')[0] as Form;
      await page.type(composer, 'name', 'Cy');
      await page.type(composer, 'body', 'Posted under a _strict_ policy: `code` and <script>alert(3)</script>');
      await composer.submit();
      await page.untilComments(3, 'the comment did not settle');
      const posted = page.articleWith('Posted under a strict policy')!;
      expect(posted.querySelector('em')!.textContent).to.equal('strict');
      expect(posted.querySelector('[part~="body"] code')!.textContent).to.equal('code');
      expect(posted.querySelector('[part~="body"]')!.textContent).to.contain('<script>alert(3)</script>');

      for (const chunk of ['write', 'markdown', 'http']) {
        expect(page.loadedChunk(chunk), `comment-thread.${chunk}-HASH.js did not load`).to.equal(true);
      }
      expect(audit(page.thread.shadowRoot!)).to.deep.equal([]);
      await page.expectCleanAndEnforced();
    });
  }

  it('needs no style, image or other source: under the minimal policy (default-src none) it reads, posts and counts', async () => {
    const thread = `/csp/minimal/${randomId()}`;
    await post(thread, 'Under the *minimal* policy');
    page = await CspPage.open('/__csp/thread.html', { thread, src: server!, policy: 'minimal' });
    expect(page.header).to.contain("default-src 'none'");
    expect(page.header).not.to.match(/style-src|img-src/);
    await page.untilComments(1, 'the thread did not paint');
    expect(page.articleWith('Under the minimal policy')!.querySelector('em')!.textContent).to.equal('minimal');
    // The element's own styles are constructed stylesheets: they apply.
    const article = page.articles()[0]!;
    expect(getComputedStyle(article, '::before').backgroundImage).to.contain('gradient');
    expect(getComputedStyle(page.all('[part~="list"]')[0]!).listStyleType).to.equal('none');
    const composer = page.all('.composer comment-thread-form')[0] as Form;
    await page.type(composer, 'body', 'Posted under the **minimal** policy');
    await composer.submit();
    await page.untilComments(2, 'the comment did not settle');
    expect(page.articleWith('Posted under the minimal policy')!.querySelector('strong')).to.exist;
    const count = page.doc.querySelector('comment-count')!;
    await waitUntil(() => count.shadowRoot?.querySelector('[part="count"]'), 'the count did not show', { timeout: 10_000 });
    await page.expectCleanAndEnforced();
  });

  it('posts to a server that asks a proof-of-work: its worker loads from beside the bundle and solves it, with no violation', async () => {
    const src = await proofOfWorkServer();
    page = await CspPage.open('/__csp/thread.html', { thread: `/csp/proof/${randomId()}`, src });
    await waitUntil(() => page!.all('.composer comment-thread-form').length === 1, 'no composer', { timeout: 20_000 });
    const composer = page.all('.composer comment-thread-form')[0] as Form;
    await page.type(composer, 'body', 'Posted with a **proof-of-work**');
    await composer.submit();
    await page.untilComments(1, 'the comment did not settle');
    for (const chunk of ['proof', 'proof-worker']) {
      expect(page.loadedChunk(chunk), `comment-thread.${chunk}-HASH.js did not load`).to.equal(true);
    }
    await page.expectCleanAndEnforced();
  });

  it('with the sample adapter (no src, no connect-src): comments stored without HTML wait for the Markdown chunk, then a post', async () => {
    const thread = `/csp/local/${randomId()}`;
    // Stored as an older version of the sample adapter stored them: without `html`.
    const stored = [
      { id: 'a', threadId: thread, parentId: null, author: { name: 'Ada' }, body: 'Stored *without* HTML: [a link](https://example.com/local)', createdAt: new Date(Date.now() - 60_000).toISOString() },
    ];
    localStorage.setItem(threadStorageKey(thread), JSON.stringify(stored));
    try {
      page = await CspPage.open('/__csp/thread.html', { thread, policy: 'minimal' });
      expect(page.header).not.to.contain('connect-src');
      await page.untilComments(1, 'the thread did not paint');
      const article = page.articleWith('Stored without HTML')!;
      expect(article.querySelector('em')!.textContent).to.equal('without');
      expect(article.querySelector('[part~="body"] a')!.getAttribute('href')).to.equal('https://example.com/local');
      const composer = page.all('.composer comment-thread-form')[0] as Form;
      await page.type(composer, 'name', 'Bo');
      await page.type(composer, 'body', 'Kept in **this browser**');
      await composer.submit();
      await page.untilComments(2, 'the comment did not settle');
      expect(page.articleWith('Kept in this browser')!.querySelector('strong')!.textContent).to.equal('this browser');
      for (const chunk of ['markdown', 'local', 'write', 'local-write']) {
        expect(page.loadedChunk(chunk), `comment-thread.${chunk}-HASH.js did not load`).to.equal(true);
      }
      await page.expectCleanAndEnforced();
    } finally {
      localStorage.removeItem(threadStorageKey(thread));
    }
  });

  it('shows the standalone <comment-count> (dist/comment-count.js) with its link style, with no violation', async () => {
    const thread = `/csp/count/${randomId()}`;
    await post(thread, 'One');
    await post(thread, 'Two');
    page = await CspPage.open('/__csp/count.html', { thread, src: server!, policy: 'minimal' });
    const count = page.doc.querySelector('comment-count')!;
    count.style.setProperty('--ct-count-link-color', 'rgb(4, 5, 6)');
    await waitUntil(() => count.shadowRoot?.querySelector('[part="count"]'), 'the count did not show', { timeout: 10_000 });
    expect(count.shadowRoot!.querySelector('[part="count"]')!.textContent).to.equal('2 comments');
    expect(getComputedStyle(count.shadowRoot!.querySelector('a')!).color).to.equal('rgb(4, 5, 6)');
    await page.expectCleanAndEnforced();
  });
});

/** `describe` for the Trusted Types tests: skipped, saying why, in a browser without them. */
const describeTrustedTypes = (title: string, body: () => void) =>
  NO_TRUSTED_TYPES ? describe.skip(`${title} (${NO_TRUSTED_TYPES})`, body) : describe(title, body);

describeTrustedTypes('<comment-thread> under Trusted Types', () => {
  let page: CspPage | null = null;
  afterEach(() => {
    page?.close();
    page = null;
  });

  it('the pages enforce them: a string to innerHTML throws and is reported, only the listed policies can be made', async () => {
    page = await CspPage.open('/__csp/thread.html', { thread: `/csp/tt/${randomId()}` });
    expect(page.header).to.contain(`trusted-types ${POLICIES}`);
    expect(() => {
      page!.doc.createElement('div').innerHTML = '<b>x</b>';
    }, 'a string reached innerHTML').to.throw();
    expect(() => page!.win.trustedTypes!.createPolicy('not-listed', {}), 'an unlisted policy was made').to.throw();
    await waitUntil(() => page!.win.cspViolations.length >= 2, 'the violations were not reported');
    expect(page.win.cspViolations.map((v) => v.directive)).to.deep.equal(['require-trusted-types-for', 'trusted-types']);
  });

  it('without `comment-thread` in the list, DOMPurify does not start and bodies stay plain text, as the console says', async () => {
    const thread = `/csp/tt-missing/${randomId()}`;
    await post(thread, 'Plain *text* only');
    page = await CspPage.open('/__csp/thread.html', { thread, src: server!, sanitizer: 'dompurify', 'trusted-types': 'lit-html' });
    await page.untilComments(1, 'the thread did not paint');
    await waitUntil(() => page!.win.cspViolations.length > 0, 'the refused policy was not reported');
    const message = 'comment-thread: could not load the HTML sanitizer; comments are shown as plain text.';
    await waitUntil(() => page!.win.consoleErrors.some((error) => error.includes(message)), 'the console did not say why');
    const article = page.articleWith('Plain')!;
    expect(article.querySelector('em'), 'rich text without a sanitizer').to.equal(null);
    expect(normalized(article.querySelector('[part~="body"]')!.textContent!)).to.equal('Plain *text* only');
    // The one violation: the policy the widget asked for and the page did not list.
    expect(page.win.cspViolations.map((v) => [v.directive, v.sample])).to.deep.equal([['trusted-types', 'comment-thread']]);
  });

  it('without `comment-thread-worker` in the list, the proof-of-work is solved on the page and the post goes through', async () => {
    const src = await proofOfWorkServer();
    page = await CspPage.open('/__csp/thread.html', { thread: `/csp/proof-no-policy/${randomId()}`, src, 'trusted-types': 'comment-thread lit-html' });
    await waitUntil(() => page!.all('.composer comment-thread-form').length === 1, 'no composer', { timeout: 20_000 });
    const composer = page.all('.composer comment-thread-form')[0] as Form;
    await page.type(composer, 'body', 'Solved on the page');
    await composer.submit();
    await page.untilComments(1, 'the comment did not settle');
    expect(page.loadedChunk('proof-worker'), 'a worker started').to.equal(false);
    // The one violation: the policy the widget asked for and the page did not list.
    expect(page.win.cspViolations.map((v) => [v.directive, v.sample])).to.deep.equal([['trusted-types', 'comment-thread-worker']]);
  });

  it('without `lit-html` in the list, a page reads and counts, and only the write path is refused', async () => {
    const thread = `/csp/tt-read-only/${randomId()}`;
    await post(thread, 'Read *only*');
    page = await CspPage.open('/__csp/thread.html', { thread, src: server!, 'trusted-types': 'comment-thread' });
    await page.untilComments(1, 'the thread did not paint');
    expect(page.articleWith('Read only')!.querySelector('em')!.textContent).to.equal('only');
    const count = page.doc.querySelector('comment-count')!;
    await waitUntil(() => count.shadowRoot?.querySelector('[part="count"]'), 'the count did not show', { timeout: 10_000 });
    // The write path loads when the browser is idle: Lit's policy is refused.
    await waitUntil(() => page!.win.cspViolations.length > 0, 'the write path did not load', { timeout: 10_000 });
    expect(page.win.cspViolations.map((v) => [v.directive, v.sample])).to.deep.equal([['trusted-types', 'lit-html']]);
    expect(page.win.customElements.get('comment-thread-form')).to.equal(undefined);
  });
});
