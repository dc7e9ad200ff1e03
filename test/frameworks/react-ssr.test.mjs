// React 19 with server rendering and hydration, as a Next.js App Router page does it: the page
// (react-app.tsx) is rendered to HTML by react-dom/server in Node, sent by a plain HTTP
// server, and hydrated in Chromium (react-client.tsx), both bundled by esbuild against the
// built package. What it shows, against a real comment server:
// - `comment-thread/react`'s wrapper gets its adapter after hydration, and its event prop
//   fires: comments go to the adapter given, not to this browser's storage;
// - the element with attributes only (`src`, `thread-id`) reads from the comment server;
// - the element given a property directly loses it in hydration (React 19 sets no property
//   while hydrating a custom element): why the wrapper exists (README, "React").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const root = new URL('../../', import.meta.url).pathname;

/** Starts the built comment server on a fresh SQLite file: its address and a stop(). */
async function commentServer(dir, origin) {
  const child = spawn(process.execPath, [join(root, 'server/dist/cli.js'), '--port', '0', '--db', `sqlite:${join(dir, 'comments.db')}`, '--origin', origin], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const onData = (data) => {
      out += data;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`the comment server did not start:\n${out}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

test('React 19: server-rendered, hydrated, the wrapper keeps its adapter and events; src alone reads the server', { timeout: 120_000 }, async (t) => {
  assert.ok(readFileSync(join(root, 'dist/react/index.js')), 'dist/react is missing: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'ct-react-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A project with the package installed (this repository) and React.
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules/comment-thread'));
  for (const name of ['react', 'react-dom']) symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  for (const file of ['react-app.tsx', 'react-client.tsx']) symlinkSync(join(root, 'test/frameworks', file), join(dir, file));

  const common = { bundle: true, format: 'esm', jsx: 'automatic', logLevel: 'error', absWorkingDir: dir, define: { 'process.env.NODE_ENV': '"production"' } };
  await build({ ...common, entryPoints: ['react-client.tsx'], outfile: join(dir, 'client.js'), platform: 'browser', conditions: ['production'] });
  await build({ ...common, entryPoints: ['react-app.tsx'], outfile: join(dir, 'app.mjs'), platform: 'node', external: ['react', 'react-dom'] });
  const { App } = await import(join(dir, 'app.mjs'));
  const { renderToString } = await import(join(dir, 'node_modules/react-dom/server.node.js'));
  const { createElement } = await import(join(dir, 'node_modules/react/index.js'));

  const page = createServer((req, res) => {
    if (req.url === '/client.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(dir, 'client.js')));
    if (req.url !== '/') return res.writeHead(404).end();
    const html = renderToString(createElement(App, { server: comments.url }));
    res.writeHead(200, { 'content-type': 'text/html' }).end(
      `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"></head><body><div id="root" data-server="${comments.url}">${html}</div><script type="module" src="/client.js"></script></body></html>`,
    );
  });
  await new Promise((r) => page.listen(0, '127.0.0.1', r));
  t.after(() => page.close());
  const origin = `http://127.0.0.1:${page.address().port}`;
  const comments = await commentServer(dir, origin);
  t.after(() => comments.stop());
  const seeded = await fetch(`${comments.url}/api/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ threadId: '/react/by-src', author: { name: 'Srv' }, body: 'From the comment server' }) });
  assert.equal(seeded.status, 201);

  // The server's HTML holds the elements and their attributes, and no adapter.
  const ssr = await (await fetch(`${origin}/`)).text();
  assert.match(ssr, /<comment-thread id="wrapped"[^>]*>/);
  assert.match(ssr, /<comment-thread id="by-src" src="http:\/\/127\.0\.0\.1:\d+" thread-id="\/react\/by-src">/);

  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  t.after(() => browser.close());
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await tab.goto(`${origin}/`);

  // The wrapper: its adapter is the one made in the browser, and it reads from it.
  await tab.locator('#wrapped').getByText('From the memory adapter').waitFor();
  assert.equal(await tab.evaluate(() => document.getElementById('wrapped').adapter === window.testAdapter), true);
  await tab.locator('#wrapped textarea').fill('Posted through React');
  await tab.locator('#wrapped [part~="submit-button"]').click();
  await tab.locator('#wrapped').getByText('Posted through React').waitFor();
  const posted = await tab.evaluate(() => window.posted);
  assert.ok(posted, 'onCommentPosted fired');
  assert.equal((await tab.evaluate(() => window.testAdapter.list('/react/wrapped'))).comments.some((c) => c.id === posted), true, 'the comment went to the adapter given');

  // src alone: the comment server's comment, nothing kept in this browser for that thread.
  await tab.locator('#by-src').getByText('From the comment server').waitFor();

  // The element given the adapter as a plain prop: hydration left it without, so it fell back
  // to this browser's storage, which it says.
  await tab.locator('#plain [part~="persistence-note"], #plain').first().waitFor();
  assert.equal(await tab.evaluate(() => document.getElementById('plain').adapter === window.testAdapter), false, 'React 19 set the property while hydrating: the README can say the wrapper is no longer needed');
  assert.deepEqual(await tab.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':thread:/react/wrapped') || k.includes(':thread:/react/by-src'))), [], 'nothing of the wrapped or src threads in localStorage');
  assert.deepEqual(errors, []);
});
