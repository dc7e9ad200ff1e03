/**
 * Copies a comment's link: through the Clipboard API, else (an older browser, a page without
 * clipboard permission, an insecure context) through a selected field and the copy command;
 * where both fail, the link is shown under the comment to be copied by hand. A copy is
 * announced, and the button says "Link copied" for two seconds.
 *
 * @module
 */
import { COMMENT_ID_PREFIX } from '../render/comment-anchor.js';
import type { ActionHost } from './types.js';

/** How long the button says "Link copied". */
const SHOWN_MS = 2000;

/** Copies `text` through a selected, unseen field and `execCommand('copy')`; false where that fails. */
function copyBySelection(text: string, near: HTMLElement): boolean {
  const field = document.createElement('textarea');
  field.value = text;
  field.readOnly = true;
  field.className = 'visually-hidden';
  near.append(field);
  field.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    // Not supported: copied stays false.
  }
  field.remove();
  return copied;
}

export async function copyCommentLink(host: ActionHost, id: string): Promise<void> {
  const link = new URL(`#${COMMENT_ID_PREFIX}${encodeURIComponent(id)}`, location.href).href;
  const article = host.article(id);
  const button = document.activeElement === host.element ? (host.element.shadowRoot?.activeElement as HTMLElement | null) : null;
  let copied = false;
  try {
    await navigator.clipboard.writeText(link);
    copied = true;
  } catch {
    copied = !!article && copyBySelection(link, article);
    button?.focus({ preventScroll: true });
  }
  if (!copied) {
    host.states.set(id, { error: host.strings.copyByHand(link) });
    return;
  }
  host.states.set(id, { copied: true, error: undefined });
  host.announcer.announce(host.strings.linkCopied);
  setTimeout(() => host.states.set(id, { copied: undefined }), SHOWN_MS);
}
