/**
 * The drop-in bundle's translations, `dist/comment-thread.i18n.js`: English (the read and write
 * paths' strings together) and German, with `plural` for writing one's own. A sibling of the
 * bundle rather than part of it, since each page needs at most one of them and the bundle is
 * what every page waits for (3.3 KB gzip kept off it); it shares the bundle's code, so loading
 * both costs only the strings:
 *
 * ```js
 * import { de } from './comment-thread.i18n.js';
 * document.querySelector('comment-thread').strings = de;
 * ```
 *
 * @module
 */
export { en, type CommentThreadStrings } from '../i18n/en.js';
export { de } from '../i18n/de.js';
export { plural, type PluralForms } from '../i18n/plural.js';
