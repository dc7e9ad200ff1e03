import { LitElement, html, type PropertyDeclarations } from 'lit';
import { sharedStyles } from '../components/shared.styles.js';
import { AdminApiError, type AdminApi } from './admin-api.js';
import { adminStyles } from './admin.styles.js';

/**
 * Closing a thread to new comments, or opening it again, by its id (over `--close-after`):
 * a closed thread keeps its comments and shows "Comments are closed." instead of the form.
 *
 * @tag comment-thread-admin-threads
 * @fires admin-announce - A `CustomEvent<string>`: what to say in the page's live region.
 */
export class AdminThreads extends LitElement {
  static override styles = [sharedStyles, adminStyles];

  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    status: { state: true },
    busy: { state: true },
  };

  api: AdminApi | null = null;
  private status = '';
  private busy = false;

  private async set(closed: boolean): Promise<void> {
    const threadId = (this.renderRoot.querySelector('input') as HTMLInputElement).value.trim();
    this.busy = true;
    try {
      await this.api!.setThreadClosed(threadId, closed);
      this.status = closed ? `Closed ${threadId}: it takes no new comments.` : `Opened ${threadId} to new comments.`;
      this.dispatchEvent(new CustomEvent('admin-announce', { detail: this.status, bubbles: true, composed: true }));
    } catch (error) {
      this.status = error instanceof AdminApiError ? error.message : 'That did not work. Try again.';
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <form class="card" @submit=${(event: Event) => event.preventDefault()}>
        <h2>Close or open a thread</h2>
        <div class="row">
          <label>Thread<input name="thread" placeholder="/2024/05/a-post/" autocomplete="off" /></label>
          <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.set(true)}>Close</button>
          <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.set(false)}>Open</button>
        </div>
        <p role="status">${this.status}</p>
      </form>
    `;
  }
}
