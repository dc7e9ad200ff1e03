// A web-test-runner middleware that serves pages with a strict Content-Security-Policy, as a
// real response header, for test/components/strict-csp.test.ts: no inline script, no eval, no
// inline style, Trusted Types enforced. The pages load what a site copies from a CDN: the
// drop-in bundle with its lazy chunks (`dist/comment-thread.js`), and the standalone
// `dist/comment-count.js`, built from the working tree by `vite build` (vite.config.ts, both
// modes) into a temporary folder on the first request. dist/ may be stale when the browser
// tests run on their own, or half-written by a build running beside them, so the pages never
// read dist/.
//
//   /__csp/thread.html?…  <comment-thread> and a <comment-count> from the drop-in bundle
//   /__csp/count.html?…   <comment-count> from dist/comment-count.js alone
//   /__csp/build/FILE     the built files
//   /__csp/record.js      the page's first script: records every `securitypolicyviolation`
//                         (window.cspViolations), console.error (window.consoleErrors) and
//                         calls of alert & co. (window.xssCalls)
//   /__csp/no-sanitizer-api.js  removes Element.prototype.setHTML, as in a browser without the
//                         HTML Sanitizer API, so that the bundle loads DOMPurify
//
// The pages' query: `thread` (the thread id), `src` (the comment server: an http address on
// this machine, added to connect-src), `sanitizer=dompurify`, `policy=minimal` (see
// `cspHeader`), `trusted-types` (the policy names allowed; `TRUSTED_TYPES` by default).
// The middleware answers before the dev server's plugins, so nothing it serves is transformed.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { atExit } from './at-exit.mjs';

/**
 * The Trusted Types policies the widget creates: `comment-thread` (DOMPurify parses the HTML of
 * comment bodies through it, in browsers without the HTML Sanitizer API:
 * src/core/sanitize-dompurify.ts), `lit-html` (Lit's templates in the write path) and
 * `comment-thread-worker` (the proof-of-work's worker starts through it, for a server that
 * asks for one: src/adapters/proof-of-work.ts).
 */
export const TRUSTED_TYPES = ['comment-thread', 'lit-html', 'comment-thread-worker'];

const root = resolve(import.meta.dirname, '..');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

/**
 * The Content-Security-Policy of a test page.
 *
 * - `site`: the header recommended to sites: their own scripts, styles and images, the
 *   comment server in `connect-src`, Trusted Types with the widget's policies.
 * - `minimal`: only what the widget itself needs: scripts from the page's origin, requests to
 *   the comment server; no style, image or other source at all.
 */
export function cspHeader({ policy = 'site', server = null, trustedTypes = TRUSTED_TYPES } = {}) {
  const connect = server ? ` ${server}` : '';
  const directives =
    policy === 'minimal'
      ? [`default-src 'none'`, `script-src 'self'`, ...(server ? [`connect-src${connect}`] : [])]
      : [
          `default-src 'self'`,
          `script-src 'self'`,
          `style-src 'self'`,
          `img-src 'self' data:`,
          `connect-src 'self'${connect}`,
          `object-src 'none'`,
          `base-uri 'none'`,
        ];
  directives.push(`require-trusted-types-for 'script'`, `trusted-types ${trustedTypes.join(' ') || "'none'"}`);
  return directives.join('; ');
}

const RECORD = `// Before any other script of the page (a classic script in <head>).
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push({
    directive: event.effectiveDirective || event.violatedDirective,
    blockedURI: event.blockedURI,
    sample: event.sample,
    sourceFile: event.sourceFile,
    line: event.lineNumber,
  });
}, true);
window.consoleErrors = [];
const consoleError = console.error;
console.error = (...args) => {
  window.consoleErrors.push(args.map(String).join(' '));
  consoleError.apply(console, args);
};
window.xssCalls = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.xssCalls.push(name + '(' + args.map(String).join(',') + ')'); };
}
`;

const NO_SANITIZER_API = `// As in a browser without the HTML Sanitizer API (WebKit today): the bundle loads DOMPurify.
delete Element.prototype.setHTML;
`;

