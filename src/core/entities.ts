/**
 * Decoding of HTML character references: `&amp;`, `&#169;`, `&#xA9;`.
 *
 * The widget's Markdown renderer uses it in link destinations, titles and code block info
 * strings. The server's importers do not: they decode imported HTML completely (every HTML5
 * named reference) with the `entities` package and turndown's parser; the server's build
 * bundles this file only as part of the renderer. `test/node/entities.test.mjs` holds it to
 * the rules below.
 *
 * - Named references: the common ones below (the five of XML, `&nbsp;`, typographic quotes and
 *   dashes, `&hellip;` `&copy;` `&reg;` `&trade;` `&euro;`), case-sensitive as in HTML; any
 *   other name stays as written.
 * - Numeric references: up to 7 decimal or 6 hexadecimal digits (CommonMark's limits; a longer
 *   one stays as written). Zero, surrogates and anything above U+10FFFF become U+FFFD.
 *
 * @module
 */

/** A character reference, as a RegExp source; its groups: hex digits, decimal digits, name. */
export const CHARACTER_REFERENCE = '&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));';

/**
 * The named references known here: each name followed by its one character, packed in one
 * string for size (this module is in the widget's bundle). A `Map`, so that names such as
 * `constructor` are no entities.
 */
const NAMED = new Map(
  'amp&lt<gt>quot"apos\'nbsp\u00a0hellip…mdash—ndash–lsquo‘rsquo’ldquo“rdquo”laquo«raquo»copy©reg®trade™euro€'
    .match(/[a-z]+[^a-z]/g)!
    .map((entry) => [entry.slice(0, -1), entry.at(-1)!] as const),
);

/**
 * The text one character reference stands for (the arguments are a match of
 * {@link CHARACTER_REFERENCE} and its groups); the reference itself when its name is unknown.
 */
export function decodeReference(reference: string, hex?: string, decimal?: string, name?: string): string {
  if (name !== undefined) return NAMED.get(name) ?? reference;
  const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
  return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
}

/** Decodes every character reference in `text`. */
export function decodeEntities(text: string): string {
  return text.replace(new RegExp(CHARACTER_REFERENCE, 'g'), decodeReference);
}
