import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { COMMENT_ID_PREFIX } from '../render/comment-view.js';

/** What {@link DeepLinkController} needs from its host. */
export interface DeepLinkTarget {
  /** The thread has loaded (a link is followed once it has). */
  ready(): boolean;
  /** Whether comment `id` is in the thread. */
  has(id: string): boolean;
  /**
   * The id of the comment `ref` names when it is not a comment's id: one of whose aliases it is,
   * among those read, or else read now (on a later page); null when there is none.
   */
  find(ref: string): Promise<string | null>;
  /** Marks comment `id` as the one the address points at. */
  highlight(id: string): void;
  /** Scrolls to comment `id` and focuses it. */
  reveal(id: string): void;
}

/** The comment id (or an alias: an imported blog's own id) in an address's `#comment-ID`, or `null`. */
export function commentIdOf(hash: string): string | null {
  if (!hash.startsWith(`#${COMMENT_ID_PREFIX}`)) return null;
  try {
    return decodeURIComponent(hash.slice(1 + COMMENT_ID_PREFIX.length));
  } catch {
    return null;
  }
}

/**
 * Follows `#comment-ID` in the page address: once the thread has loaded, and whenever the
 * address changes, the comment it names is highlighted, scrolled to and focused. `ID` is a
 * comment's id or one of its aliases (`#comment-5`, an imported WordPress blog's own anchor); a
 * comment not read yet (on a later page of a server's thread) is asked for, with the comments
 * above it, and shown in its place.
 */
export class DeepLinkController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #target: DeepLinkTarget;
  #pending = true;

  constructor(host: ReactiveControllerHost & HTMLElement, target: DeepLinkTarget) {
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

  readonly #follow = async (): Promise<void> => {
    const ref = commentIdOf(this.#host.ownerDocument.location.hash);
    const id = ref === null || this.#target.has(ref) ? ref : await this.#target.find(ref);
    if (id === null) return;
    this.#target.highlight(id);
    await this.#host.updateComplete;
    this.#target.reveal(id);
  };
}
