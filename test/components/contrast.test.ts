import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import { AdapterError, type CallOptions, type Comment, type NewComment } from '../../src/adapters/storage-adapter.js';
import type { CommentForm } from '../../src/components/comment-form/comment-form.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { pressKeys } from '../commands.js';
import { $, $$, SwitchableAdapter, composer, formReady, sample, typeInto } from '../helpers.js';

// ---------------------------------------------------------------------------------------------
// Colour arithmetic (WCAG 2.2 relative luminance and contrast), on colours as computed styles
// give them: a canvas turns any of them (rgb(), color(srgb …), oklch()…) into sRGB bytes.

const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;

/** A computed colour as [r, g, b, a], each 0–1. */
function rgba(color: string): number[] {
  canvas.clearRect(0, 0, 1, 1);
  canvas.fillStyle = color;
  canvas.fillRect(0, 0, 1, 1);
  return [...canvas.getImageData(0, 0, 1, 1).data].map((v) => v / 255);
}

/** `top` painted over the opaque `bottom`. */
function over(top: number[], bottom: number[]): number[] {
  const a = top[3]!;
  return [0, 1, 2].map((i) => top[i]! * a + bottom[i]! * (1 - a)).concat(1);
}

function luminance([r, g, b]: number[]): number {
  const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
}

