import { LitElement, css, html, type PropertyDeclarations } from 'lit';
import { sharedStyles } from '../components/shared.styles.js';
import { prepareSanitizer } from '../core/sanitize.js';
import { AdminApi, AdminApiError } from './admin-api.js';
import { adminStyles } from './admin.styles.js';

/** The page's parts, as its navigation names them and its address (`#…`) says. */
const SECTIONS = [
  ['comments', 'Comments'],
  ['authors', 'Authors'],
  ['threads', 'Threads'],
  ['deliveries', 'Deliveries'],
] as const;
type Section = (typeof SECTIONS)[number][0];

const sectionOf = (hash: string): Section => SECTIONS.find(([id]) => `#${id}` === hash)?.[0] ?? 'comments';

/**
 * The comment server's moderation page, at `/admin` on the server (`server/src/admin-page.ts`):
 * a sign-in with the admin token, then the comments to moderate (`<comment-thread-admin-queue>`),
 * an author's data (`-authors`), closing threads (`-threads`) and the delivery logs of
 * webhooks and mail (`-deliveries`). Its own bundle, never part of the widget. What happens is said in one
 * polite live region; an ended session brings the sign-in back with a word why.
 *
 * @tag comment-thread-admin
 * @attr api - The server's address; by default the page's own.
 */
export class CommentThreadAdmin extends LitElement {
  static override styles = [
    sharedStyles,
    adminStyles,
    css`
      :host {
        max-inline-size: 72rem;
        margin-inline: auto;
        padding: 1rem;
        display: grid;
        gap: 1rem;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav a {
        display: inline-block;
        padding-block: 0.4rem;
        min-block-size: 24px;
      }
      nav a[aria-current='page'] {
        font-weight: 700;
        text-decoration-thickness: 3px;
      }
    `,
  ];

  static override properties: PropertyDeclarations = {
    apiBase: { attribute: 'api' },
    state: { state: true },
    section: { state: true },
    notice: { state: true },
    said: { state: true },
  };

  /** The server's address; '' for the page's own. */
  apiBase = '';
  private api = new AdminApi('');
  /** `checking` the cookie, `out` (the sign-in), `in` (the desk), or `failed` (no server). */
  private state: 'checking' | 'out' | 'in' | 'failed' = 'checking';
  private section: Section = sectionOf(location.hash);
  /** Why the sign-in shows again, or why nothing can. */
  private notice = '';
  /** What the live region says. */
  private said = '';
  private readonly onHash = (): void => {
    this.section = sectionOf(location.hash);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }

  private async start(): Promise<void> {
    this.api = new AdminApi(this.apiBase);
    try {
      // Bodies render as the widget renders them: with the same sanitizer, ready first.
      const [signedIn] = await Promise.all([this.api.resume(), prepareSanitizer()]);
      this.state = signedIn ? 'in' : 'out';
    } catch (error) {
      this.state = 'failed';
      this.notice = error instanceof AdminApiError ? error.message : 'The moderation page could not start.';
    }
  }

  private async signedIn(): Promise<void> {
    this.state = 'in';
    this.notice = '';
    this.said = 'Signed in.';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
  }

  private signedOut(notice: string): void {
    this.state = 'out';
    this.notice = notice;
  }

  private async signOut(): Promise<void> {
    try {
      await this.api.signOut();
      this.signedOut('You signed out.');
    } catch (error) {
      this.said = error instanceof AdminApiError ? error.message : 'Signing out failed. Try again.';
    }
  }

  private announce(event: CustomEvent<string>): void {
    // The same words twice in a row are still said: the region is emptied first.
    this.said = '';
    void this.updateComplete.then(() => (this.said = event.detail));
  }

  private renderSection() {
    switch (this.section) {
      case 'authors':
        return html`<comment-thread-admin-authors .api=${this.api}></comment-thread-admin-authors>`;
      case 'threads':
        return html`<comment-thread-admin-threads .api=${this.api}></comment-thread-admin-threads>`;
      case 'deliveries':
        return html`<comment-thread-admin-deliveries .api=${this.api}></comment-thread-admin-deliveries>`;
      default:
        return html`<comment-thread-admin-queue .api=${this.api}></comment-thread-admin-queue>`;
    }
  }

  override render() {
    const signedIn = this.state === 'in';
    return html`
      <header>
        <h1 tabindex="-1">Comments: moderation</h1>
        ${signedIn ? html`<button class="secondary" data-action="sign-out" @click=${this.signOut}>Sign out</button>` : ''}
      </header>
      ${signedIn
        ? html`
            <nav aria-label="Moderation">
              <ul>
                ${SECTIONS.map(([id, label]) => html`<li><a href=${`#${id}`} aria-current=${this.section === id ? 'page' : 'false'}>${label}</a></li>`)}
              </ul>
            </nav>
            <main @admin-announce=${this.announce} @admin-signed-out=${() => this.signedOut('Your sign-in has ended. Sign in again to go on.')}>${this.renderSection()}</main>
          `
        : this.state === 'out'
          ? html`<main><comment-thread-admin-sign-in .api=${this.api} .notice=${this.notice} @signed-in=${this.signedIn}></comment-thread-admin-sign-in></main>`
          : html`<main><p role=${this.state === 'failed' ? 'alert' : 'status'}>${this.state === 'failed' ? this.notice : 'Loading…'}</p></main>`}
      <p class="visually-hidden" role="status" aria-live="polite">${this.said}</p>
    `;
  }
}
