import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { COMMENT_ID_PREFIX } from '../render/comment-anchor.js';
import type { LinkTarget } from './linked-comment.js';

/**
 * Follows `#comment-ID` in the page address: once the thread has loaded, and whenever the
 * address changes, the comment it names is highlighted, scrolled to and focused. What does it
 * (`linked-comment.ts`, a chunk of its own) loads only for an address that names a comment,
 * which most visits do not have; this holds no more than the listener.
 */
export class DeepLinkController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #target: LinkTarget;
  #pending = true;

  constructor(host: ReactiveControllerHost & HTMLElement, target: LinkTarget) {
    this.#host = host;
    this.#target = target;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.#follow);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.#follow);
  }

  hostUpdated(): void {
    if (this.#pending && this.#target.ready()) {
      this.#pending = false;
      void this.#host.updateComplete.then(this.#follow);
    }
  }

  readonly #follow = (): void => {
    const { hash } = this.#host.ownerDocument.location;
    if (hash.startsWith(`#${COMMENT_ID_PREFIX}`)) void import('./linked-comment.js').then((linked) => linked.follow(this.#host, this.#target, hash));
  };
}
