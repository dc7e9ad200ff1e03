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
 * Gives the modules matching `importers` a copy of their own of the modules matching `shared`
 * (a second module id, `?copy`, for the same file), so that the chunk holding the importers
 * shares nothing with the chunks holding the originals (a copy's own imports are importers
 * too, where `importers` matches `?copy`). For `<comment-count>` on its own: the local counting shares
 * only two leaf modules with `comment-count.js` (the http(s) check and the limits, 170 bytes),
 * and with its own copies it imports nothing, so `comment-count.js?v=2` cannot load the
 * entry a second time, and the entry stays one file.
 */
function ownCopies(importers: RegExp, shared: RegExp): Plugin {
  return {
    name: 'comment-thread:own-copies',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !importers.test(importer) || !shared.test(source)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved && { ...resolved, id: `${resolved.id}?copy` };
    },
  };
}

/**
 * What both builds share: lit's production build, always (even if NODE_ENV=development is set
 * in the shell, Vite would otherwise resolve the `development|production` condition from it:
 * the development build adds about 4 KB gzip and a "Lit is in dev mode" console warning to
 * every page), ES2022, minified, with source maps, into dist/ beside each other.
 */
function libraryBuild(entry: string | Record<string, string>, fileName: string, rolldownOptions: NonNullable<UserConfig['build']>['rolldownOptions']): UserConfig {
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
      lib: { entry, formats: ['es'], fileName: (_format, name) => fileName.replace('[name]', name) },
      rolldownOptions,
    },
  };
}

/**
 * `<comment-count>` on its own (`--mode count`): `dist/comment-count.js`, for index pages that
 * show counts without a thread, under 2 KB gzip; and beside it `comment-count.local.js`, the
 * counting from this browser's storage, loaded only by elements without `src`.
 */
const countBuild: UserConfig = {
  ...libraryBuild('src/count/define-count.ts', 'comment-count.js', {
    output: {
      minify: true,
      comments: false,
      chunkFileNames: 'comment-count.local-[hash].js',
    },
  }),
  plugins: [ownCopies(/[\\/]src[\\/]adapters[\\/](storage-adapter|read-comment|local-storage-format)\.ts$/, /[\\/](http-url|limits)\.js$/)],
};

/**
 * The file of each lazy chunk (docs/ARCHITECTURE.md, "Chunks"), by a module it holds, without
 * its hash: DOMPurify for browsers without the HTML Sanitizer API; the write path (the form,
 * posting, editing, deleting) and the writing halves of the adapters, for visitors who write;
 * each adapter's reading half, for pages with and without a comment server; the tracing of
 * small changes to the tree, after the first render; the re-read after a live connection was
 * lost; the Markdown renderer, for comments that come without their HTML and for the write
 * path; <comment-count>'s counting, when a page has one; what a reader's own actions do
 * (folding, copying a link, j and k), on first use; the live changes, with the first one
 * heard; "Your comments on this site", when a visitor opens it; the proof-of-work, for a
 * server that asks for one; and the MemoryAdapter, for a page that makes one. Everything else
 * the entries share is `comment-thread.core-HASH.js`, the read path.
 */
const CHUNKS: [module: string, file: string][] = [
  ['dompurify', 'dompurify'],
  ['write/write-path', 'write'],
  ['http-adapter', 'http'],
  ['http-client', 'http-read'],
  ['local-storage-adapter', 'local-write'],
  ['local-storage-reader', 'local'],
  ['memory-adapter', 'memory'],
  ['core/tree-update', 'update'],
  ['controllers/resync', 'resync'],
  ['core/markdown.ts', 'markdown'],
  ['render/mentions-view', 'mentions'],
  ['controllers/linked-comment', 'linked'],
  ['count/update-count', 'count'],
  ['reader/reader', 'reader'],
  ['controllers/live-changes', 'live'],
  ['components/your-data', 'your-data'],
  ['adapters/proof-of-work', 'proof'],
  ['i18n/de', 'de'],
];

/**
 * The drop-in bundle: `comment-thread.js`, which registers the elements and exports the API
 * (src/drop-in/index.ts), and its sibling `comment-thread.i18n.js`, the translations
 * (src/drop-in/i18n.ts). Both are facades of a few hundred bytes with stable names, the only
 * files a page names; every other file's name carries a hash of its content. So a chunk
 * imports the code it shares by that name, which a query string on the bundle's address
 * (`comment-thread.js?v=2`) cannot make a second copy of, and every file but the two entries
 * can be cached for good (README, "CDN").
 */
const bundleBuild: UserConfig = {
  ...libraryBuild({ 'comment-thread': 'src/drop-in/index.ts', 'comment-thread.i18n': 'src/drop-in/i18n.ts' }, '[name].js', {
    // Each entry exports exactly its module's names: what the chunks share goes to the core
    // chunk, which they import by its hashed name, never to an entry.
    preserveEntrySignatures: 'strict',
    output: {
      minify: true,
      // Vite keeps `/* @__PURE__ */` annotations in ES library output for downstream
      // tree-shaking; these files register themselves and nothing tree-shakes them.
      comments: false,
      // The read path, one chunk: the element, the stand-in <comment-count> and the lazy
      // adapters, with every module they import statically, and the events (the API the
      // entry exports). Without it Rolldown would split off a chunk per combination of the
      // lazy chunks that share modules, each one more request.
      codeSplitting: { groups: [{ name: 'core', test: /[\\/]src[\\/](define|components[\\/]comment-thread[\\/]comment-thread|count[\\/]lazy-count|drop-in[\\/]lazy-adapters|events[\\/][^\\/]+)\.ts$/ }] },
      chunkFileNames: (chunk) => {
        const file = CHUNKS.find(([module]) => chunk.moduleIds.some((id) => id.includes(module)))?.[1] ?? 'core';
        return `comment-thread.${file}-[hash].js`;
      },
    },
  }),
  plugins: [
    minifyTemplates(),
    // The MemoryAdapter's chunk and the translations get their own copies of what they share
    // with the sample adapter's halves (the checks of a new comment, the changes to one, the
    // local reads) and with the write path (its English strings): otherwise those would be
    // chunks of their own, one more request (and less compression) for every visitor who
    // writes, for the sake of pages that make a MemoryAdapter or load the translations.
    ownCopies(/[\\/](adapters[\\/]memory-adapter|drop-in[\\/]i18n)\.ts$|\?copy$/, /[\\/](comment-ops|validate|local-reads|en|en-write)\.js$/),
  ],
  // Addresses the chunks make (the worker's) are relative to the chunk, as its imports are.
  base: './',
  // The proof-of-work's worker (`new Worker(new URL('./proof-worker.js', import.meta.url))` in
  // src/adapters/proof-of-work.ts): an ES module of its own beside the bundle, minified.
  worker: {
    format: 'es',
    rolldownOptions: { output: { entryFileNames: 'comment-thread.proof-worker-[hash].js', minify: true, comments: false } },
  },
};

export default defineConfig(({ mode }) => (mode === 'count' ? countBuild : bundleBuild));
