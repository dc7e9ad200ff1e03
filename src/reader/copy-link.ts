/**
 * What follows a click on Copy link (`actions/copy-link.ts`, which hands the link to the Clipboard API
 * within the click): where the API failed (an older browser, a page without clipboard
 * permission, an insecure context), a selected field and the copy command; where both fail,
 * the link is shown under the comment to be copied by hand. A copy is announced, and the
 * button says "Link copied" for two seconds.
 *
 * @module
 */
import type { ActionHost } from '../actions/types.js';

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

/**
 * Finishes copying comment `id`'s `link`, which the click handed to the Clipboard API
 * (`written`): where that failed, through a selected field and the copy command; where both
 * failed, the link is shown under the comment to copy by hand.
 */
export async function copied(host: ActionHost, id: string, link: string, written: Promise<void>): Promise<void> {
  let done = await written.then(
    () => true,
    () => false,
  );
  if (!done) {
    const button = document.activeElement === host.element ? (host.element.shadowRoot?.activeElement as HTMLElement | null) : null;
    const article = host.article(id);
    done = !!article && copyBySelection(link, article);
    button?.focus({ preventScroll: true });
  }
  if (!done) {
    host.states.set(id, { error: host.strings.copyByHand(link) });
    return;
  }
  host.states.set(id, { copied: true, error: undefined });
  host.announcer.announce(host.strings.linkCopied);
  setTimeout(() => host.states.set(id, { copied: undefined }), SHOWN_MS);
}
