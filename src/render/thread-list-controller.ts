/**
 * Puts a thread's comments in the element: owns a {@link ThreadEngine} for as long as the
 * element renders the list, hands it every view, and runs its clock (relative times, closing
 * edit windows) while the element is connected. The element never drives the engine by hand:
 * an update that does not render the list (another state is shown, say while another thread
 * loads) lets the engine and everything it keeps go, and the next list starts afresh.
 *
 * @module
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ThreadEngine, type ThreadListView } from './thread-engine.js';

export type { ThreadListView } from './thread-engine.js';

/** How often relative times are refreshed. */
const CLOCK_MS = 60_000;

export class ThreadListController implements ReactiveController {
  #engine: ThreadEngine | null = null;
  #clock?: ReturnType<typeof setInterval>;
  /** Whether the current update rendered the list. */
  #rendered = false;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The comments of `view` as DOM: the same `<ol>` from one update to the next. */
  render(view: ThreadListView): HTMLOListElement {
    this.#rendered = true;
    this.#engine ??= new ThreadEngine();
    this.#clock ??= setInterval(() => this.#engine?.tick(new Date()), CLOCK_MS);
    return this.#engine.render(view);
  }

  hostUpdate(): void {
    this.#rendered = false;
  }

  hostUpdated(): void {
    if (!this.#rendered) this.#stop(true);
  }

  hostConnected(): void {
    if (!this.#engine) return;
    this.#engine.tick(new Date());
    this.#clock ??= setInterval(() => this.#engine?.tick(new Date()), CLOCK_MS);
  }

  hostDisconnected(): void {
    this.#stop(false);
  }

  #stop(forget: boolean): void {
    clearInterval(this.#clock);
    this.#clock = undefined;
    if (forget) this.#engine = null;
  }
}
