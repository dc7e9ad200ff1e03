import type { ReactiveControllerHost } from 'lit';
import type { Comment } from '../adapters/storage-adapter.js';
import { loadMarkdown, markdownSettled } from '../core/markdown-loader.js';

/**
 * Loads the Markdown renderer when a comment arrives without `html` (see
 * `core/markdown-loader.ts`), and holds the first render of the comments until it has: a body
 * is never shown as plain text first and then reformatted. Comments that arrive later, while a
 * thread is already shown, do not hide it again: they show as plain text for the moment, and
 * the host renders every body again once the renderer is there (`invalidate`).
 */
export class MarkdownController {
  readonly #host: ReactiveControllerHost;
  readonly #invalidate: () => void;
  /** The thread revision last looked at. */
  #checked = -1;
  /** A comment of that revision needs the renderer, which is loading. */
  #waiting = false;
  /** Comments have been rendered since the last {@link reset}. */
  #shown = false;

  /** @param invalidate Makes the host's next render build every body again. */
  constructor(host: ReactiveControllerHost, invalidate: () => void) {
    this.#host = host;
    this.#invalidate = invalidate;
  }

  /**
   * Whether the comments may be rendered now: each has its `html`, or the renderer has loaded
   * (or could not load), or comments are shown already. Starts the load when one is missing.
   *
   * @param revision Changes whenever `comments` does: they are looked through once per revision.
   */
  mayRender(comments: ReadonlyMap<string, Comment>, revision: number): boolean {
    if (!markdownSettled() && revision !== this.#checked) {
      this.#checked = revision;
      let needs = false;
      for (const comment of comments.values()) if ((needs = comment.html === undefined && comment.body !== '')) break;
      if (needs && !this.#waiting) {
        this.#waiting = true;
        void loadMarkdown().then(() => {
          this.#waiting = false;
          this.#invalidate();
          this.#host.requestUpdate();
        });
      }
    }
    if (!this.#waiting) this.#shown = true;
    return this.#shown;
  }

  /** Another thread is shown: its first render waits again. */
  reset(): void {
    this.#shown = false;
    this.#checked = -1;
  }
}