function contrast(a: number[], b: number[]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/**
 * What is painted behind `node`: the backgrounds from its parent up (through shadow roots to
 * their hosts) to the first opaque one, else the canvas, composed.
 */
function backdrop(node: Element): number[] {
  const layers: number[][] = [];
  for (let at: Element | null | undefined = node.parentElement ?? (node.parentNode as ShadowRoot).host; at; at = at.parentElement ?? (at.parentNode as ShadowRoot | null)?.host) {
    const layer = rgba(getComputedStyle(at).backgroundColor);
    layers.push(layer);
    if (layer[3] === 1) break;
  }
  if (layers.at(-1)?.[3] !== 1) layers.push(canvasColour());
  return layers.reduceRight((below, layer) => over(layer, below));
}

/** The canvas's colour: the system colour Canvas in the root's scheme. */
function canvasColour(): number[] {
  const probe = document.createElement('div');
  probe.style.background = 'Canvas';
  document.documentElement.append(probe);
  const colour = rgba(getComputedStyle(probe).backgroundColor);
  probe.remove();
  return colour;
}

/** The accent the thread uses: the colour of the "Write a comment" button. */
function accent(el: CommentThread): string {
  return getComputedStyle($(el, '[part~="jump-button"]')!).color;
}

// ---------------------------------------------------------------------------------------------
// The pages, and a thread showing everything it can show at once.

/**
 * A MemoryAdapter whose visitor may change comment `mine` (whose deletion then fails), and which
 * holds every post until `release()`: the thread shows a comment being posted meanwhile.
 */
class ShowcaseAdapter extends MemoryAdapter {
  #gate: Promise<void> | null = null;
  release: () => void = () => {};

  hold(): void {
    this.#gate = new Promise((resolve) => (this.release = resolve));
  }

  editableUntil(_threadId: string, id: string): Date | null {
    return id === 'mine' ? new Date(Date.now() + 3_600_000) : null;
  }

  override async create(input: NewComment, options?: CallOptions): Promise<Comment> {
    await this.#gate;
    return super.create(input, options);
  }

  override async remove(): Promise<void> {
    throw new AdapterError('network', 'The server could not be reached.');
  }
}

/** Author links, the edited, moderation and role badges, code, a quote, a mention. */
function showcase(): Comment[] {
  return [
    {
      ...sample('a', null, 'Ada', 'First **comment**, with [a link](https://example.com) and `code`.\n\n> A quote', 600, 'https://ada.example'),
      updatedAt: new Date(Date.now() - 500 * 60_000).toISOString(),
    },
    { ...sample('b', 'a', 'Ken', 'A reply from the author of the page.', 500), author: { name: 'Ken', role: 'author' } },
    { ...sample('c', 'b', 'Mo', 'A moderator answers.', 450), author: { name: 'Mo', role: 'moderator' } },
    { ...sample('d', null, 'Dee', 'Awaiting moderation.', 400), status: 'pending' },
    sample('mine', null, 'Me', 'My own comment, which I may edit or delete.', 30),
    {
      id: 'ping',
      threadId: 'thread-1',
      parentId: null,
      author: { name: 'A page that links here', website: 'https://blog.example/post' },
      body: '[…] an excerpt […]',
      createdAt: new Date(Date.now() - 300 * 60_000).toISOString(),
      kind: 'pingback',
    },
  ];
}

interface Page {
  /** The root's `color-scheme`. */
  root: string;
  /** The `<body>`'s style. */
  body: string;
  /** The style of the box around the thread. */
  box: string;
}

/**
 * The pages the widget must be readable on. The dark-scheme page paints its root in `Canvas`,
 * which looks the same as leaving the canvas to show: axe cannot see a canvas's colour and
 * takes it for white (the bare canvas has its own test below).
 */
const PAGES: Record<string, Page> = {
  'a light page': { root: '', body: '', box: '' },
  'a dark-scheme page (color-scheme: dark, its dark canvas)': { root: 'dark', body: 'background: Canvas', box: '' },
  'a page dark through its own CSS, without color-scheme': { root: '', body: '', box: 'background: #111; color: #eee' },
  'a page whose <body> is dark through its own CSS': { root: '', body: 'background: #111; color: #eee', box: '' },
  'a light box on a dark-scheme page': { root: 'dark', body: 'background: Canvas', box: 'background: #fff; color: #1a1a1a' },
};

const DARK_CSS = PAGES['a page dark through its own CSS, without color-scheme']!;
const LIGHT = PAGES['a light page']!;

function preparePage(page: Page): void {
  document.documentElement.style.colorScheme = page.root;
  document.body.style.cssText = page.body;
}

/** A thread in a box on `page`, loaded; `width` sets the box's (the thread's container's). */
async function boxedThread(page: Page, adapter: MemoryAdapter | SwitchableAdapter, width = ''): Promise<{ box: HTMLElement; el: CommentThread }> {
  preparePage(page);
  const box = await fixture<HTMLElement>(html`<div style="${page.box}; width: ${width || 'auto'}"><comment-thread thread-id="thread-1" .adapter=${adapter}></comment-thread></div>`);
  const el = box.querySelector('comment-thread')!;
  await waitUntil(() => !$(el, '[part~="loading"]'), 'the thread did not load');
  await el.updateComplete;
  return { box, el };
}

/**
 * A thread on `page` showing comments, badges, the comment a link points at, a mention, a
 * comment being posted, a failed deletion with its error, and the composer.
 */
async function showcaseThread(page: Page, width = ''): Promise<{ box: HTMLElement; el: CommentThread; adapter: ShowcaseAdapter }> {
  history.replaceState(null, '', '#comment-b');
  const adapter = new ShowcaseAdapter({ comments: showcase() });
  const { box, el } = await boxedThread(page, adapter, width);
  await waitUntil(() => $(el, '[part~="mentions"]') && $(el, '.highlighted'), 'no mentions, or no highlighted comment');
  const form = await formReady(composer(el));
  adapter.hold();
  await typeInto(form, 'body', 'Being *posted*');
  void form.submit();
  await waitUntil(() => $(el, '.pending'), 'no comment being posted');
  $(el, '#comment-mine [data-action="remove"]')!.click();
  await waitUntil(() => $(el, '#comment-mine [data-action="remove:confirm"]'));
  $(el, '#comment-mine [data-action="remove:confirm"]')!.click();
  await waitUntil(() => $(el, '#comment-mine .action-error'), 'no error under the comment');
  await el.updateComplete;
  return { box, el, adapter };
}

interface AxeNode {
  target: string[];
  element: Element;
  any: Array<{ data?: { contrastRatio?: number; fgColor?: string; bgColor?: string; messageKey?: string } }>;
}

/**
 * axe's color-contrast rule alone, reporting what it checked. The identicon (a comment's
 * `::before`, in its own column beside the text) is no background of any text: axe would give
 * up on every text of a comment because of it (`pseudoContent`), so it is told to look past it.
 * A symbol alone (a vote's ▲) is no text to axe (`nonBmp`, `shortTextContent`), but an icon:
 * it is checked here against the 3:1 of non-text, and left out of `incomplete`.
 */
async function colourContrast(context: Element): Promise<{ violations: AxeNode[]; passes: AxeNode[]; incomplete: AxeNode[] }> {
  // chai-a11y-axe loads axe-core onto the window; this makes sure it is there.
  // @ts-expect-error axe-core's browser build has no types of its own here
  await import('axe-core/axe.min.js');
  const { axe } = window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: Array<{ nodes: AxeNode[] }>; passes: Array<{ nodes: AxeNode[] }>; incomplete: Array<{ nodes: AxeNode[] }> }> } };
  const result = await axe.run(context, {
    runOnly: ['color-contrast'],
    elementRef: true,
    checks: { 'color-contrast': { options: { ignorePseudo: true } } },
  });
  const nodes = (rules: Array<{ nodes: AxeNode[] }>) => rules.flatMap((rule) => rule.nodes);
  const isIcon = (node: AxeNode) => ['nonBmp', 'shortTextContent'].includes(node.any[0]?.data?.messageKey ?? '');
  const icons = nodes(result.incomplete).filter(isIcon);
  const behind = (element: Element) => over(rgba(getComputedStyle(element).backgroundColor), backdrop(element));
  const faint = icons.filter(({ element }) => contrast(over(rgba(getComputedStyle(element).color), behind(element)), behind(element)) < 3);
  return {
    violations: [...nodes(result.violations), ...faint],
    passes: [...nodes(result.passes), ...icons.filter((icon) => !faint.includes(icon))],
    incomplete: nodes(result.incomplete).filter((node) => !isIcon(node)),
  };
}

