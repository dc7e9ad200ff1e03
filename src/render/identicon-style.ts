/**
 * Draws identicons (`core/identicon.ts`) without an element of their own: each comment's
 * avatar is its article's `::before`, painted by classes the article carries. A class per
 * column pattern (`i0-13`: column 0 has pattern 13) and one per hue (`h120`) set custom
 * properties that the stylesheet's `.comment::before` rule turns into background layers, so
 * 3 × 32 + 360 rules exist, made once into one constructed stylesheet (allowed by a Content
 * Security Policy without `'unsafe-inline'`, unlike a `style` attribute) shared by every
 * `<comment-thread>` of the document.
 *
 * A long thread then costs one element less per comment than an `<svg>` with its `<path>`.
 *
 * @module
 */
import { identicon } from '../core/identicon.js';
import { adoptSheet } from './dom.js';

let sheet: CSSStyleSheet | null | undefined;
const classesByName = new Map<string, string>();

/** A column of five cells as a vertical gradient with hard stops (`currentColor` where filled). */
function column(mask: number): string {
  const stops: string[] = [];
  for (let row = 0; row < 5; row++) stops.push(`${(mask >> row) & 1 ? 'currentColor' : '#0000'} 0 ${(row + 1) * 20}%`);
  return `linear-gradient(${stops.join()})`;
}

/**
 * The shared sheet with every rule (3 × 32 column patterns, 360 hues), made at once on first
 * use: adding rules while comments render would make the browser restyle the whole thread each
 * time. `null` where the browser cannot construct stylesheets (no identicons then).
 */
function identiconSheet(): CSSStyleSheet | null {
  if (sheet === undefined) {
    const rules: string[] = [];
    for (let slot = 0; slot < 3; slot++) for (let mask = 0; mask < 32; mask++) rules.push(`.i${slot}-${mask}{--_ct-i${slot}:${column(mask)}}`);
    for (let hue = 0; hue < 360; hue++) rules.push(`.h${hue}{--_ct-hue:${hue}}`);
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(rules.join(''));
    } catch {
      sheet = null;
    }
  }
  return sheet;
}

/** Lets `root` use the identicon rules (once per shadow root). */
export function adoptIdenticons(root: ShadowRoot): void {
  adoptSheet(root, identiconSheet());
}

/** The classes that paint `name`'s identicon on a `.comment`'s `::before`. */
export function identiconClasses(name: string): string {
  let classes = classesByName.get(name);
  if (classes === undefined) {
    const { hue, columns } = identicon(name);
    classesByName.set(name, (classes = `${columns.map((mask, slot) => `i${slot}-${mask}`).join(' ')} h${hue}`));
  }
  return classes;
}
