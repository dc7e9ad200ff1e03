import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long remote comments are gathered into one announcement. */
const GATHER_MS = 800;

/**
 * What the element's polite live region says to screen readers ("Your comment was posted.",
 * "3 new comments."): the host renders {@link message} in its one live region; messages go
 * through {@link announce}. Comments arriving from elsewhere are counted for a moment and announced
 * together, so a burst is one message rather than a queue of them.
 */
export class AnnouncerController implements ReactiveController {
  /** The live region's text now. */
  message = '';
  readonly #host: ReactiveControllerHost;
  #timer?: ReturnType<typeof setTimeout>;
  #frame = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Says `message` politely. Saying the same thing twice is heard twice. */
  announce(message: string): void {
    // Clearing first, then setting in the next frame, makes screen readers repeat an identical message.
    this.message = '';
    this.#host.requestUpdate();
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => {
      this.message = message;
      this.#host.requestUpdate();
    });
  }

  /**
   * Comments arrived from elsewhere: after a short pause without more, announces `say()` (how
   * many wait to be shown then), unless it is empty (they were shown or went meanwhile).
   */
  arrived(say: () => string): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const message = say();
      if (message) this.announce(message);
    }, GATHER_MS);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    cancelAnimationFrame(this.#frame);
  }
}
