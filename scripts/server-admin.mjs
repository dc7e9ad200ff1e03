// Bundles the moderation page (src/admin/, Lit elements of this repository) into the server's
// build as server/dist/admin/comment-thread-admin.js: one ES module, Lit's production build
// and DOMPurify inlined, minified, with a source map. The server serves it at /admin
// (server/src/admin-page.ts); the widget's bundle never contains it. Run by the server's
// `build` script.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'src/admin/index.ts')],
  outfile: join(root, 'server/dist/admin/comment-thread-admin.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['production'],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'warning',
});
