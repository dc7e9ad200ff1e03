// The HTTP pages' measurement harness: bundled by esbuild as a classic script and inlined at
// the top of <head> (no request of its own), so it runs before either client's module script.
// It times a page load from navigation start (performance.now() = 0):
//
// - when the client's element is defined (it wraps customElements.define) and upgraded;
// - when its articles arrive in its shadow root (it wraps attachShadow to observe that root
//   from its creation; each article is counted once, however often a client moves it);
// - the frame that first shows a comment (a frame callback registered every frame from the
//   start posts a task, which runs right after that frame's paint);
// - when the first page (`page` comments) and all `n` comments are in the DOM, and the next
//   paint after each; with `more=1` it clicks "Show more" as soon as it is shown, until all are;
// - long tasks, and from Resource Timing the comment requests and the bytes transferred.
//
// URL parameters: n (thread size), page (comments on the server's first page), more (0/1).
// The client's tag comes from the script's data-tag attribute.
import { countElements, elementsByTag, firstFramePainted, nextPaint, postThroughForm, watchLongTasks } from './dom.js';

const TAG = document.currentScript?.dataset.tag ?? 'comment-thread';
const params = new URLSearchParams(location.search);
const N = Number(params.get('n') ?? 100);
const PAGE = Math.min(N, Number(params.get('page') ?? N));
const MORE = params.get('more') === '1';
const TIMEOUT = 120_000;
const COMMENT = TAG === 'comment-thread' ? 'article[part~="comment"]' : 'article';

const t = {};
const tasks = watchLongTasks();
let host = null;

const defineOriginal = CustomElementRegistry.prototype.define;
CustomElementRegistry.prototype.define = function define(name, ...rest) {
  if (name !== TAG) return defineOriginal.call(this, name, ...rest);
  t.defineStart = performance.now();
  performance.mark('bench:define');
  try {
    return defineOriginal.call(this, name, ...rest);
  } finally {
    t.defineEnd = performance.now();
  }
};
customElements.whenDefined(TAG).then(() => (t.whenDefined = performance.now()));

let resolveFirst;
let resolvePage;
let resolveAll;
const first = new Promise((r) => (resolveFirst = r));
const page = new Promise((r) => (resolvePage = r));
const all = new Promise((r) => (resolveAll = r));
const seen = new WeakSet();
let count = 0;

function watch(root) {
  const add = (article, time) => {
    if (seen.has(article)) return;
    seen.add(article);
    count++;
    if (count === 1) resolveFirst(time);
    if (count === PAGE) resolvePage(time);
    if (count === N) resolveAll(time);
  };
  const observer = new MutationObserver((records) => {
    const time = performance.now();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches(COMMENT)) add(node, time);
        for (const article of node.querySelectorAll(COMMENT)) add(article, time);
      }
    }
    if (count >= N) observer.disconnect();
  });
  observer.observe(root, { childList: true, subtree: true });
}

const attachShadowOriginal = Element.prototype.attachShadow;
Element.prototype.attachShadow = function attachShadow(init) {
  const root = attachShadowOriginal.call(this, init);
  if (this.localName === TAG && host === null) {
    host = this;
    watch(root);
  }
  return root;
};

// The frame that first shows a comment, watched from the start.
const firstPaint = firstFramePainted(first, () => host?.shadowRoot?.querySelectorAll(COMMENT).length ?? null);

const timeout = (promise) => Promise.race([promise, new Promise((r) => setTimeout(() => r(null), TIMEOUT))]);

async function showMoreUntilAll() {
  const deadline = performance.now() + TIMEOUT;
  while (count < N && performance.now() < deadline) {
    const button = host?.shadowRoot?.querySelector('[part~="more-button"]');
    if (button && !button.disabled) button.click();
    await nextPaint();
  }
}

function resources(until) {
  const entries = performance.getEntriesByType('resource');
  const nav = performance.getEntriesByType('navigation')[0];
  const lists = entries.filter((e) => e.name.includes('/api/comments?'));
  const before = (e) => e.responseEnd <= until;
  const transferred = (list) => list.reduce((s, e) => s + (e.transferSize || e.encodedBodySize || 0), 0);
  return {
    listStart: lists[0]?.startTime ?? null,
    listEnd: lists[0]?.responseEnd ?? null,
    listRequests: lists.length,
    bytesBeforeFirstPaint: until === null ? null : transferred([nav, ...entries.filter(before)].filter(Boolean)),
    bytesTotal: transferred([nav, ...entries].filter(Boolean)),
    scripts: entries.filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js')).map((e) => ({
      name: e.name.replace(location.origin, ''),
      startMs: e.startTime,
      endMs: e.responseEnd,
      bytes: e.transferSize || e.encodedBodySize,
    })),
  };
}

async function measure() {
  const tFirst = await timeout(first);
  const shown = tFirst === null ? null : await timeout(firstPaint);
  const tFirstPaint = shown?.time ?? null;
  const tPage = await timeout(page);
  const tPagePaint = tPage === null ? null : await nextPaint();
  let tAll = null;
  let tAllPaint = null;
  if (N === PAGE) {
    tAll = tPage;
    tAllPaint = tPagePaint;
  } else if (TAG !== 'comment-thread' || MORE) {
    if (TAG === 'comment-thread') await showMoreUntilAll();
    tAll = await timeout(all);
    tAllPaint = tAll === null ? null : await nextPaint();
  }
  const end = tAllPaint ?? tPagePaint ?? performance.now();
  const long = await tasks.stop(0, end);
  const res = resources(tFirstPaint);
  return {
    defineMs: t.defineStart ?? null,
    upgradedMs: t.defineEnd ?? null,
    upgradeMs: t.defineEnd === undefined ? null : t.defineEnd - t.defineStart,
    whenDefinedMs: t.whenDefined ?? null,
    listStartMs: res.listStart,
    listDelayMs: res.listStart === null || t.defineStart === undefined ? null : res.listStart - t.defineStart,
    listResponseMs: res.listEnd,
    listRequests: res.listRequests,
    firstMs: tFirst,
    firstPaintMs: tFirstPaint,
    firstFrameCount: shown?.count ?? null,
    pageMs: tPage,
    pagePaintMs: tPagePaint,
    allMs: tAll,
    paintMs: tAllPaint,
    // The same from the element's definition, without the page and its scripts' loading.
    firstPaintFromDefineMs: tFirstPaint === null || t.defineStart === undefined ? null : tFirstPaint - t.defineStart,
    paintFromDefineMs: tAllPaint === null || t.defineStart === undefined ? null : tAllPaint - t.defineStart,
    shown: host?.shadowRoot?.querySelectorAll(COMMENT).length ?? 0,
    longTaskCount: long.count,
    longTaskTotalMs: long.totalMs,
    longTaskMaxMs: long.maxMs,
    bytesBeforeFirstPaint: res.bytesBeforeFirstPaint,
    bytesTotal: res.bytesTotal,
    scripts: res.scripts,
  };
}

window.__bench = {
  tag: TAG,
  result: measure(),
  elements: () => countElements(host),
  elementsByTag: () => elementsByTag(host),
  post: (body) => postThroughForm(host, body),
};
