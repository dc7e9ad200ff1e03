// What every answer carries, and what --static never serves (issue 11, finding 10):
// `X-Content-Type-Options: nosniff`, a `Referrer-Policy` and a Content-Security-Policy on the
// API's answers, its errors and the static files; no dotfile and nothing in a dot-folder, however the path is spelled;
// a 404 that does not repeat the path it was asked for.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, request, startServer } from './helpers.mjs';

describe('headers and static files', () => {
  let server;
  let db;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ct-static-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>site</title>');
    writeFileSync(join(dir, 'comment-thread.js'), 'export {};');
    writeFileSync(join(dir, 'comment-thread.core-Ab_3-x9Z.js'), 'export {};');
    writeFileSync(join(dir, '.env'), 'SECRET=do-not-serve');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'config'), '[core] secret');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', '.hidden'), 'hidden');
    db = await freshDatabase('sqlite');
    server = await startServer(['--db', db.url, '--static', dir]);
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const secure = (headers, what) => {
    assert.equal(headers.get('x-content-type-options'), 'nosniff', `nosniff on ${what}`);
    assert.equal(headers.get('referrer-policy'), 'strict-origin-when-cross-origin', `Referrer-Policy on ${what}`);
  };

  it('sends nosniff and a Referrer-Policy with the API, its errors and the static files', async () => {
    secure((await request(`${server.url}/api/health`)).headers, 'an API answer');
    secure((await request(`${server.url}/api/comments?thread=`)).headers, 'a 400');
    secure((await request(`${server.url}/api/comments/nope`)).headers, 'a 404');
    const page = await request(`${server.url}/`);
    assert.equal(page.status, 200);
    secure(page.headers, 'a static file');
  });

  it('sends a Content-Security-Policy: none for the API, a strict one for the static pages', async () => {
    for (const path of ['/api/health', '/api/comments?thread=', '/openapi.json', '/nowhere']) {
      assert.equal((await request(`${server.url}${path}`)).headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'", path);
    }
    const page = (await request(`${server.url}/`)).headers.get('content-security-policy');
    for (const directive of ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "require-trusted-types-for 'script'", 'trusted-types comment-thread lit-html comment-thread-worker']) {
      assert.ok(page.split('; ').includes(directive), `${directive} in ${page}`);
    }
    assert.doesNotMatch(page, /unsafe-inline|unsafe-eval/);
    const own = await startServer(['--db', db.url, '--static', dir, '--static-csp', "default-src 'self'"]);
    try {
      assert.equal((await request(`${own.url}/`)).headers.get('content-security-policy'), "default-src 'self'", '--static-csp replaces it');
    } finally {
      await own.stop();
    }
  });

  it('caches the widget\'s files named by their content for good, and asks again for the rest', async () => {
    const cache = async (path) => (await request(`${server.url}${path}`)).headers.get('cache-control');
    assert.equal(await cache('/comment-thread.core-Ab_3-x9Z.js'), 'public, max-age=31536000, immutable');
    assert.equal(await cache('/comment-thread.js'), 'no-cache', 'the bundle a page names');
    assert.equal(await cache('/'), 'no-cache');
  });

  it('never serves a dotfile or a dot-folder, however the path is spelled', async () => {
    for (const path of ['/.env', '/.git/config', '/assets/.hidden', '/%2eenv', '/%2Egit/config', '/assets/%2ehidden', '/.%65nv']) {
      const { status, body } = await request(`${server.url}${path}`);
      assert.equal(status, 404, path);
      assert.doesNotMatch(JSON.stringify(body), /do-not-serve|secret|hidden/, path);
    }
  });

  it('does not repeat the path it was asked for in a 404', async () => {
    const hostile = '/<script>alert(1)</script>';
    const { status, body } = await request(`${server.url}${encodeURI(hostile)}`);
    assert.equal(status, 404);
    assert.equal(body.error.code, 'not-found');
    assert.doesNotMatch(JSON.stringify(body), /script|alert/);
  });
});
