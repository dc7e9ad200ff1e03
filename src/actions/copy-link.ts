/**
 * Copy link: a button on every comment that copies the address of its `#comment-ID` anchor,
 * which finds the comment on any page of the thread (`controllers/deep-link-controller.ts`).
 * The copying (`copy-link-run.ts`) is a chunk of its own, loaded when the button is first
 * pressed or focused.
 *
 * @module
 */
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

  // Loaded on pointerdown or focus, so that the click copies at once: a browser lets a page
  // write to the clipboard only right after the reader's gesture (WebKit strictly so).
  preload() {
    void load();
  },

  run(host, id) {
    return copier ? copier.copyCommentLink(host, id) : load().then((loaded) => loaded.copyCommentLink(host, id));
  },
};

let copier: typeof import('./copy-link-run.js') | undefined;
const load = () => import('./copy-link-run.js').then((module) => (copier = module));
