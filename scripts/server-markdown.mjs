// Bundles the widget's Markdown renderer (src/core/markdown.ts and what it imports) into the
// server's build as server/dist/markdown.js, with server/src/markdown.d.ts as its types. The
// server renders each body with the very code the widget would, and sends it as `html`, so
// that a reader's browser paints comments without downloading the renderer
// (src/core/markdown-loader.ts). Run by the server's `build` script, before tsc.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'src/core/markdown.ts')],
  outfile: join(root, 'server/dist/markdown.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  banner: { js: '// Generated from the widget\'s src/core/markdown.ts by scripts/server-markdown.mjs: edit that, not this.' },
  logLevel: 'warning',
});
