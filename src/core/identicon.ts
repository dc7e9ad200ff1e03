/**
 * Identicons: a 5×5 mirrored pattern and a hue derived from a hash of the author's name,
 * drawn by the widget itself, so no avatar is ever requested from a third party. Pure: how the
 * pattern is drawn is `render/identicon-style.ts`'s business.
 *
 * @module
 */

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit integer. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche so that similar names get visibly different patterns.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface Identicon {
  /** 0–359, for `hsl()`. */
  hue: number;
  /**
   * The filled cells of columns 0, 1 and 2 of the 5×5 grid, one bit per row (bit 0 is the top
   * row); columns 3 and 4 mirror 1 and 0. Never all empty: an empty pattern fills the centre.
   */
  columns: [number, number, number];
}

/** The identicon for a name (case and surrounding spaces ignored); the same name always gives the same picture. */
export function identicon(name: string): Identicon {
  const key = name.trim().toLowerCase();
  const bits = hash32(key);
  const columns: [number, number, number] = [bits & 31, (bits >>> 5) & 31, (bits >>> 10) & 31];
  if (columns[0] + columns[1] + columns[2] === 0) columns[2] = 0b00100;
  return { hue: hash32(key, 0x9e3779b9) % 360, columns };
}
