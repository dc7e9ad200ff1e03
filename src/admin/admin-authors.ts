import { LitElement, html, nothing, type PropertyDeclarations } from 'lit';
import { sharedStyles } from '../components/shared.styles.js';
import { AdminApiError, type AdminApi, type AuthorQuery } from './admin-api.js';
import { adminStyles } from './admin.styles.js';

/**
 * An author's data, for the moderator an author asks (who may have lost the browser that
 * posted): every comment under a name (as names are compared on the server) or with the
 * e-mail address they gave (any case), to download as JSON, or to delete after a question.
 * Comments with replies stay as placeholders.
 *
 * @tag comment-thread-admin-authors
 * @fires admin-announce - A `CustomEvent<string>`: what to say in the page's live region.
 */
export class AdminAuthors extends LitElement {
  static override styles = [sharedStyles, adminStyles];

  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    found: { state: true },
    step: { state: true },
    status: { state: true },
  };

  api: AdminApi | null = null;
  /** Who was looked up (a name, or an address: it has an `@`), how many comments, and the file to download. */
  private found: { who: AuthorQuery; label: string; count: number; href: string } | null = null;
  private step: 'idle' | 'busy' | 'confirm' = 'idle';
  private status = '';

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.found) URL.revokeObjectURL(this.found.href);
  }

  private async find(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const value = (this.renderRoot.querySelector('input[name="who"]') as HTMLInputElement).value.trim();
    if (!value) {
      this.status = 'Enter a name or an e-mail address.';
      return;
    }
    const who: AuthorQuery = value.includes('@') ? { email: value } : { name: value };
    const label = 'email' in who ? `the address “${value}”` : `the name “${value}”`;
    this.step = 'busy';
    this.status = '';
    try {
      const data = await this.api!.authorData(who);
      if (this.found) URL.revokeObjectURL(this.found.href);
      const href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      this.found = { who, label, count: data.comments.length, href };
      this.status = `${data.comments.length === 1 ? '1 comment' : `${data.comments.length} comments`} under ${label}.`;
    } catch (error) {
      this.status = error instanceof AdminApiError ? error.message : 'The search failed. Try again.';
    } finally {
      this.step = 'idle';
    }
  }

  private async ask(): Promise<void> {
    this.step = 'confirm';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.keep')?.focus();
  }

  private async erase(): Promise<void> {
    const { who, label } = this.found!;
    this.step = 'busy';
    try {
      const { removed, placeholders } = await this.api!.removeAuthor(who);
      this.status = `Deleted ${removed + placeholders === 1 ? '1 comment' : `${removed + placeholders} comments`} under ${label}${placeholders > 0 ? ` (${placeholders} kept as placeholders for their replies)` : ''}.`;
      URL.revokeObjectURL(this.found!.href);
      this.found = null;
      this.dispatchEvent(new CustomEvent('admin-announce', { detail: this.status, bubbles: true, composed: true }));
    } catch (error) {
      this.status = error instanceof AdminApiError ? error.message : 'Deleting failed. Try again.';
    } finally {
      this.step = 'idle';
    }
  }

  override render() {
    const found = this.found;
    return html`
      <form class="card" @submit=${this.find}>
        <h2>An author's comments</h2>
        <p class="muted">When someone asks for their comments, or asks you to delete them: find everything posted under their name, or with the e-mail address they gave.</p>
        <div class="row">
          <label>Name or e-mail address<input name="who" autocomplete="off" /></label>
          <button class="primary" ?disabled=${this.step === 'busy'}>Find</button>
        </div>
        <p role="status">${this.status}</p>
        ${found && found.count > 0
          ? html`
              <div class="row">
                <a href=${found.href} download="comments-of-author.json">Download their ${found.count === 1 ? 'comment' : `${found.count} comments`} (JSON)</a>
                ${this.step === 'confirm'
                  ? html`<span>Delete all of them for good?</span>
                      <button type="button" class="secondary danger" @click=${this.erase}>Delete all</button>
                      <button type="button" class="secondary keep" @click=${() => (this.step = 'idle')}>Keep them</button>`
                  : html`<button type="button" class="secondary danger" ?disabled=${this.step === 'busy'} @click=${this.ask}>Delete all…</button>`}
              </div>
            `
          : nothing}
      </form>
    `;
  }
}
