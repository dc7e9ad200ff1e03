// Types of dist/markdown.js: the widget's Markdown renderer, bundled in by
// scripts/server-markdown.mjs (see there).

/** Renders a comment's Markdown source to an HTML string, as the widget does. */
export function renderMarkdown(source: string): string;
