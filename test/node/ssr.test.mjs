// On a server: every entry point of the package imports in plain Node (no DOM, no shim)
// without reading `document`, `window` or any other browser global, and Lit's server rendering
// (`@lit-labs/ssr`) renders `<comment-thread>` as a declarative shadow root with its heading
// and an empty list (README, "Server rendering"). Needs `npm run build` first (npm test does it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** The package's entry points, by the names a project imports them with (package.json `exports`). */
const ENTRIES = ['comment-thread', 'comment-thread/define.js', 'comment-thread/react', 'comment-thread/testing.js', 'comment-thread/comment-thread.js', 'comment-thread/comment-thread.i18n.js', 'comment-thread/comment-count.js'];

/**
 * Browser globals our modules must not read as they are imported on a server. Each becomes a
 * getter that notes the read and answers `undefined`, as in Node (a `typeof` check reads it
 * too: our modules may only look at them later, in a browser). `navigator` too, which Node 21
 * and later have. Lit's Node builds check for some of them as they load (lit-html whether
 * there is a `document`), which is how Lit runs on a server: reads from Lit's own files are
 * not counted. Nor are `HTMLElement`, `customElements`, `CSSStyleSheet` and `ShadowRoot`
 * trapped, which Lit and `comment-count.ts` check for in order to run here; none exists here.
 */
const TRAPPED = ['document', 'window', 'self', 'location', 'history', 'localStorage', 'sessionStorage', 'navigator', 'matchMedia', 'getComputedStyle', 'requestAnimationFrame', 'IntersectionObserver', 'MutationObserver', 'ResizeObserver'];

/** A module that traps {@link TRAPPED}, imports `entry`, and prints what was read, or why the import failed. */
const probe = (entry) => `
const read = new Set();
const lit = /\\/node_modules\\/(lit|lit-html|lit-element|@lit\\/reactive-element)\\//;
const note = (what) => {
  const caller = new Error().stack.split('\\n')[3] ?? '';
  if (!lit.test(caller)) read.add(what + ' (' + caller.trim() + ')');
};
for (const name of ${JSON.stringify(TRAPPED)}) {
  Object.defineProperty(globalThis, name, { configurable: true, get() { note(name); return undefined; }, set() { note(name + ' set'); } });
}
const dom = ['HTMLElement', 'customElements', 'CSSStyleSheet', 'ShadowRoot', 'Element', 'Node'].filter((name) => typeof globalThis[name] !== 'undefined');
let error = null;
try {
  await import(${JSON.stringify(entry)});
} catch (e) {
  error = String(e && e.stack || e);
}
console.log(JSON.stringify({ dom, read: [...read], error }));
`;

test('every entry point imports in plain Node without touching document, window or other browser globals', async () => {
  assert.ok(existsSync(resolve(root, 'dist/index.js')), 'dist/ is missing: run npm run build first');
  // One fresh process per entry (a module is evaluated once per process), all at once.
  const results = await Promise.all(
    ENTRIES.map(async (entry) => {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe(entry)], { cwd: root });
      return { entry, ...JSON.parse(stdout.trim().split('\n').at(-1)) };
    }),
  );
  for (const { entry, dom, read, error } of results) {
    assert.deepEqual(dom, [], `a DOM global existed before ${entry} was imported: the check means nothing`);
    assert.equal(error, null, `importing ${entry} threw`);
    assert.deepEqual(read, [], `importing ${entry} read browser globals`);
  }
});

test('on a server the drop-in bundle’s name is the server module: the bundle itself is for browsers', async () => {
  // The bundle inlines Lit's browser build, whose element class extends `HTMLElement` as it
  // loads; Node (the `node` condition of the exports) gets the same element from `dist/ssr.js`.
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve('comment-thread/comment-thread.js'), import.meta.resolve('comment-thread/define.js'))`], { cwd: root });
  const [bundle, define] = stdout.trim().split(' ');
  assert.match(bundle, /\/dist\/ssr\.js$/);
  assert.match(define, /\/dist\/ssr\.js$/);
  // It exports every name the bundle exports to browsers (read off the built facade).
  const facade = readFileSync(join(root, 'dist/comment-thread.js'), 'utf8');
  const exports = /export\s*\{([^}]*)\}/.exec(facade)?.[1] ?? '';
  const names = [...exports.matchAll(/\bas ([A-Za-z_$][\w$]*)/g)].map((match) => match[1]).sort();
  assert.ok(names.includes('MemoryAdapter'), `the facade's exports were read: ${names}`);
  // (In a process of its own: this one installs Lit's DOM shim later, before the elements.)
  const script = `const server = await import('comment-thread/comment-thread.js'); const { de } = await import('comment-thread/comment-thread.i18n.js');
console.log(JSON.stringify({ exported: Object.keys(server), heading: de.heading }));`;
  const { exported, heading } = JSON.parse((await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root })).stdout);
  assert.deepEqual(names.filter((name) => !exported.includes(name)), [], 'names the bundle exports and the server module does not');
  assert.equal(heading, 'Kommentare', 'the translations import on a server');
});

