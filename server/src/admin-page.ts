/**
 * The moderation page: `GET /admin`, a small HTML document around `<comment-thread-admin>`,
 * and `GET /admin/comment-thread-admin.js`, its bundle (built from the repository's
 * `src/admin/` into `dist/admin/` by `scripts/server-admin.mjs`). The page talks to this
 * server's admin API on its own origin, signed in with a session cookie (`admin-session.ts`).
 *
 * Its Content-Security-Policy lets it run its own script and reach its own server, and nothing
 * else: no inline script, no frames, no form posts elsewhere, and no images from other sites,
 * so a spam comment's images never load (nor tell their sender) when a moderator reads it.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';

export const ADMIN_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const BUNDLE = 'comment-thread-admin.js';

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <meta name="robots" content="noindex" />
    <title>Comments: moderation</title>
    <link rel="icon" href="data:," />
    <script type="module" src="/admin/${BUNDLE}"></script>
  </head>
  <body>
    <comment-thread-admin></comment-thread-admin>
    <noscript>The moderation page needs JavaScript. The admin API works without it: see the README, “A site owner's work”.</noscript>
  </body>
</html>
`;

/** The bundle, read once: its text and ETag; null when the server was built without it. */
let bundle: Promise<{ text: string; etag: string } | null> | undefined;
const readBundle = () =>
  (bundle ??= readFile(new URL(`./admin/${BUNDLE}`, import.meta.url), 'utf8').then(
    (text) => ({ text, etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"` }),
    () => null,
  ));

/** Adds the page's two routes to `app`. */
export function adminPageRoutes(app: Hono): void {
  app.get('/admin', (c) =>
    c.html(PAGE, 200, {
      'Content-Security-Policy': ADMIN_CSP,
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
    }),
  );
  app.get(`/admin/${BUNDLE}`, async (c) => {
    const file = await readBundle();
    if (!file) return c.text('The moderation page was not built: run npm run build in the server.', 404);
    const headers = { ETag: file.etag, 'Cache-Control': 'no-cache', 'Content-Security-Policy': ADMIN_CSP };
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, headers);
    return c.body(file.text, 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
  });
}