/** `text` for an HTML attribute value in double quotes. */
const attribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The origin of `src` when it is an http address on this machine, else null. */
function localOrigin(src) {
  try {
    const url = new URL(src);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname) ? url.origin : null;
  } catch {
    return null;
  }
}

function page(title, head, body) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<script src="/__csp/record.js"></script>
${head.join('\n')}
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

export function strictCspMiddleware() {
  let dir = null;
  let building = null;

  /** Builds the bundle and the standalone <comment-count> once; resolves with the folder. */
  const build = () =>
    (building ??= (async () => {
      dir = mkdtempSync(join(tmpdir(), 'ct-csp-build-'));
      // (vite.config.ts keeps the folder as it is between the two builds: emptyOutDir false.)
      atExit(() => rmSync(dir, { recursive: true, force: true }));
      const run = promisify(execFile);
      for (const mode of ['production', 'count']) {
        await run(process.execPath, [vite, 'build', '--logLevel', 'warn', '--mode', mode, '--outDir', dir], { cwd: root });
      }
      return dir;
    })());

  return async function strictCsp(ctx, next) {
    if (!ctx.path.startsWith('/__csp/')) return next();
    try {
      await answer(ctx);
    } catch (error) {
      // A build that failed, say: the test shows why.
      ctx.status = 500;
      ctx.type = 'text/plain';
      ctx.body = `${ctx.path}: ${error.stderr || error.stack || error}`;
    }
    return undefined;
  };

  async function answer(ctx) {
    const query = ctx.query;
    const text = (name) => (typeof query[name] === 'string' ? query[name] : '');
    if (ctx.path === '/__csp/record.js' || ctx.path === '/__csp/no-sanitizer-api.js') {
      ctx.type = 'text/javascript';
      ctx.body = ctx.path === '/__csp/record.js' ? RECORD : NO_SANITIZER_API;
      return;
    }
    if (ctx.path.startsWith('/__csp/build/')) {
      const name = basename(ctx.path);
      const file = join(await build(), name);
      if (!/^comment-(thread|count)[\w.-]*\.js(\.map)?$/.test(name) || !existsSync(file)) {
        ctx.status = 404;
        return;
      }
      ctx.type = name.endsWith('.map') ? 'application/json' : 'text/javascript';
      ctx.body = readFileSync(file);
      return;
    }
    if (ctx.path !== '/__csp/thread.html' && ctx.path !== '/__csp/count.html') {
      ctx.status = 404;
      return;
    }
    // Built before the page is answered, so that a slow build cannot hold its scripts past a timeout.
    await build();
    const src = text('src');
    const server = src ? localOrigin(src) : null;
    if (src && !server) {
      ctx.status = 400;
      ctx.body = `src must be an http address on this machine: ${src}`;
      return;
    }
    const trustedTypes = 'trusted-types' in query ? text('trusted-types').split(/\s+/).filter((name) => /^[\w-]+$/.test(name)) : TRUSTED_TYPES;
    const csp = cspHeader({ policy: text('policy') === 'minimal' ? 'minimal' : 'site', server, trustedTypes });
    const thread = attribute(text('thread'));
    const srcAttribute = src ? ` src="${attribute(src)}"` : '';
    const count = `<p><comment-count thread-id="${thread}"${srcAttribute} href="#comments">Comments</comment-count></p>`;
    const html =
      ctx.path === '/__csp/thread.html'
        ? page(
            'A page with a strict CSP: the drop-in bundle',
            [...(text('sanitizer') === 'dompurify' ? ['<script src="/__csp/no-sanitizer-api.js"></script>'] : []), '<script type="module" src="/__csp/build/comment-thread.js"></script>'],
            [count, `<comment-thread id="comments" thread-id="${thread}"${srcAttribute}></comment-thread>`],
          )
        : page('A page with a strict CSP: the standalone <comment-count>', ['<script type="module" src="/__csp/build/comment-count.js"></script>'], [count]);
    ctx.set('Content-Security-Policy', csp);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/html';
    ctx.body = html;
  }
}
