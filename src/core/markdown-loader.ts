/**
 * The Markdown renderer, loaded on demand. A comment that arrives with `html` (the comment
 * server and the sample adapter render a body when they store it) needs no renderer here, so
 * a reader's first paint does not wait for it; a comment without (another adapter, an older
 * stored one, the visitor's own post) does. The drop-in bundle puts the renderer in
 * `comment-thread.markdown-HASH.js`; the write path imports it directly and hands it over with
 * {@link provideMarkdown}.
 *
 * @module
 */

/** Markdown source to an HTML string (`renderMarkdown` of `core/markdown.ts`). */
export type MarkdownRenderer = (source: string) => string;

let renderer: MarkdownRenderer | null = null;
let loading: Promise<void> | undefined;
let failed = false;

/** The renderer if it has loaded, else `null`. */
export function markdownRenderer(): MarkdownRenderer | null {
  return renderer;
}

/**
 * Whether bodies without `html` can be rendered as they will stay: the renderer has loaded, or
 * it could not load (they then stay plain text).
 */
export function markdownSettled(): boolean {
  return renderer !== null || failed;
}

/** Makes the renderer available, from a module that imports it anyway (the write path). */
export function provideMarkdown(render: MarkdownRenderer): void {
  renderer = render;
}

/**
 * Loads the renderer once. Never rejects: if its chunk cannot load, this logs why, and bodies
 * without `html` stay plain text (as typed, one paragraph per block).
 */
export function loadMarkdown(): Promise<void> {
  if (renderer) return Promise.resolve();
  return (loading ??= import('./markdown.js').then(
    ({ renderMarkdown }) => {
      renderer ??= renderMarkdown;
    },
    (error: unknown) => {
      failed = true;
      console.error('comment-thread: could not load the Markdown renderer; comments are shown as plain text.', error);
    },
  ));
}
