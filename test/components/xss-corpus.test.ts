import { expect, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import type { Comment } from '../../src/adapters/storage-adapter.js';
import { renderMarkdown } from '../../src/core/markdown.js';
import { prepareSanitizer } from '../../src/core/sanitize.js';
import { $, $$, composer, formReady, mountThread, typeInto } from '../helpers.js';
import { describeEngine } from '../sanitizer-engines.js';

/**
 * Every line of the public XSS corpora (vendored in test/fixtures/xss, served by the test
 * runner) goes through the body, name and website of comments in a real rendered thread, and
 * through the form. Nothing may run, and the DOM may hold no handler attribute, no
 * script-capable URL and no element our templates do not make, while the text stays readable.
 */

interface Corpus {
  files?: Record<string, string[]>;
  missing?: string;
}

/** Elements our own templates and the Markdown allowlist can produce. */
const ALLOWED_ELEMENTS = new Set([
  'section', 'header', 'h2', 'h3', 'p', 'div', 'span', 'label', 'select', 'option', 'ol', 'li', 'article',
  'svg', 'rect', 'path', 'a', 'time', 'button', 'comment-thread-form', 'form', 'input', 'textarea', 'strong',
  'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'br',
]);
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'srcset', 'data'];

/** Problems found in a shadow tree and the shadow trees inside it. */
function audit(root: ShadowRoot | DocumentFragment, problems: string[] = []): string[] {
  for (const el of root.querySelectorAll('*')) {
    const tag = el.localName;
    if (!ALLOWED_ELEMENTS.has(tag)) problems.push(`element <${tag}>`);
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`<${tag} ${name}>`);
      if (name === 'style' || name === 'srcdoc') problems.push(`<${tag} ${name}>`);
      if (URL_ATTRIBUTES.includes(name)) {
        const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (/^(javascript|data|vbscript):/.test(value)) problems.push(`<${tag} ${name}="${attr.value}">`);
        if (tag === 'a' && name === 'href' && !/^(https?:|mailto:|#)/.test(value)) problems.push(`<a href="${attr.value}">`);
      }
    }
    if (el.shadowRoot) audit(el.shadowRoot, problems);
  }
  return problems;
}

/** What Markdown makes of a payload, as text (the reader should see exactly this). */
function markdownText(source: string): string {
  const template = document.createElement('template');
  template.innerHTML = renderMarkdown(source);
  return template.content.textContent!.replace(/\s+/g, ' ').trim();
}

async function loadCorpus(): Promise<Array<{ file: string; line: string }>> {
  const corpus = (await (await fetch('/__corpus/xss.json')).json()) as Corpus;
  if (corpus.missing) {
    throw new Error(`The XSS corpus is missing: expected it at ${corpus.missing}.`);
  }
  return Object.entries(corpus.files!).flatMap(([file, lines]) => lines.map((line) => ({ file, line })));
}

