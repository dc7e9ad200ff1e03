/**
 * Moving between comments by keyboard: `j` to the next comment, `k` to the one before, in the
 * order they are shown, without a Tab stop on every link and button in between. The element
 * listens (any key but these goes by, and none while typing); this moves the focus, which a
 * screen reader then reads as the comment's name (author and date).
 *
 * @module
 */

/** Moves the focus from the comment holding it (or before the first) `by` comments on, within `root`. */
export function step(root: ShadowRoot, by: 1 | -1): void {
  const articles = [...root.querySelectorAll<HTMLElement>('article[tabindex]')];
  const current = root.activeElement?.closest('article') ?? null;
  const next = articles[current ? articles.indexOf(current as HTMLElement) + by : by > 0 ? 0 : articles.length - 1];
  if (!next) return;
  next.focus({ preventScroll: true });
  next.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'instant' : 'auto' });
}
