import { enRead, type ReadStrings } from './en-read.js';
import { enWrite, type WriteStrings } from './en-write.js';

export type { ReadStrings } from './en-read.js';
export type { WriteStrings } from './en-write.js';

/**
 * English, the typed source of truth for every string the widget shows: the read path's
 * (`en-read.ts`) and the write path's (`en-write.ts`), which load separately. A translation
 * is an object of the same type (see `de.ts`); a page can also override single strings
 * through the `strings` property. Functions receive the locale so they can format numbers and
 * plurals.
 */
export const en: CommentThreadStrings = { ...enRead, ...enWrite };

/** Every string of the widget; a translation implements all of it. */
export type CommentThreadStrings = ReadStrings & WriteStrings;
