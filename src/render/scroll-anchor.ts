/**
 * Keeps what the reader is looking at in place while the thread changes above it (a comment
 * edited or deleted higher up, the "Show 3 new comments" button appearing): before a render,
 * note the comment at the top of the view and where it is; after, scroll by however far it
 * moved. Every engine gets the same behaviour, WebKit included, which has no CSS scroll
 * anchoring; where the browser has its own, it finds nothing left to correct (the view is
 * back in place before the next layout it would correct at).
 *
 * @module
 */

/**
 * Notes the comment at the top of the view inside `host`'s shadow root and returns what puts
 * it back where it was; `null` when the element's top is in view (nothing of it is above the
 * reader) or no comment is at the top of the view.
 */
export function holdPlace(host: HTMLElement): (() => void) | null {
  const box = host.getBoundingClientRect();
  if (box.top >= 0 || box.bottom <= 0) return null;
  const root = host.shadowRoot!;
  const x = box.left + Math.min(box.width / 2, 48);
  let anchor: Element | null = null;
  // The first comment found a little way down from the top of the view.
  for (const y of [1, 24, 64, 128]) if ((anchor = root.elementFromPoint(x, y)?.closest('article') ?? null)) break;
  if (!anchor) return null;
  const top = anchor.getBoundingClientRect().top;
  return () => {
    const moved = anchor.isConnected ? anchor.getBoundingClientRect().top - top : 0;
    // Never animated, whatever the page's scroll-behavior: the reader must not see it.
    if (Math.abs(moved) >= 1) scrollBy({ top: moved, behavior: 'instant' });
  };
}
