import { LitElement, html, type PropertyDeclarations } from 'lit';
import { sharedStyles } from '../components/shared.styles.js';
import { AdminApiError, type AdminApi } from './admin-api.js';
import { adminStyles } from './admin.styles.js';

/**
 * The moderation page's sign-in: the admin token the server was started with, exchanged for a
 * session cookie. A wrong token, too many tries or an unreachable server is said under the
 * field, which keeps what was typed and the focus.
 *
 * @tag comment-thread-admin-sign-in
 * @fires signed-in - The session is open.
 */
export class AdminSignIn extends LitElement {
  static override styles = [sharedStyles, adminStyles];

  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    notice: { attribute: false },
    error: { state: true },
    busy: { state: true },
  };

  api: AdminApi | null = null;
  /** Said above the form: why the moderator is asked again (the session ended). */
  notice = '';
  private error = '';
  private busy = false;

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input')!;
    if (input.value.trim() === '') {
      this.error = 'Enter the admin token.';
      input.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await this.api!.signIn(input.value.trim());
      input.value = '';
      this.dispatchEvent(new Event('signed-in', { bubbles: true, composed: true }));
    } catch (error) {
      this.error = error instanceof AdminApiError ? error.message : 'Signing in failed. Try again.';
      input.focus();
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <form class="card" @submit=${this.submit} novalidate>
        <h2>Sign in</h2>
        ${this.notice ? html`<p role="status">${this.notice}</p>` : ''}
        <label>
          Admin token
          <input
            type="password"
            name="token"
            autocomplete="current-password"
            required
            aria-describedby="token-hint token-error"
            aria-invalid=${this.error ? 'true' : 'false'}
          />
        </label>
        <p id="token-hint" class="muted">The token the comment server was started with (<code>--admin-token</code>). Signed in, this browser stays signed in for 12 hours, or until you sign out.</p>
        <p id="token-error" class="error" role="alert">${this.error}</p>
        <div class="row"><button class="primary" ?disabled=${this.busy}>${this.busy ? 'Signing in…' : 'Sign in'}</button></div>
      </form>
    `;
  }
}
