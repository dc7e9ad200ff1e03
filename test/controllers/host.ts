import { ReactiveElement } from 'lit';

/** A minimal element to test a controller on: it counts its updates and renders `view` into its shadow root. */
export class TestHost extends ReactiveElement {
  updates = 0;
  view: (root: ShadowRoot) => void = () => {};

  protected override update(changed: Map<PropertyKey, unknown>): void {
    super.update(changed);
    this.updates++;
    this.view(this.renderRoot as ShadowRoot);
  }
}
customElements.define('test-host', TestHost);

/** A connected test host; remove it when done. */
export function testHost(): TestHost {
  const host = document.createElement('test-host') as TestHost;
  document.body.append(host);
  return host;
}
