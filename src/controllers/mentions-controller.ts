import type { ReactiveElement } from '@lit/reactive-element';
import type { Comment } from '../adapters/storage-adapter.js';
import { adoptSheet } from '../render/dom.js';
import type { MentionsContext } from '../render/mentions-view.js';

/**
 * The section of mentions (pingbacks, trackbacks, webmentions) below the comments. Its view is
 * a chunk of its own (`render/mentions-view.ts`, with its styles), loaded the first time a
 * thread has mentions; the host adopts the styles and renders again once it is there. The view
 * keeps the section while the mentions and the render context stay the same objects.
 */
export class MentionsController {
  readonly #host: ReactiveElement;
  #view: typeof import('../render/mentions-view.js') | undefined;
  #loading: Promise<void> | undefined;

  constructor(host: ReactiveElement) {
    this.#host = host;
  }

  /** The section for these mentions, or `null` when there are none or its view is still loading. */
  section(mentions: readonly Comment[], context: MentionsContext): HTMLElement | null {
    if (!mentions[0]) return null;
    if (this.#view) return this.#view.mentionsSection(mentions, context);
    this.#loading ??= import('../render/mentions-view.js').then(
      (view) => {
        this.#view = view;
        adoptSheet(this.#host.renderRoot as ShadowRoot, view.mentionStyles.styleSheet);
        this.#host.requestUpdate();
      },
      // Tried again with the next update: a chunk that failed to load may load later.
      () => (this.#loading = undefined),
    );
    return null;
  }
}
