import { expect, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import { AdapterError } from '../../src/adapters/storage-adapter.js';
import type { CommentForm } from '../../src/components/comment-form/comment-form.js';
import { loadDraft } from '../../src/components/comment-form/form-storage.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { renderMarkdown } from '../../src/core/markdown.js';
import { LINK_REL, prepareSanitizer } from '../../src/core/sanitize.js';
import { en } from '../../src/i18n/en.js';
import { pressKeys, typeKeys } from '../commands.js';
import { $, $$, SwitchableAdapter, composer, deepActiveElement, formReady, mountThread, sample, typeInto } from '../helpers.js';
import { describeEngine } from '../sanitizer-engines.js';

/**
 * The form's Write and Preview tabs (the WAI-ARIA Authoring Practices' tabs pattern), the
 * preview rendered with the thread's own renderer and sanitizer, and the formatting help.
 */

/**
 * The key to press, by its KeyboardEvent.key name. The keyboard command passes one character
 * through as it is, and WebKit's WebDriver knows the arrows, Home and End by the code points the
 * W3C WebDriver spec gives them (the command's own table has no entry for them yet).
 */
const WEBDRIVER = !/Chrome|Firefox/.test(navigator.userAgent);
const WEBDRIVER_KEYS: Record<string, string> = { ArrowLeft: '\uE012', ArrowRight: '\uE014', Home: '\uE011', End: '\uE010' };
const key = (name: string) => (WEBDRIVER ? WEBDRIVER_KEYS[name] ?? name : name);

const inForm = <T extends Element = HTMLElement>(form: CommentForm, selector: string) => form.shadowRoot!.querySelector<T>(selector)!;
const tab = (form: CommentForm, name: 'write' | 'preview') => inForm<HTMLButtonElement>(form, `#${name}-tab`);
const panel = (form: CommentForm, name: 'write' | 'preview') => inForm(form, `#${name}-panel`);
const textarea = (form: CommentForm) => inForm<HTMLTextAreaElement>(form, 'textarea');
const previewing = (form: CommentForm) => tab(form, 'preview').getAttribute('aria-selected') === 'true';

/** Shows the Preview tab by clicking it, and waits for it. */
async function preview(form: CommentForm): Promise<HTMLElement> {
  tab(form, 'preview').click();
  await waitUntil(() => previewing(form) && !panel(form, 'preview').hidden, 'the preview did not show');
  await form.updateComplete;
  return panel(form, 'preview');
}

/** The posted (stored, not pending) comment's body whose text starts with `start`. */
async function postedBody(el: CommentThread, start: string): Promise<HTMLElement> {
  const find = () =>
    $$(el, 'article[part~="comment"]:not(.pending) [part~="body"]').find((body) => body.textContent!.trim().startsWith(start));
  await waitUntil(find, `no posted comment starting "${start}"`);
  return find()!;
}

/**
 * The preview's HTML as the thread would hold it in a comment's body element: a body of one
 * paragraph holds its text without the `<p>` (render/thread-engine.ts, bodyElement), which looks
 * the same (paragraphs have no margins in either).
 */
function asBody(preview: Element): string {
  const only = preview.firstElementChild;
  const single = only?.localName === 'p' && [...preview.childNodes].every((node) => node === only || !node.textContent!.trim());
  return single ? only.innerHTML : preview.innerHTML;
}

/** An element's computed styles that make up a body's typography. */
function typography(element: Element): Record<string, string> {
  const style = getComputedStyle(element);
  const names = [
    'font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'color', 'background-color',
    'margin-block-start', 'margin-block-end', 'margin-inline-start', 'padding-block-start', 'padding-inline-start',
    'border-inline-start-width', 'border-inline-start-style', 'border-inline-start-color', 'border-start-start-radius',
    'white-space', 'overflow-x', 'overflow-wrap',
    // Inherited, but it only shows on lists (the thread's own list of comments has none).
    ...(/^(ul|ol|li)$/.test(element.localName) ? ['list-style-type'] : []),
  ];
  return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]));
}

