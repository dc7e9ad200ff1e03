import { LitElement, html, nothing, type PropertyDeclarations } from 'lit';
import { sharedStyles } from '../components/shared.styles.js';
import { AdminApiError, type AdminApi, type Delivery } from './admin-api.js';
import { adminStyles, stackStyles } from './admin.styles.js';

const STATES: Record<Delivery['status'], string> = { pending: 'Will try again', delivered: 'Delivered', failed: 'Given up' };

/** The two logs: what each is, and what to say when it is empty. */
const LOGS = {
  webhooks: { heading: 'Webhook deliveries', receiver: 'Receiver', none: 'No deliveries yet. Webhooks are set with --webhook URL.' },
  mail: { heading: 'Mail', receiver: 'To', none: 'No mail yet. Mail is sent with --smtp-host and --notify-email.' },
} as const;

/**
 * The delivery logs: each webhook POST (`--webhook`) and each mail (`--smtp-host`), the newest
 * 100 of each, with its event, receiver, tries and last result; read when shown and on
 * "Refresh".
 *
 * @tag comment-thread-admin-deliveries
 */
export class AdminDeliveries extends LitElement {
  static override styles = [sharedStyles, adminStyles, stackStyles];

  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    logs: { state: true },
    error: { state: true },
  };

  api: AdminApi | null = null;
  private logs: Record<keyof typeof LOGS, Delivery[]> | null = null;
  private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.read();
  }

  private async read(): Promise<void> {
    this.error = '';
    try {
      const [webhooks, mail] = await Promise.all([this.api!.deliveries('webhooks'), this.api!.deliveries('mail')]);
      this.logs = { webhooks, mail };
    } catch (error) {
      this.error = error instanceof AdminApiError ? error.message : 'The logs could not be read.';
    }
  }

  private renderLog(kind: keyof typeof LOGS) {
    const { heading, receiver, none } = LOGS[kind];
    const list = this.logs![kind];
    const id = `${kind}-heading`;
    return html`
      <section class="card">
        <h2 id=${id}>${heading}</h2>
        ${list.length === 0
          ? html`<p>${none}</p>`
          : html`
              <div class="scroll" tabindex="0" role="region" aria-labelledby=${id}>
                <table>
                  <thead>
                    <tr><th scope="col">Event</th><th scope="col">${receiver}</th><th scope="col">State</th><th scope="col">Tries</th><th scope="col">Last result</th><th scope="col">Queued</th></tr>
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

  override render() {
    return html`
      <div class="row"><button class="secondary" @click=${this.read}>Refresh</button></div>
      <p class="error" role="alert">${this.error}</p>
      ${this.logs === null ? nothing : html`${this.renderLog('webhooks')} ${this.renderLog('mail')}`}
    `;
  }
}
