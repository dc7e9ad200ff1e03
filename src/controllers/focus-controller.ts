import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Finds what should take the focus; may wait (for an element to be defined, say). */
type Finder = () => HTMLElement | null | undefined | Promise<HTMLElement | null | undefined>;

/**
 * Where the keyboard focus goes inside the element:
 *
 * - {@link after}: moves the focus once the next update has rendered (the Reply button after
 *   the form closed, the editor when it opened, the new reply after it was posted);
 * - keeps the focus across updates that rebuilt the focused control: a comment whose DOM was
 *   rebuilt gets the focus back on the same part of its new DOM (or on the article), and a
 *   control that was moved in the DOM (which drops focus) gets it back;
 */
export class FocusController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #active: HTMLElement | null = null;
  #focused: HTMLElement | null = null;
  #request = 0;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Focuses what `find` returns once the host has finished its next update. A later call wins. */
  async after(find: Finder): Promise<void> {
    const request = ++this.#request;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    let target = await find();
    // Rebuilt while it was being found (a live change to the same comment): its successor.
    if (target && !target.isConnected && target.id) target = this.#host.shadowRoot?.getElementById(target.id);
    if (request === this.#request) target?.focus();
  }

  hostUpdate(): void {
    const active = this.#host.shadowRoot?.activeElement;
    this.#active = active instanceof HTMLElement ? active : null;
    // The focused control itself, which may sit in a form's own shadow root.
    let focused = this.#active;
    while (focused?.shadowRoot?.activeElement instanceof HTMLElement) focused = focused.shadowRoot.activeElement;
    this.#focused = focused;
  }

  hostUpdated(): void {
    const lost = this.#active;
    const focused = this.#focused;
    this.#active = this.#focused = null;
    if (!lost || this.#host.shadowRoot?.activeElement === lost) return;
    // A control moved in the DOM (an open form kept across a rebuild of its comment) lost the
    // focus; a control that is gone has a successor in its comment's new DOM.
    if (lost.isConnected) focused?.focus({ preventScroll: true });
    else this.#refocus(lost);
  }

  /** Focuses what replaced `lost` in its comment's rebuilt DOM: the same part, else the article. */
  #refocus(lost: HTMLElement): void {
    const article = lost.closest('article');
    if (!article?.id) return;
    const rebuilt = this.#host.shadowRoot?.getElementById(article.id);
    const part = lost.getAttribute('part');
    const same = lost === article || !part ? null : rebuilt?.querySelector<HTMLElement>(`[part="${CSS.escape(part)}"]`);
    (same ?? rebuilt)?.focus({ preventScroll: true });
  }
}