const describeNode = (node: AxeNode) => `${node.target.join(' ▸ ')} (${node.any[0]?.data?.fgColor} on ${node.any[0]?.data?.bgColor}: ${node.any[0]?.data?.contrastRatio})`;

let hashBefore = '';

// What this engine's automation can emulate (web-test-runner's emulate-media command, and
// scripts/test-commands.mjs's emulate-forced-colors): Chromium both, through CDP. Firefox's
// WebDriver BiDi has neither (puppeteer's emulateMediaFeatures needs CDP there, and Firefox ESR
// does not know BiDi's emulation.setForcedColorsModeThemeOverride), WebKit's WebDriver classic
// neither. The suites that need them are skipped there, and their titles say why.
const NO_MEDIA_EMULATION = await emulateMedia({ reducedMotion: 'no-preference' }).then(
  () => '',
  () => 'skipped: this engine’s automation here cannot emulate prefers-color-scheme or prefers-reduced-motion',
);
// A runner without the command fails the suite's test rather than skipping it.
const NO_FORCED_COLORS = await executeServerCommand<boolean, { active: boolean }>('emulate-forced-colors', { active: false }).then(
  (done) => (done ? '' : 'skipped: this engine’s automation here cannot emulate forced colours'),
  () => '',
);

/** `describe`, or `describe.skip` with the reason in its title when `why` says the engine cannot. */
function describeWhere(why: string, title: string, body: () => void): void {
  if (why) describe.skip(`${title} (${why})`, body);
  else describe(title, body);
}

function resetPage(): void {
  history.replaceState(null, '', hashBefore || location.pathname + location.search);
  document.documentElement.style.colorScheme = '';
  document.documentElement.className = '';
  document.body.style.cssText = '';
  document.adoptedStyleSheets = [];
}

// ---------------------------------------------------------------------------------------------

beforeEach(() => (hashBefore = location.hash));
afterEach(resetPage);