/** Handler attributes, script URLs and elements outside the body allowlist under `root`. */
function unsafe(root: Element): string[] {
  const allowed = new Set(['p', 'br', 'em', 'strong', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']);
  const problems: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (!allowed.has(el.localName)) problems.push(`element <${el.localName}>`);
    for (const { name, value } of el.attributes) {
      if (name.toLowerCase().startsWith('on') || name === 'style' || name === 'src' || name === 'srcdoc') problems.push(`<${el.localName} ${name}>`);
      if (/^(javascript|data|vbscript):/i.test(value.replace(/[\u0000-\u0020]/g, ''))) problems.push(`<${el.localName} ${name}="${value}">`);
    }
    if (el.localName === 'a' && el.getAttribute('rel') !== LINK_REL) problems.push(`<a rel="${el.getAttribute('rel')}">`);
  }
  return problems;
}

const MARKDOWN = [
  'A paragraph with **bold**, *italic*, ~~struck~~, `code` and [a link](https://example.com "Example").',
  'A second line of it.',
  '',
  '> A quote',
  '> over two lines',
  '',
  '- one',
  '- two',
  '',
  '3. three',
  '4. four',
  '',
  '```js',
  'const answer = 42;',
  '```',
  '',
  'https://example.org and the end.',
].join('\n');

describe('<comment-thread-form> Write and Preview tabs', () => {
  afterEach(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
    for (const el of document.querySelectorAll('body > comment-thread')) el.remove();
  });

  it('follows the tabs pattern in the composer, the reply form and the editor, each with ids of its own', async () => {
    class EditableAdapter extends MemoryAdapter {
      editableUntil(): Date {
        return new Date(Date.now() + 60 * 60_000);
      }
    }
    const el = await mountThread(new EditableAdapter({ comments: [sample('a', null, 'Ada', 'Mine to edit')] }));
    const main = await formReady(composer(el));
    const forms: CommentForm[] = [main];
    const open = async (button: string, selector: string) => {
      $(el, `button[part~="${button}"]`)!.click();
      await waitUntil(() => $(el, selector), `no ${selector}`);
      return formReady($(el, selector) as unknown as CommentForm);
    };

    for (const [label, next] of [
      ['Comment', () => open('reply-button', '.inline-form comment-thread-form')],
      ['Reply to Ada', () => open('edit-button', 'comment-thread-form[part~="editor"]')],
      ['Edit your comment', null],
    ] as const) {
      const form = forms.at(-1)!;
      // Its own shadow root: the same ids in every form, each unique in its tree.
      expect(form.shadowRoot!.querySelectorAll('#write-tab, #preview-tab, #write-panel, #preview-panel').length).to.equal(4);
      const list = inForm(form, '[role="tablist"]');
      expect(form.shadowRoot!.getElementById(list.getAttribute('aria-labelledby')!)!.textContent!.trim(), 'tablist name').to.equal(label);
      const tabs = [...list.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
      expect(tabs.map((t) => t.textContent!.trim())).to.deep.equal(['Write', 'Preview']);
      expect(tabs.map((t) => t.type)).to.deep.equal(['button', 'button']);
      for (const t of tabs) {
        const controlled = form.shadowRoot!.getElementById(t.getAttribute('aria-controls')!)!;
        expect(controlled.getAttribute('role')).to.equal('tabpanel');
        expect(controlled.getAttribute('aria-labelledby')).to.equal(t.id);
      }
      expect(tabs.map((t) => t.getAttribute('aria-selected'))).to.deep.equal(['true', 'false']);
      expect(tabs.map((t) => t.tabIndex)).to.deep.equal([0, -1]);
      expect(tabs.map((t) => t.part.value)).to.deep.equal(['tab selected-tab', 'tab']);
      expect(panel(form, 'write').hidden).to.equal(false);
      expect(panel(form, 'write').contains(textarea(form))).to.equal(true);
      expect(panel(form, 'preview').hidden).to.equal(true);
      expect(panel(form, 'preview').getAttribute('tabindex')).to.equal('0');

      await preview(form);
      expect(tabs.map((t) => t.getAttribute('aria-selected'))).to.deep.equal(['false', 'true']);
      expect(tabs.map((t) => t.tabIndex)).to.deep.equal([-1, 0]);
      expect(tabs.map((t) => t.part.value)).to.deep.equal(['tab', 'tab selected-tab']);
      expect(panel(form, 'write').hidden).to.equal(true);
      expect(deepActiveElement(), 'focus on the tab clicked').to.equal(tabs[1]);
      if (next) forms.push(await next());
    }
    // Each form has a state of its own: the composer is still on Preview, a new form on Write.
    expect(previewing(main)).to.equal(true);
    expect(main.getAttribute('exportparts')).to.contain('tabs, tab, selected-tab, preview');
  });

  it('moves with Left and Right (wrapping), Home and End, activating the tab; Tab goes to the panel', async () => {
    const el = await mountThread(new MemoryAdapter());
    const form = await formReady(composer(el));
    await typeInto(form, 'body', 'Some *text*');
    tab(form, 'write').focus();
    const expectOn = async (name: 'write' | 'preview', why: string) => {
      await waitUntil(() => deepActiveElement() === tab(form, name), `${why}: focus not on the ${name} tab`);
      await form.updateComplete;
      expect(tab(form, name).getAttribute('aria-selected'), why).to.equal('true');
      expect(panel(form, name).hidden, why).to.equal(false);
      expect(panel(form, name === 'write' ? 'preview' : 'write').hidden, why).to.equal(true);
    };
    await pressKeys(key('ArrowRight'));
    await expectOn('preview', 'ArrowRight');
    expect(panel(form, 'preview').querySelector('em')!.textContent).to.equal('text');
    await pressKeys(key('ArrowRight'));
    await expectOn('write', 'ArrowRight from the last tab wraps');
    await pressKeys(key('ArrowLeft'));
    await expectOn('preview', 'ArrowLeft from the first tab wraps');
    await pressKeys(key('ArrowLeft'));
    await expectOn('write', 'ArrowLeft');
    await pressKeys(key('End'));
    await expectOn('preview', 'End');
    await pressKeys(key('End'));
    await expectOn('preview', 'End again');
    await pressKeys(key('Home'));
    await expectOn('write', 'Home');
    await pressKeys(key('End'));
    await expectOn('preview', 'End');

    // Only the selected tab is in the Tab order: from it, Tab goes to the preview, and back.
    await pressKeys('Tab');
    await waitUntil(() => deepActiveElement() === panel(form, 'preview'), 'Tab did not reach the preview panel');
    await pressKeys('Shift', 'Tab');
    await waitUntil(() => deepActiveElement() === tab(form, 'preview'), 'Shift+Tab did not return to the selected tab');
  });

  it('renders the preview with the thread’s renderer and sanitizer: the same HTML and typography as the posted comment', async () => {
    const el = await mountThread(new MemoryAdapter());
    const form = await formReady(composer(el));
    await typeInto(form, 'body', MARKDOWN);
    const shown = await preview(form);
    expect(shown.part.value).to.equal('preview');
    expect(shown.getAttribute('dir')).to.equal('auto');
    const rendered = asBody(shown);
    expect(shown.querySelectorAll('strong, em, del, code, pre, blockquote, ul, ol, a').length).to.be.greaterThan(10);
    expect([...shown.querySelectorAll('a')].map((a) => a.rel)).to.deep.equal([LINK_REL, LINK_REL]);

    await pressKeys('Control', 'Enter');
    const body = await postedBody(el, 'A paragraph with');
    // MemoryAdapter stores no html: the thread rendered this body itself, as the preview did.
    expect(rendered).to.equal(body.innerHTML);

    // The thread sets the posted body; the form sets its preview: the same rules, element by element.
    await typeInto(form, 'body', MARKDOWN);
    const again = await preview(form);
    const ours = [...again.querySelectorAll('*')];
    const theirs = [...body.querySelectorAll('*')];
    expect(ours.map((e) => e.localName)).to.deep.equal(theirs.map((e) => e.localName));
    ours.forEach((element, i) => expect(typography(element), `<${element.localName}> #${i}`).to.deep.equal(typography(theirs[i]!)));
  });

  it('says "Nothing to preview" for an empty or blank body, in the form’s language', async () => {
    const el = await mountThread(new MemoryAdapter());
    const form = await formReady(composer(el));
    expect((await preview(form)).textContent!.trim()).to.equal('Nothing to preview');
    tab(form, 'write').click();
    await typeInto(form, 'body', '  \n\t ');
    expect((await preview(form)).textContent!.trim()).to.equal('Nothing to preview');
    const { de } = await import('../../src/i18n/de.js');
    el.strings = de;
    await waitUntil(() => panel(form, 'preview').textContent!.trim() === de.previewEmpty, 'not in German');
    expect(tab(form, 'write').textContent!.trim()).to.equal('Schreiben');
    expect(tab(form, 'preview').textContent!.trim()).to.equal('Vorschau');
  });

  it('keeps the draft, the caret and the focus when going back to Write', async () => {
    const el = await mountThread(new MemoryAdapter());
    const form = await formReady(composer(el));
    textarea(form).focus();
    await typeKeys('Hello world');
    await waitUntil(() => textarea(form).value === 'Hello world');
    textarea(form).setSelectionRange(5, 5);
    await pressKeys('Shift', 'Tab');
    await waitUntil(() => deepActiveElement() === tab(form, 'write'), 'Shift+Tab did not reach the Write tab');
    await pressKeys(key('ArrowRight'));
    await waitUntil(() => previewing(form));
    await waitUntil(() => panel(form, 'preview').textContent!.trim() === 'Hello world', 'no preview');
    await pressKeys(key('ArrowLeft'));
    await waitUntil(() => !previewing(form));
    expect(deepActiveElement(), 'the focus stays on the tab').to.equal(tab(form, 'write'));
    expect(textarea(form).value).to.equal('Hello world');
    expect([textarea(form).selectionStart, textarea(form).selectionEnd], 'caret').to.deep.equal([5, 5]);
    expect(loadDraft('thread-1', null).body).to.equal('Hello world');

    await pressKeys('Tab');
    await waitUntil(() => deepActiveElement() === textarea(form), 'Tab did not reach the body');
    await typeKeys(',');
    // WebKitGTK puts the caret at the start of a textarea in a shadow root that Tab focuses,
    // Preview or not (it does so without the tabs too); the others go on where it was.
    const expected = WEBDRIVER ? ',Hello world' : 'Hello, world';
    await waitUntil(() => textarea(form).value === expected, `typing did not go on at the caret: ${textarea(form).value}`);
    expect(loadDraft('thread-1', null).body).to.equal(expected);
  });

  it('posts from Preview with Ctrl+Enter and with the button, and is back on Write after each post', async () => {
    const adapter = new MemoryAdapter();
    const el = await mountThread(adapter);
    const form = await formReady(composer(el));

    await typeInto(form, 'body', 'Posted **from the preview**');
    (await preview(form)).focus();
    await pressKeys('Control', 'Enter');
    await postedBody(el, 'Posted from the preview');
    await waitUntil(() => !previewing(form), 'not back on Write');
    expect(panel(form, 'write').hidden).to.equal(false);
    expect(panel(form, 'preview').hidden).to.equal(true);
    expect(panel(form, 'preview').childNodes.length, 'the old preview is gone').to.equal(0);
    expect(textarea(form).value).to.equal('');
    await waitUntil(() => deepActiveElement() === textarea(form), 'the focus, on the preview, did not go to the body');

    await typeInto(form, 'body', 'Posted with the button');
    await preview(form);
    const button = inForm<HTMLButtonElement>(form, '[part~="submit-button"]');
    button.focus();
    await pressKeys('Enter');
    await postedBody(el, 'Posted with the button');
    await waitUntil(() => !previewing(form), 'not back on Write');
    expect(deepActiveElement(), 'the focus stays on the button').to.equal(button);
    expect((await adapter.list('thread-1')).comments.map((c) => c.body)).to.deep.equal(['Posted **from the preview**', 'Posted with the button']);
  });

  it('keeps the draft and the preview when a post fails; an empty body sends the visitor back to Write', async () => {
    const adapter = new SwitchableAdapter();
    const el = await mountThread(adapter);
    const form = await formReady(composer(el));
    await typeInto(form, 'body', 'Please keep me');
    await preview(form);
    adapter.failCreate = new AdapterError('network', 'Network is down.');
    await form.submit();
    await form.updateComplete;
    expect(inForm(form, '[part~="form-error"]').textContent).to.contain('Network is down.');
    expect(previewing(form)).to.equal(true);
    expect(panel(form, 'preview').textContent!.trim()).to.equal('Please keep me');
    expect(textarea(form).value).to.equal('Please keep me');
    expect(loadDraft('thread-1', null).body).to.equal('Please keep me');
    await expect(form).shadowDom.to.be.accessible();

    await typeInto(form, 'body', ' ');
    await preview(form);
    panel(form, 'preview').focus();
    await pressKeys('Control', 'Enter');
    await waitUntil(() => deepActiveElement() === textarea(form), 'the empty body did not take the focus');
    expect(previewing(form)).to.equal(false);
    expect(inForm(form, '#body-error').textContent).to.equal(en.bodyEmpty);
  });

  it('is accessible in the Preview state (axe), with a body and without', async () => {
    const el = await mountThread(new MemoryAdapter({ comments: [sample('a', null, 'Ada', 'Hi')] }));
    const form = await formReady(composer(el));
    await typeInto(form, 'body', MARKDOWN);
    await preview(form);
    await expect(form).shadowDom.to.be.accessible();
    await expect(el).shadowDom.to.be.accessible();
    tab(form, 'write').click();
    await typeInto(form, 'body', '');
    await preview(form);
    await expect(form).shadowDom.to.be.accessible();
  });

  it('draws tabs of at least 24 by 24 px, underlines the tab shown, and moves only where motion is welcome', async () => {
    const el = await mountThread(new MemoryAdapter());
    const form = await formReady(composer(el));
    for (const name of ['write', 'preview'] as const) {
      const { width, height } = tab(form, name).getBoundingClientRect();
      expect(width, `${name} width`).to.be.at.least(24);
      expect(height, `${name} height`).to.be.at.least(24);
    }
    const line = (name: 'write' | 'preview') => {
      const style = getComputedStyle(tab(form, name));
      return { width: parseFloat(style.borderBottomWidth), color: style.borderBottomColor, background: style.backgroundColor };
    };
    // A line, not only a colour: the selected tab's is opaque, the other's transparent.
    expect(line('write').width).to.be.at.least(2);
    expect(line('write').color).to.not.match(/rgba\(.*, 0\)|transparent/);
    expect(line('preview').color).to.match(/rgba\(.*, 0\)|transparent/);
    expect(line('write').background).to.equal(line('preview').background);

    // The form's styles: transitions only under prefers-reduced-motion: no-preference, and in
    // forced colours the selected tab's line in Highlight.
    const rules: Array<{ rule: CSSStyleRule; media: string[] }> = [];
    const walk = (list: CSSRuleList, media: string[]) => {
      for (const rule of list) {
        if (rule instanceof CSSMediaRule) walk(rule.cssRules, [...media, rule.conditionText]);
        else if (rule instanceof CSSStyleRule) rules.push({ rule, media });
      }
    };
    for (const sheet of form.shadowRoot!.adoptedStyleSheets) walk(sheet.cssRules, []);
    expect(rules.length).to.be.greaterThan(20);
    for (const { rule, media } of rules) {
      if (rule.style.transitionDuration || rule.style.animationName) {
        expect(media.join(), rule.selectorText).to.match(/prefers-reduced-motion: no-preference/);
      }
    }
    const forced = rules.filter(({ rule, media }) => media.some((m) => /forced-colors: active/.test(m)) && rule.selectorText.includes('aria-selected'));
    expect(forced.map(({ rule }) => rule.style.borderBlockEndColor.toLowerCase())).to.deep.equal(['highlight']);
  });

  it('lists the Markdown the renderer supports as code samples, not as formatting', async () => {
    const el = await mountThread(new MemoryAdapter());
    const form = await formReady(composer(el));
    const help = inForm(form, '#body-hint');
    expect(textarea(form).getAttribute('aria-describedby')).to.contain('body-hint');
    const samples = [...help.querySelectorAll('code')].map((c) => c.textContent);
    expect(samples).to.deep.equal(en.formatSamples);
    expect(help.querySelectorAll('strong, em, a, blockquote, ul, ol, pre').length, 'samples are text').to.equal(0);
    expect(help.textContent!.replace(/\s+/g, ' ').trim()).to.equal(`Markdown: ${en.formatSamples.join(' ')} ${en.codeBlockHint}`);
    // Each sample is something the renderer makes: the code fence with lines around a block.
    const made = en.formatSamples.map((s) => {
      const template = document.createElement('template');
      template.innerHTML = renderMarkdown(s === '```' ? '```\ncode\n```' : s);
      const first = template.content.firstElementChild!;
      return first.localName === 'p' ? first.firstElementChild!.localName : first.localName;
    });
    expect(made).to.deep.equal(['strong', 'em', 'code', 'a', 'blockquote', 'ul', 'ol', 'pre']);
  });
});

// The hostile lines of the public corpora, through the preview, with both sanitizer engines (as
// in xss-corpus.test.ts; in WebKit, without the Sanitizer API, the platform run is skipped).
for (const engine of ['platform', 'dompurify'] as const) {
  describeEngine(engine, `<comment-thread-form> preview of hostile input, ${engine} sanitizer`, () => {
    const fired: string[] = [];
    const saved = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };

    before(async () => {
      expect(await prepareSanitizer(engine === 'platform' ? 'auto' : 'dompurify')).to.equal(engine);
    });

    beforeEach(() => {
      fired.length = 0;
      window.alert = (...args: unknown[]) => void fired.push(`alert(${args.join()})`);
      window.confirm = (...args: unknown[]) => (fired.push(`confirm(${args.join()})`), false);
      window.prompt = (...args: unknown[]) => (fired.push(`prompt(${args.join()})`), null);
    });

    afterEach(() => {
      Object.assign(window, saved);
      for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
    });

    it('shows what the thread would, as text or inert links, running nothing', async () => {
      const corpus = (await (await fetch('/__corpus/xss.json')).json()) as { files?: Record<string, string[]>; missing?: string };
      expect(corpus.missing, 'the XSS corpus is missing').to.equal(undefined);
      // A few lines of every file: the first three and every 40th.
      const lines = Object.values(corpus.files!).flatMap((file) => file.filter((_, i) => i < 3 || i % 40 === 0));
      expect(lines.length).to.be.greaterThan(30);
      const el = await mountThread(new MemoryAdapter(), { threadId: 'xss-preview' });
      const form = await formReady(composer(el));
      const problems: string[] = [];
      for (const line of ['<img src=x onerror=alert(1)>', '[x](javascript:alert(1))', ...lines]) {
        tab(form, 'write').click();
        await typeInto(form, 'body', line);
        const shown = await preview(form);
        problems.push(...unsafe(shown).map((problem) => `${JSON.stringify(line)}: ${problem}`));
        // The text the reader sees is what Markdown makes of the line (no tag is lost or run).
        const template = document.createElement('template');
        template.innerHTML = renderMarkdown(line);
        const expected = template.content.textContent!.replace(/\s+/g, ' ').trim();
        if (shown.textContent!.replace(/\s+/g, ' ').trim() !== expected) problems.push(`${JSON.stringify(line)}: text changed`);
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(fired, 'script ran').to.deep.equal([]);
      expect(problems).to.deep.equal([]);

      // The two classics, side by side with the thread: the same nodes.
      for (const line of ['<img src=x onerror=alert(1)>', '[x](javascript:alert(1))']) {
        tab(form, 'write').click();
        await typeInto(form, 'body', line);
        const shown = asBody(await preview(form));
        await form.submit();
        const body = await postedBody(el, line.startsWith('<') ? '<img' : 'x');
        expect(shown, line).to.equal(body.innerHTML);
      }
      expect(fired, 'script ran').to.deep.equal([]);
      el.remove();
    });
  });
}
