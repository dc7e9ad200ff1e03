import type { ReactiveElement } from '@lit/reactive-element';
import { adoptSheet } from '../render/dom.js';
import type { MentionsInput } from '../render/mentions-view.js';

type MentionsView = typeof import('../render/mentions-view.js');

/**
 * The section of mentions (pingbacks, trackbacks, webmentions) below the comments. Its view is
 * a chunk of its own (`render/mentions-view.ts`, with its styles), loaded the first time a
 * thread has mentions; the host adopts the styles and renders again once it is there. The section is rebuilt only when the mentions, the
 * strings, the locale or the date format change.
 */
export class MentionsController {
  readonly #host: ReactiveElement;
  #view: MentionsView | null = null;
  #loading = false;
  #last: { input: MentionsInput; section: HTMLElement } | null = null;

  constructor(host: ReactiveElement) {
    this.#host = host;
  }

  /** The section for these mentions, or `null` when there are none or its view is still loading. */
  section(input: MentionsInput): HTMLElement | null {
    if (input.mentions.length === 0) return null;
    const view = this.#view;
    if (!view) {
      if (!this.#loading) {
        this.#loading = true;
        import('../render/mentions-view.js').then(
          (module) => {
            this.#view = module;
            adoptSheet(this.#host.renderRoot as ShadowRoot, module.mentionStyles.styleSheet);
            this.#host.requestUpdate();
          },
          // Tried again with the next update: a chunk that failed to load may load later.
          () => (this.#loading = false),
        );
      }
      return null;
    }
    const last = this.#last;
    if (last && last.input.mentions === input.mentions && last.input.strings === input.strings && last.input.locale === input.locale && last.input.dateFormat === input.dateFormat) {
      return last.section;
    }
    const section = view.buildMentions(input);
    this.#last = { input, section };
    return section;
  }
}
