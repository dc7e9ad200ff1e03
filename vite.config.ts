// The drop-in bundle: `dist/comment-thread.js`, one ES module that registers the elements, with
// lit inlined, minified, with a source map; DOMPurify is its one lazy chunk (see core/sanitize.ts). The per-module ESM
// build and the .d.ts files come from `tsc -p tsconfig.build.json` (see scripts/build.mjs).
import { defineConfig } from 'vite';
import { minifyLitTemplates } from './scripts/minify-templates.ts';

export default defineConfig({
  publicDir: false,
  // Strip indentation, comments and insignificant whitespace from our html/svg/css templates.
  plugins: [minifyLitTemplates()],
  resolve: {
    // Always lit's production build, even if NODE_ENV=development is set in the shell (Vite would
    // otherwise resolve the `development|production` condition from it): the development build
    // adds about 4 KB gzip and a "Lit is in dev mode" console warning to every page.
    conditions: ['module', 'browser', 'production'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    reportCompressedSize: false,
    lib: {
      entry: 'src/define.ts',
      formats: ['es'],
      fileName: () => 'comment-thread.js',
    },
    rolldownOptions: {
      // Lets modules shared by the bundle and its lazy chunks stay in the bundle (the chunks
      // import them from it) instead of becoming a third file the bundle must load first.
      preserveEntrySignatures: 'allow-extension',
      output: {
        minify: true,
        // Vite keeps `/* @__PURE__ */` annotations in ES library output for downstream
        // tree-shaking; this file is a self-registering bundle that nothing tree-shakes.
        comments: false,
        // Chunks loaded from beside the bundle on demand: DOMPurify for browsers without the
        // HTML Sanitizer API, the HttpAdapter for pages with a comment server (`src`), the
        // sample adapter for pages without one, and the re-read after a live connection was lost.
        chunkFileNames: (chunk) => {
          const has = (name: string): boolean => chunk.moduleIds.some((id) => id.includes(name));
          if (has('dompurify')) return 'comment-thread.dompurify.js';
          if (has('http-adapter')) return 'comment-thread.http.js';
          if (has('local-storage-adapter')) return 'comment-thread.local.js';
          if (has('controllers/resync')) return 'comment-thread.resync.js';
          return 'comment-thread.[name]-[hash].js';
        },
      },
    },
  },
});