// Both sanitizer engines: the browser's Sanitizer API (Chromium and Firefox have it; in WebKit
// these are skipped), then DOMPurify, which browsers without it load.
for (const engine of ['platform', 'dompurify'] as const) {
  describeEngine(engine, `<comment-thread> against the public XSS corpora, ${engine} sanitizer`, () => {
    before(async () => {
      expect(await prepareSanitizer(engine === 'platform' ? 'auto' : 'dompurify')).to.equal(engine);
    });

    let fired: string[] = [];
    const saved = { alert: window.alert, confirm: window.confirm, prompt: window.prompt, print: window.print };

    beforeEach(() => {
      fired = [];
      const trap = (name: string) => (...args: unknown[]) => {
        fired.push(`${name}(${args.map(String).join(',')})`);
        return null as never;
      };
      window.alert = trap('alert');
      window.confirm = trap('confirm') as typeof window.confirm;
      window.prompt = trap('prompt') as typeof window.prompt;
      window.print = trap('print');
    });

    afterEach(() => {
      Object.assign(window, saved);
      for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
    });

    it('renders every payload as text in body, name and website, running nothing', async () => {
      const payloads = await loadCorpus();
      expect(payloads.length).to.be.greaterThan(500);
      const comments: Comment[] = payloads.map(({ line }, i) => ({
        id: `x${i}`,
        threadId: 'xss',
        parentId: i % 3 === 2 ? `x${i - 1}` : null,
        author: { name: line, website: line },
        body: line,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      }));
      const el = await mountThread(new MemoryAdapter({ comments }), { threadId: 'xss', maxDepth: 3 });
      // Give anything that might have slipped through (onload, onerror, autofocus…) time to fire.
      await new Promise((r) => setTimeout(r, 300));

      expect(fired, 'script ran').to.deep.equal([]);
      expect(audit(el.shadowRoot!), 'unsafe DOM').to.deep.equal([]);

      const articles = $$(el, 'article[part~="comment"]');
      expect(articles.length).to.equal(payloads.length);
      const unreadable: string[] = [];
      for (const article of articles) {
        const index = Number(article.id.slice('comment-x'.length));
        const { line } = payloads[index]!;
        const name = article.querySelector('[part~="author"]')!.textContent!;
        if (name !== line.trim()) unreadable.push(`name of #${index}: ${JSON.stringify(name)}`);
        const body = article.querySelector('[part~="body"]')!.textContent!.replace(/\s+/g, ' ').trim();
        if (body !== markdownText(line)) unreadable.push(`body of #${index}: ${JSON.stringify(body)}`);
        if (/<script/i.test(line) && !/<script/i.test(body) && !/`/.test(line)) unreadable.push(`#${index} lost its <script text`);
        const link = article.querySelector<HTMLAnchorElement>('a[part~="author"]');
        if (link && !/^https?:$/.test(new URL(link.href).protocol)) unreadable.push(`website of #${index}: ${link.href}`);
      }
      expect(unreadable, 'text changed or lost').to.deep.equal([]);
    });

    it('renders every payload sent as a stored html (a hostile server), running nothing', async () => {
      const payloads = await loadCorpus();
      const comments: Comment[] = payloads.map(({ line }, i) => ({
        id: `h${i}`,
        threadId: 'xss-html',
        parentId: null,
        author: { name: `n${i}` },
        body: 'the source, not shown when html is given',
        html: line,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      }));
      const el = await mountThread(new MemoryAdapter({ comments }), { threadId: 'xss-html' });
      await new Promise((r) => setTimeout(r, 300));
      expect(fired, 'script ran').to.deep.equal([]);
      expect(audit(el.shadowRoot!), 'unsafe DOM').to.deep.equal([]);
      const articles = $$(el, 'article[part~="comment"]');
      expect(articles.length).to.equal(payloads.length);
      // The stored rendering is what shows: the source is never rendered instead.
      expect(articles.filter((article) => article.textContent!.includes('the source, not shown'))).to.deep.equal([]);
    });

    it('posts the polyglots and Brute Logic strings through the form, running nothing', async () => {
      const payloads = (await loadCorpus()).filter(({ file }) => /Polyglots|BRUTELOGIC/.test(file));
      expect(payloads.length).to.be.greaterThan(20);
      const adapter = new MemoryAdapter();
      const el = await mountThread(adapter, { threadId: 'xss-form' });
      const form = await formReady(composer(el));
      for (const { line } of payloads) {
        await typeInto(form, 'name', line.slice(0, 80));
        await typeInto(form, 'website', '');
        await typeInto(form, 'body', line);
        await form.submit();
      }
      await waitUntil(() => $$(el, 'article[part~="comment"]').length === payloads.length, 'not every payload was posted');
      // A hostile website is refused by the form, never stored.
      await typeInto(form, 'website', 'javascript:alert(document.domain)');
      await typeInto(form, 'body', 'website test');
      await form.submit();
      expect(form.shadowRoot!.querySelector('#website-error')).to.exist;
      await new Promise((r) => setTimeout(r, 300));
      expect(fired, 'script ran').to.deep.equal([]);
      expect(audit(el.shadowRoot!), 'unsafe DOM').to.deep.equal([]);
      const stored = (await adapter.list('xss-form')).comments;
      expect(stored.map((c) => c.body).sort()).to.deep.equal(payloads.map((p) => p.line).sort());
      expect($(el, '[part~="heading"]')!.textContent).to.contain(String(payloads.length));
    });
});
}
