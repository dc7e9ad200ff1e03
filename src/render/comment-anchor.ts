/**
 * How a comment is named in the page: its element id and its link, `#comment-ID`. A leaf, so
 * that a lazy chunk (the mentions' view) can use it without importing the comments' view.
 */

/** Comment ids are prefixed with this in element ids and links: `#comment-ID`. */
export const COMMENT_ID_PREFIX = 'comment-';