test('Lit server rendering: <comment-thread> renders its styles, heading and an empty list in a declarative shadow root', async () => {
  // Lit's DOM shim (HTMLElement, customElements) for this process, then the elements, as a
  // server does it.
  await import('@lit-labs/ssr/lib/install-global-dom-shim.js');
  const { render } = await import('@lit-labs/ssr');
  const { collectResult } = await import('@lit-labs/ssr/lib/render-result.js');
  const { html } = await import('lit');
  await import('comment-thread/define.js');
  await import('comment-thread/comment-count.js');
  const { de } = await import('comment-thread');

  // Nothing said, and nothing asked of the network, while rendering.
  const said = [];
  const asked = [];
  const { warn, error } = console;
  const { fetch } = globalThis;
  console.warn = (...args) => said.push(args.join(' '));
  console.error = (...args) => said.push(args.join(' '));
  globalThis.fetch = (...args) => (asked.push(String(args[0])), Promise.reject(new Error('no network here')));
  let page;
  try {
    page = await collectResult(
      render(html`
        <comment-thread id="a" thread-id="/posts/hello/" src="https://comments.example"></comment-thread>
        <comment-thread id="b" loading="lazy" .strings=${de}></comment-thread>
        <comment-thread id="c" .strings=${{ heading: '<b>Talk</b> & more' }}></comment-thread>
        <comment-count src="https://comments.example" href="/posts/hello/#comments">Comments</comment-count>
      `),
    );
  } finally {
    Object.assign(console, { warn, error });
    globalThis.fetch = fetch;
  }
  assert.deepEqual(said, [], 'the render warned');
  assert.deepEqual(asked, [], 'the render asked the network');

  // Lit's hydration markers are comments: left out, the markup reads as a browser sees it.
  const markup = page.replace(/<!--\/?lit-part[^>]*-->/g, '');
  const thread = (id) => {
    const match = new RegExp(`<comment-thread\\s+id="${id}"[^>]*>([\\s\\S]*?)</comment-thread>`).exec(markup);
    assert.ok(match, `no <comment-thread id="${id}"> in ${markup}`);
    return { open: match[0].slice(0, match[0].indexOf('>') + 1), inside: match[1] };
  };

  const a = thread('a');
  assert.match(a.open, / thread-id="\/posts\/hello\/"/);
  assert.match(a.open, / src="https:\/\/comments\.example"/);
  assert.match(a.inside, /^<template shadowroot="open" shadowrootmode="open"><style>[\s\S]*?\.base\s*\{[\s\S]*?<\/style>/, 'a declarative shadow root, with the element’s styles');
  const shadow = a.inside.replace(/^<template[^>]*><style>[\s\S]*?<\/style>/, '').replace(/<\/template>$/, '');
  assert.equal(
    shadow,
    '<section part="base" class="base" aria-labelledby="heading"><header part="header" class="header"><h2 id="heading" part="heading">Comments</h2></header><ol part="list" class="list" role="list"></ol></section>',
  );

  // The strings given (here the German ones), escaped as text.
  assert.match(thread('b').inside, /<h2 id="heading" part="heading">Kommentare<\/h2><\/header><ol part="list" class="list" role="list"><\/ol>/);
  assert.match(thread('b').open, / loading="lazy"/);
  assert.match(thread('c').inside, /<h2 id="heading" part="heading">&lt;b&gt;Talk&lt;\/b&gt; &amp; more<\/h2>/);

  // <comment-count> has no shadow root: the server sends it as written, with its fallback.
  assert.match(markup, /<comment-count\s+src="https:\/\/comments\.example" href="\/posts\/hello\/#comments">Comments<\/comment-count>/);
});
