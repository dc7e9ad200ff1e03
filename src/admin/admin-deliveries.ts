import { LitElement, html, nothing, type PropertyDeclarations } from 'lit';
import { sharedStyles } from '../components/shared.styles.js';
import { AdminApiError, type AdminApi, type Delivery } from './admin-api.js';
import { adminStyles } from './admin.styles.js';

const STATES: Record<Delivery['status'], string> = { pending: 'Will try again', delivered: 'Delivered', failed: 'Given up' };

/**
 * The webhooks' delivery log (`--webhook`): the newest 100 deliveries, each with its event,
 * receiver, tries and last result, read when shown and on "Refresh".
 *
 * @tag comment-thread-admin-deliveries
 */
export class AdminDeliveries extends LitElement {
  static override styles = [sharedStyles, adminStyles];

  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    deliveries: { state: true },
    error: { state: true },
  };

  api: AdminApi | null = null;
  private deliveries: Delivery[] | null = null;
  private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.read();
  }

  private async read(): Promise<void> {
    this.error = '';
    try {
      this.deliveries = (await this.api!.deliveries()).deliveries;
    } catch (error) {
      this.error = error instanceof AdminApiError ? error.message : 'The log could not be read.';
    }
  }

  override render() {
    const list = this.deliveries;
    return html`
      <section class="card" aria-labelledby="deliveries-heading">
        <div class="row">
          <h2 id="deliveries-heading">Webhook deliveries</h2>
          <button class="secondary" @click=${this.read}>Refresh</button>
        </div>
        <p class="error" role="alert">${this.error}</p>
        ${list === null
          ? nothing
          : list.length === 0
            ? html`<p>No deliveries yet. Webhooks are set with <code>--webhook URL</code>.</p>`
            : html`
                <div class="scroll" tabindex="0" role="region" aria-labelledby="deliveries-heading">
                <table>
                  <thead>
                    <tr><th scope="col">Event</th><th scope="col">Receiver</th><th scope="col">State</th><th scope="col">Tries</th><th scope="col">Last result</th><th scope="col">Queued</th></tr>
                  </thead>
                  <tbody>
                    ${list.map(
                      (d) => html`<tr>
                        <td>${d.event}</td>
                        <td>${d.target}</td>
                        <td>${STATES[d.status]}</td>
                        <td>${d.attempts}</td>
                        <td>${d.lastResult ?? '—'}</td>
                        <td><time datetime=${d.createdAt}>${new Date(d.createdAt).toLocaleString()}</time></td>
                      </tr>`,
                    )}
                  </tbody>
                </table>
                </div>
              `}
      </section>
    `;
  }
}
