import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Makes the widget's colours readable against the page's real background (issue 12, point 8).
 * A stub for now: wired into the element so that its behaviour can land on its own.
 */
export class SchemeController implements ReactiveController {
  constructor(host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {}
}