describe('<comment-thread> colours, contrast and targets', () => {
  describe('readable at WCAG AA on any page', () => {
    for (const [name, page] of Object.entries(PAGES)) {
      it(`on ${name}: comments, badges, a mention, a post under way, an error and the form`, async () => {
        const { box, el, adapter } = await showcaseThread(page);
        const { violations, passes, incomplete } = await colourContrast(box);
        expect(violations.map(describeNode), 'texts under 4.5:1 (3:1 large)').to.deep.equal([]);
        expect(incomplete.map(describeNode), 'texts axe could not judge').to.deep.equal([]);
        // What axe checked includes every kind of coloured text: accent, danger, muted, on tints.
        const checked = new Set(passes.map((node) => node.element));
        const form = composer(el).shadowRoot!;
        for (const what of ['.jump', '.highlighted .role', '.highlighted [part~="reply-button"]', '.danger', '.action-error', '.mention-title', '.mention-site', '.badge:not(.role)', '.pending .badge', '.notice', 'time', '.replies .body']) {
          expect(checked.has($(el, what)!), `axe checked ${what}`).to.equal(true);
        }
        for (const what of ['#body-hint', 'label']) {
          expect(checked.has(form.querySelector(what)!), `axe checked the form's ${what}`).to.equal(true);
        }
        // Lines that are no text: the rings (focus, the linked comment) and a field's border, 3:1.
        const background = backdrop(el);
        const highlighted = $(el, '.highlighted')!;
        const ring = rgba(getComputedStyle(highlighted).outlineColor);
        expect(contrast(ring, background), 'the linked comment’s ring against the page').to.be.at.least(3);
        expect(contrast(ring, over(rgba(getComputedStyle(highlighted).backgroundColor), background)), 'the ring against its tint').to.be.at.least(3);
        const select = $(el, 'select')!;
        expect(contrast(over(rgba(getComputedStyle(select).borderTopColor), background), background), 'the sort control’s border').to.be.at.least(3);
        select.focus();
        await pressKeys('Shift', 'Tab');
        const jump = $(el, '[part~="jump-button"]')!;
        expect(el.shadowRoot!.activeElement).to.equal(jump);
        expect(getComputedStyle(jump).outlineStyle).to.equal('solid');
        expect(contrast(rgba(getComputedStyle(jump).outlineColor), background), 'the focus ring').to.be.at.least(3);
        // And every other rule of axe.
        await expect(box).to.be.accessible();
        adapter.release();
      });

      it(`on ${name}: a thread that could not be loaded, with Retry`, async () => {
        const adapter = new SwitchableAdapter([sample('a', null, 'Ada', 'hello')]);
        adapter.failList = new AdapterError('network', 'The server could not be reached.');
        const { box, el } = await boxedThread(page, adapter);
        const retry = $(el, '[part~="error"] button')!;
        expect(retry).to.exist;
        const { violations, incomplete } = await colourContrast(box);
        expect(violations.map(describeNode)).to.deep.equal([]);
        expect(incomplete.map(describeNode)).to.deep.equal([]);
        // The outline of a secondary button marks it out as one: 3:1 against what is around it.
        const around = backdrop(retry);
        expect(contrast(over(rgba(getComputedStyle(retry).borderTopColor), around), around), 'Retry’s border').to.be.at.least(3);
        await expect(box).to.be.accessible();
      });
    }

    it('on a dark-scheme page whose canvas shows: no state, the scheme inherited, the accent readable on the canvas', async () => {
      const { el } = await boxedThread({ root: 'dark', body: '', box: '' }, new MemoryAdapter({ comments: showcase() }));
      expect(el.matches(':state(dark)') || el.matches(':state(light)')).to.equal(false);
      expect(getComputedStyle(el).colorScheme).to.equal('dark');
      expect(contrast(rgba(accent(el)), canvasColour())).to.be.at.least(4.5);
    });
  });

  describe('the scheme follows the background behind the element', () => {
    it('takes the dark scheme’s accent on a page dark through CSS, and the light one’s on a light page', async () => {
      const light = accent((await boxedThread(LIGHT, new MemoryAdapter({ comments: showcase() }))).el);
      resetPage();
      const { el } = await boxedThread(DARK_CSS, new MemoryAdapter({ comments: showcase() }));
      expect(el.matches(':state(dark)')).to.equal(true);
      expect(getComputedStyle(el).colorScheme).to.equal('dark');
      expect(accent(el)).not.to.equal(light);
      expect(contrast(rgba(accent(el)), rgba('rgb(17, 17, 17)'))).to.be.at.least(4.5);
    });

    it('reads backgrounds in any colour syntax, through shadow roots and slots, and past see-through ones', async () => {
      const host = await fixture<HTMLElement>(html`<div></div>`);
      const shadow = host.attachShadow({ mode: 'open' });
      const panel = document.createElement('div');
      panel.style.background = 'rgb(255 255 255 / 40%)';
      const el = document.createElement('comment-thread');
      el.adapter = new MemoryAdapter();
      panel.append(el);
      shadow.append(panel);
      for (const [background, dark] of [
        ['oklch(21% 0.034 264.665)', true],
        ['oklch(97% 0.01 100)', false],
        ['lab(15 0 0)', true],
        ['color-mix(in srgb, #111 90%, white)', true],
        ['hsl(40 30% 92%)', false],
        ['#767676', true],
        ['#ffffff', false],
      ] as const) {
        host.style.background = background;
        el.remove();
        panel.append(el);
        expect(el.matches(':state(dark)'), background).to.equal(dark);
        expect(el.matches(':state(light)'), background).to.equal(!dark);
      }
      // Slotted into a component whose own box is dark, on a light page: the box counts.
      const card = await fixture<HTMLElement>(html`<div></div>`);
      card.attachShadow({ mode: 'open' }).innerHTML = '<div style="background: #111; color: #eee"><slot></slot></div>';
      card.append(el);
      expect(el.matches(':state(dark)')).to.equal(true);
    });

    it('leaves the choice to the page: a color-scheme on the element, or --ct-* tokens, win', async () => {
      const { el } = await boxedThread(DARK_CSS, new MemoryAdapter({ comments: showcase() }));
      const dark = accent(el);
      el.style.colorScheme = 'light';
      expect(getComputedStyle(el).colorScheme).to.equal('light');
      expect(accent(el)).not.to.equal(dark);
      el.style.colorScheme = '';
      el.style.setProperty('--ct-accent', 'rgb(255, 200, 0)');
      expect(accent(el)).to.equal('rgb(255, 200, 0)');
      // A token may itself follow the scheme: it then follows the one the background calls for.
      el.style.setProperty('--ct-accent', 'light-dark(rgb(0, 0, 128), rgb(255, 200, 0))');
      expect(accent(el)).to.equal('rgb(255, 200, 0)');
    });

    it('checks again when a class on <html> switches the page’s theme', async () => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('html.night body { background: #111; color: #eee }');
      document.adoptedStyleSheets = [sheet];
      const { el } = await boxedThread(LIGHT, new MemoryAdapter({ comments: showcase() }));
      const light = accent(el);
      // No background up to the root: the canvas shows, in the inherited scheme.
      expect(el.matches(':state(dark)') || el.matches(':state(light)')).to.equal(false);
      document.documentElement.classList.add('night');
      await waitUntil(() => el.matches(':state(dark)'), 'the thread did not notice the dark theme');
      expect(accent(el)).not.to.equal(light);
      document.documentElement.classList.remove('night');
      await waitUntil(() => !el.matches(':state(dark)'), 'the thread did not notice the light theme');
      expect(accent(el)).to.equal(light);
      // A thread taken off the page stops looking.
      el.remove();
      document.documentElement.classList.add('night');
      await new Promise((resolve) => setTimeout(resolve));
      expect(el.matches(':state(dark)')).to.equal(false);
    });
  });

  describe('target size (WCAG 2.2, 2.5.8)', () => {
    for (const width of [1280, 375]) {
      it(`gives every control at least 24 × 24 CSS px, ${width} px wide`, async () => {
        const { el, adapter } = await showcaseThread(LIGHT, `${width}px`);
        // An open reply form, too.
        $(el, '#comment-a [part~="reply-button"]')!.click();
        await waitUntil(() => $(el, '.inline-form comment-thread-form'));
        const forms = $$(el, 'comment-thread-form') as unknown as CommentForm[];
        await Promise.all(forms.map(formReady));
        const targets = (root: ParentNode) =>
          [...root.querySelectorAll<HTMLElement>('a[href], button, select, input, textarea, [tabindex="0"]')]
            // Links inside a text are exempt (inline), and a field nobody can see or reach is no target.
            .filter((control) => !control.closest('.body, [aria-hidden="true"]') && control.getClientRects().length > 0)
            // A checkbox's target takes in its label, which toggles it too.
            .map((control) => ((control as HTMLInputElement).type === 'checkbox' ? (control.closest('label') ?? control) : control));
        const own = targets(el.shadowRoot!);
        const inForms = forms.flatMap((form) => targets(form.shadowRoot!));
        const all = [...own, ...inForms].map((target) => ({ target, box: target.getBoundingClientRect() }));
        const undersized = (target: HTMLElement) => {
          const { width: w, height: h } = target.getBoundingClientRect();
          return w < 24 || h < 24 ? `${target.outerHTML.slice(0, 80)}: ${w.toFixed(1)} × ${h.toFixed(1)}` : null;
        };
        // The thread's own controls: 24 × 24 at least, every one.
        expect(own.length).to.be.at.least(15);
        expect(own.map(undersized).filter(Boolean)).to.deep.equal([]);
        // The forms' (comment-form.styles.ts): 24 × 24, or else the rule's spacing exception: a
        // circle of 24 px around the target's centre meets no other target, nor the circle of
        // another undersized one.
        const centre = ({ box }: { box: DOMRect }) => [box.x + box.width / 2, box.y + box.height / 2] as const;
        const crowded = all.filter((one) => inForms.includes(one.target) && undersized(one.target)).filter((one) => {
          const [x, y] = centre(one);
          return all.some((other) => {
            if (other === one || other.target.contains(one.target)) return false;
            const { left, right, top, bottom } = other.box;
            if (Math.hypot(Math.max(left - x, 0, x - right), Math.max(top - y, 0, y - bottom)) < 12) return true;
            return !!undersized(other.target) && Math.hypot(centre(other)[0] - x, centre(other)[1] - y) < 24;
          });
        });
        expect(inForms.length).to.be.at.least(8);
        expect(crowded.map((one) => undersized(one.target))).to.deep.equal([]);
        adapter.release();
      });
    }
  });
});

