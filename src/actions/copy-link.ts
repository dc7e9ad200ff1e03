/**
 * Copy link: a button on every comment that copies the address of its `#comment-ID` anchor,
 * which finds the comment on any page of the thread (`controllers/deep-link-controller.ts`).
 * The click writes the link through the Clipboard API at once; what follows (the fallback,
 * the message: `reader/copy-link.ts`) loads with the reader's actions when the button is first
 * pressed or focused.
 *
 * @module
 */
import { COMMENT_ID_PREFIX } from '../render/comment-anchor.js';
import { el } from '../render/dom.js';
import type { CommentAction } from './types.js';

declare module '../controllers/comment-state-controller.js' {
  interface CommentState {
    /** Its link was just copied: the button says so for a moment. */
    readonly copied?: boolean;
  }
}

export const copyLink: CommentAction = {
  name: 'copy-link',

  actions: ({ state, pending, deleted, strings: t, label }) =>
    !pending &&
    !deleted &&
    el(
      'button',
      { type: 'button', part: 'copy-link-button', class: 'link', 'data-action': 'copy-link', 'aria-label': state.copied ? t.linkCopied : t.copyLinkFor(label) },
      state.copied ? t.linkCopied : t.copyLink,
    ),

  preload: (host) => host.reader(),

  run(host, id) {
    const link = new URL(`#${COMMENT_ID_PREFIX}${encodeURIComponent(id)}`, location.href).href;
    // Written at once: a browser lets a page write to the clipboard only within the reader's
    // gesture (WebKit strictly so). What follows (a fallback, the message) may still be loading.
    const written = navigator.clipboard ? navigator.clipboard.writeText(link) : Promise.reject(new Error('no Clipboard API'));
    return host.reader().then((reader) => reader.copied(host, id, link, written));
  },
};
