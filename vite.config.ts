// The drop-in bundle: `dist/comment-thread.js`, one ES module that registers the element, with
// lit inlined, minified, with a source map, and the lazy chunks it loads from beside it (see
// chunkFileNames below and docs/ARCHITECTURE.md, "Chunks"). With `--mode count`, the standalone
// `<comment-count>` instead: `dist/comment-count.js`, one file, no chunks, no Lit. The
// per-module ESM build and the .d.ts files come from `tsc -p tsconfig.build.json` (see
// scripts/build.mjs, which runs both).
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { minifyHTMLLiterals } from 'minify-literals';

/**
 * Minifies the `html`, `svg` and `css` tagged templates of our own modules with minify-literals
 * (html-minifier-next for markup, Lightning CSS for styles), after Vite has compiled the
 * TypeScript. html-minifier-next keeps one space between inline content (`${a} ${b}`, text
 * around links and buttons) but drops whitespace at a template's start and end and next to
 * block-level tags, as if the template were a document of its own; that renders the same only
 * where the template lands in a block, flex or grid container, as all of ours do (the demo's
 * screenshots were identical pixel for pixel before and after the switch). Text that relies on
 * `white-space: pre*` would need `html: { conservativeCollapse: true }`. minify-literals leaves a
 * module's templates as they are, silently when it cannot parse the module and with a console
 * warning when the module mentions unsafeCSS / unsafeHTML; test/node/bundle.test.mjs catches it.
 */
function minifyTemplates(): Plugin {
  return {
    name: 'comment-thread:minify-templates',
    apply: 'build',
    transform: {
      filter: { id: { include: /[\\/]src[\\/].*\.ts$/, exclude: /[\\/]node_modules[\\/]/ } },
      async handler(code, id) {
        const result = await minifyHTMLLiterals(code, { fileName: id, htmlTags: ['html', 'svg'], cssTags: ['css'] });
        return result && { code: result.code, map: result.map };
      },
    },
  };
}

/**
 * What both builds share: lit's production build, always (even if NODE_ENV=development is set
 * in the shell, Vite would otherwise resolve the `development|production` condition from it:
 * the development build adds about 4 KB gzip and a "Lit is in dev mode" console warning to
 * every page), ES2022, minified, with source maps, into dist/ beside each other.
 */
function libraryBuild(entry: string, fileName: string, rolldownOptions: NonNullable<UserConfig['build']>['rolldownOptions']): UserConfig {
  return {
    publicDir: false,
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      minify: true,
      reportCompressedSize: false,
      lib: { entry, formats: ['es'], fileName: () => fileName },
      rolldownOptions,
    },
  };
}

/**
 * `<comment-count>` on its own (`--mode count`): `dist/comment-count.js`, for index pages that
 * show counts without a thread, under 2 KB gzip; and beside it `comment-count.local.js`, the
 * counting from this browser's storage, loaded only by elements without `src`.
 */
const countBuild = libraryBuild('src/count/define-count.ts', 'comment-count.js', {
  // As in the bundle: what both files use stays in comment-count.js.
  preserveEntrySignatures: 'allow-extension',
  output: {
    minify: true,
    comments: false,
    chunkFileNames: (chunk) => (chunk.moduleIds.some((id) => id.includes('count/local-count')) ? 'comment-count.local.js' : 'comment-count.[name]-[hash].js'),
  },
});

/** The drop-in bundle and its chunks, with its templates minified. */
const bundleBuild: UserConfig = {
  ...libraryBuild('src/define.ts', 'comment-thread.js', {
    // Lets modules shared by the bundle and its lazy chunks stay in the bundle (the chunks
    // import them from it) instead of becoming a third file the bundle must load first.
    preserveEntrySignatures: 'allow-extension',
    output: {
      minify: true,
      // Vite keeps `/* @__PURE__ */` annotations in ES library output for downstream
      // tree-shaking; this file is a self-registering bundle that nothing tree-shakes.
      comments: false,
      // Chunks loaded from beside the bundle on demand (docs/ARCHITECTURE.md, "Chunks"):
      // DOMPurify for browsers without the HTML Sanitizer API; the write path (the form,
      // posting, editing, deleting) and the writing halves of the adapters, for visitors who
      // write; each adapter's reading half, for pages with and without a comment server; the
      // tracing of small changes to the tree, after the first render; the re-read after a
      // live connection was lost; the Markdown renderer, for comments that come without
      // their HTML and for the write path; <comment-count>'s counting, when a page has one; and
      // what a reader's own actions do (folding, copying a link, j and k), on first use; and the
      // live changes, with the first one heard; and "Your comments on this site", when a visitor
      // opens it; and the proof-of-work, for a server that asks for one.
      chunkFileNames: (chunk) => {
        const has = (name: string): boolean => chunk.moduleIds.some((id) => id.includes(name));
        if (has('dompurify')) return 'comment-thread.dompurify.js';
        if (has('write/write-path')) return 'comment-thread.write.js';
        if (has('http-adapter')) return 'comment-thread.http.js';
        if (has('http-client')) return 'comment-thread.http-read.js';
        if (has('local-storage-adapter')) return 'comment-thread.local-write.js';
        if (has('local-storage-reader')) return 'comment-thread.local.js';
        if (has('core/tree-update')) return 'comment-thread.update.js';
        if (has('controllers/resync')) return 'comment-thread.resync.js';
        if (has('core/markdown.ts')) return 'comment-thread.markdown.js';
        if (has('render/mentions-view')) return 'comment-thread.mentions.js';
        if (has('controllers/linked-comment')) return 'comment-thread.linked.js';
        if (has('count/update-count')) return 'comment-thread.count.js';
        if (has('reader/reader')) return 'comment-thread.reader.js';
        if (has('controllers/live-changes')) return 'comment-thread.live.js';
        if (has('components/your-data')) return 'comment-thread.your-data.js';
        if (has('adapters/proof-of-work')) return 'comment-thread.proof.js';
        return 'comment-thread.[name]-[hash].js';
      },
    },
  }),
  plugins: [minifyTemplates()],
  // Addresses the chunks make (the worker's) are relative to the chunk, as its imports are.
  base: './',
  // The proof-of-work's worker (`new Worker(new URL('./proof-worker.js', import.meta.url))` in
  // src/adapters/proof-of-work.ts): an ES module of its own beside the bundle, minified.
  worker: {
    format: 'es',
    rolldownOptions: { output: { entryFileNames: 'comment-thread.proof-worker.js', minify: true, comments: false } },
  },
};

export default defineConfig(({ mode }) => (mode === 'count' ? countBuild : bundleBuild));