describeWhere(NO_MEDIA_EMULATION, '<comment-thread> when the preferred scheme changes', () => {
  it('checks again when prefers-color-scheme changes', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('@media (prefers-color-scheme: dark) { body { background: #111; color: #eee } }');
    document.adoptedStyleSheets = [sheet];
    try {
      const { el } = await boxedThread(LIGHT, new MemoryAdapter({ comments: showcase() }));
      expect(el.matches(':state(dark)')).to.equal(false);
      await emulateMedia({ colorScheme: 'dark' });
      await waitUntil(() => el.matches(':state(dark)'), 'the thread did not notice the dark preference');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});

describeWhere(NO_FORCED_COLORS, '<comment-thread> in forced colours (Windows high contrast)', () => {
  it('keeps the focus ring, the linked comment, a pressed button and the badges visible', async () => {
    expect(await executeServerCommand<boolean, { active: boolean }>('emulate-forced-colors', { active: true })).to.equal(true);
    try {
      expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
      const { el, adapter } = await showcaseThread(LIGHT);
      const canvasText = rgba(getComputedStyle(el).color);
      const background = backdrop(el);
      const highlighted = $(el, '.highlighted')!;
      const ring = getComputedStyle(highlighted);
      expect(ring.outlineStyle, 'the linked comment’s ring').to.equal('solid');
      expect(contrast(rgba(ring.outlineColor), background)).to.be.at.least(3);
      // It stands out from the other comments, whose borders forced colours show.
      expect(ring.outlineColor).not.to.equal(getComputedStyle($(el, '#comment-a')!).borderTopColor);
      $(el, 'select')!.focus();
      await pressKeys('Shift', 'Tab');
      const focus = getComputedStyle($(el, '[part~="jump-button"]')!);
      expect(focus.outlineStyle, 'the focus ring').to.equal('solid');
      expect(contrast(rgba(focus.outlineColor), background)).to.be.at.least(3);
      // A pressed button (votes will have them) in the system's selection colours.
      const reply = $(el, '#comment-a [part~="reply-button"]')!;
      reply.setAttribute('aria-pressed', 'true');
      for (const transition of reply.getAnimations()) transition.finish();
      const pressed = getComputedStyle(reply);
      const pressedBackground = over(rgba(pressed.backgroundColor), background);
      expect(contrast(pressedBackground, background), 'a pressed button stands out').to.be.at.least(3);
      expect(contrast(rgba(pressed.color), pressedBackground), 'its text').to.be.at.least(4.5);
      reply.removeAttribute('aria-pressed');
      // Badges and the comment being posted: text and a dashed border in system colours.
      for (const badge of $$(el, '[part~="badge"]')) expect(contrast(rgba(getComputedStyle(badge).color), background)).to.be.at.least(4.5);
      const pending = getComputedStyle($(el, '.pending')!);
      expect(pending.borderTopStyle).to.equal('dashed');
      expect(contrast(rgba(pending.borderTopColor), background)).to.be.at.least(3);
      expect(contrast(canvasText, background)).to.be.at.least(4.5);
      adapter.release();
    } finally {
      await executeServerCommand('emulate-forced-colors', { active: false });
    }
  });
});

describeWhere(NO_MEDIA_EMULATION, '<comment-thread> under prefers-reduced-motion', () => {
  it('moves nothing under prefers-reduced-motion: reduce', async () => {
    const motion = async () => {
      const loading = await fixture<CommentThread>(html`<comment-thread thread-id="thread-1" .adapter=${new MemoryAdapter({ latency: 60_000 })}></comment-thread>`);
      await loading.updateComplete;
      const { el } = await boxedThread(LIGHT, new MemoryAdapter({ comments: showcase() }));
      return {
        skeleton: getComputedStyle($(loading, '.skeleton')!).animationName,
        button: getComputedStyle($(el, '[part~="reply-button"]')!).transitionDuration,
      };
    };
    try {
      expect(await motion(), 'with no preference').to.deep.equal({ skeleton: 'pulse', button: '0.12s' });
      await emulateMedia({ reducedMotion: 'reduce' });
      expect(await motion(), 'reduced').to.deep.equal({ skeleton: 'none', button: '0s' });
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});
