/**
 * Identicons: a 5×5 mirrored pattern and a hue derived from a hash of the author's name,
 * drawn by the widget itself, so no avatar is ever requested from a third party.
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
  /** [column, row] of each filled cell on a 5×5 grid, symmetric about the middle column. */
  cells: Array<[number, number]>;
  /** The filled cells as one SVG path (one element to draw instead of one per cell). */
  path: string;
}

/** The identicon for a name; the same name always gives the same picture. */
export function identicon(name: string): Identicon {
  const key = name.trim().toLowerCase();
  const bits = hash32(key);
  const hue = hash32(key, 0x9e3779b9) % 360;
  const cells: Array<[number, number]> = [];
  // 15 bits fill columns 0–2; columns 3–4 mirror 1–0.
  for (let i = 0; i < 15; i++) {
    if ((bits >>> i) & 1) {
      const column = Math.floor(i / 5);
      const row = i % 5;
      cells.push([column, row]);
      if (column < 2) cells.push([4 - column, row]);
    }
  }
  if (cells.length === 0) cells.push([2, 2]);
  return { hue, cells, path: cells.map(([x, y]) => `M${x} ${y}h1v1h-1z`).join('') };
}
