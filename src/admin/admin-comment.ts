import { LitElement, css, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { sharedStyles } from '../components/shared.styles.js';
import { renderBodyFragment } from '../core/sanitize.js';
import { AdminApiError, type AdminAction, type AdminApi, type AdminComment } from './admin-api.js';
import { adminStyles } from './admin.styles.js';

/** What a moderator did to a comment, for the list: the comment as it is now (null: gone), and what to announce. */
export interface AdminChange {
  id: string;
  comment: AdminComment | null;
  message: string;
}

/** Where the moderator's reply name is remembered between visits. */
const NAME_KEY = 'comment-thread-admin:name';

const STATUS_LABELS: Record<AdminComment['status'], string> = {
  pending: 'Waiting for approval',
  spam: 'Spam',
  rejected: 'Rejected',
  published: 'Published',
  deleted: 'Deleted',
};

/** What each action says once done, of a comment by `who`. */
const DONE: Record<AdminAction, (who: string) => string> = {
  approve: (who) => `Approved the comment by ${who}.`,
  reject: (who) => `Rejected the comment by ${who}.`,
  spam: (who) => `Marked the comment by ${who} as spam.`,
  pin: (who) => `Pinned the comment by ${who}.`,
  unpin: (who) => `Unpinned the comment by ${who}.`,
  'block-author': (who) => `Blocked ${who}: their author key for good, their network for 30 days.`,
  delete: (who) => `Deleted the comment by ${who}.`,
};

/** The status actions a comment in each status offers (delete, block, edit and reply come with all). */
const STATUS_ACTIONS: Record<AdminComment['status'], ReadonlyArray<[AdminAction, string]>> = {
  pending: [
    ['approve', 'Approve'],
    ['spam', 'Spam'],
    ['reject', 'Reject'],
  ],
  published: [
    ['spam', 'Spam'],
    ['reject', 'Reject'],
  ],
  spam: [
    ['approve', 'Not spam: publish'],
    ['reject', 'Reject'],
  ],
  rejected: [['approve', 'Publish']],
  deleted: [],
};

/**
 * One comment in the moderation list: where it is, who wrote it, its text rendered and
 * sanitized exactly as the widget does (`core/sanitize.ts`), and what a moderator can do to
 * it: approve, reject, mark as spam, pin, delete and block its author (both asked first),
 * edit its text, reply as the site's author.
 *
 * @tag comment-thread-admin-comment
 * @fires admin-change - A `CustomEvent<AdminChange>`: something was done to the comment.
 * @fires admin-select - A `CustomEvent<{ id, selected }>`: its checkbox changed.
 */
export class AdminCommentView extends LitElement {
  static override styles = [
    sharedStyles,
    adminStyles,
    css`
      :host {
        display: block;
      }
      article {
        display: grid;
        gap: 0.5rem;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: baseline;
      }
      .select {
        display: flex;
        flex-direction: row;
        align-items: center;
        gap: 0.4rem;
        font-weight: 400;
      }
      .select input {
        min-block-size: 1.25rem;
        inline-size: 1.25rem;
        block-size: 1.25rem;
      }
      .badge {
        font-size: 0.75rem;
        font-weight: 600;
        padding: 0.1rem 0.45rem;
        border-radius: 999px;
        border: 1px solid currentColor;
      }
      .badge.pending {
        color: light-dark(#92400e, #fcd34d);
      }
      .badge.spam,
      .badge.rejected {
        color: var(--ct-danger);
      }
      .body {
        overflow-wrap: anywhere;
        max-inline-size: 70ch;
      }
      .body p,
      .body ul,
      .body ol,
      .body pre,
      .body blockquote {
        margin: 0;
      }
      .body pre {
        white-space: pre-wrap;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      button.danger {
        border-color: currentColor;
        background: transparent;
      }
    `,
  ];

  static override properties: PropertyDeclarations = {
    comment: { attribute: false },
    api: { attribute: false },
    selected: { type: Boolean },
    mode: { state: true },
    busy: { state: true },
    error: { state: true },
  };

  comment!: AdminComment;
  api: AdminApi | null = null;
  selected = false;
  /** What the comment shows: itself, its editor, a reply form, or a question before deleting or blocking. */
  private mode: 'view' | 'edit' | 'reply' | 'delete' | 'block-author' = 'view';
  private busy = false;
  private error = '';

  /** Whom the comment is by, as the page says it. */
  private get who(): string {
    return this.comment.author.name.trim() || 'Anonymous';
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The body is the only markup from outside: sanitized nodes, never a template.
    const body = this.renderRoot.querySelector('.body');
    if (body && changed.has('comment')) body.replaceChildren(renderBodyFragment(this.comment));
  }

  private async switchTo(mode: AdminCommentView['mode'], focus: string): Promise<void> {
    this.mode = mode;
    this.error = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(focus)?.focus();
  }

  private async run(action: AdminAction): Promise<void> {
    await this.perform(async () => {
      const now = await this.api!.act(this.comment.id, action);
      // Blocking its author leaves the comment as it is (the server answers what it blocked).
      return action === 'block-author' ? this.comment : now;
    }, DONE[action](this.who));
  }

  /** Does a change; on success tells the list, on failure says why beside the actions. */
  private async perform(change: () => Promise<AdminComment | null>, message: string): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const comment = await change();
      this.mode = 'view';
      this.dispatchEvent(new CustomEvent<AdminChange>('admin-change', { detail: { id: this.comment.id, comment, message }, bubbles: true, composed: true }));
    } catch (error) {
      this.error = error instanceof AdminApiError ? error.message : 'That did not work. Try again.';
      if (error instanceof AdminApiError && error.status === 401) this.dispatchEvent(new Event('admin-signed-out', { bubbles: true, composed: true }));
    } finally {
      this.busy = false;
    }
  }

  private async saveEdit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const body = (this.renderRoot.querySelector('textarea[name="body"]') as HTMLTextAreaElement).value;
    await this.perform(() => this.api!.edit(this.comment.id, body), `Saved the comment by ${this.who}.`);
  }

  private async sendReply(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
    const body = (form.elements.namedItem('reply') as HTMLTextAreaElement).value;
    try {
      localStorage.setItem(NAME_KEY, name);
    } catch {
      // Storage refused (private mode): the name is asked again next time.
    }
    // The list shows the reply once it reads itself again; the parent stays as it is.
    await this.perform(async () => {
      await this.api!.reply(this.comment.id, name, body);
      return this.comment;
    }, `Replied to ${this.who} as the site's author.`);
  }

  private select(event: Event): void {
    this.dispatchEvent(new CustomEvent('admin-select', { detail: { id: this.comment.id, selected: (event.target as HTMLInputElement).checked }, bubbles: true, composed: true }));
  }

  private renderActions() {
    const c = this.comment;
    const busy = this.busy;
    if (this.mode === 'delete' || this.mode === 'block-author') {
      const deleting = this.mode === 'delete';
      return html`
        <div class="actions" role="group" aria-label="Confirm">
          <span>${deleting ? `Delete the comment by ${this.who} for good? Replies to it stay.` : `Block ${this.who} from commenting?`}</span>
          <button class="secondary danger confirm" ?disabled=${busy} @click=${() => this.run(this.mode as AdminAction)}>${deleting ? 'Delete' : 'Block'}</button>
          <button class="secondary keep" ?disabled=${busy} @click=${() => this.switchTo('view', '.actions button')}>Cancel</button>
        </div>
      `;
    }
    const canPin = c.status === 'published' && c.parentId === null && (c.kind ?? 'comment') === 'comment';
    const canReply = (c.status === 'published' || c.status === 'pending') && (c.kind ?? 'comment') === 'comment';
    return html`
      <div class="actions" role="group" aria-label=${`Actions on the comment by ${this.who}`}>
        ${STATUS_ACTIONS[c.status].map(([action, label]) => html`<button class=${action === 'approve' ? 'primary' : 'secondary'} data-action=${action} ?disabled=${busy} @click=${() => this.run(action)}>${label}</button>`)}
        ${canPin ? html`<button class="secondary" data-action=${c.pinned ? 'unpin' : 'pin'} ?disabled=${busy} @click=${() => this.run(c.pinned ? 'unpin' : 'pin')}>${c.pinned ? 'Unpin' : 'Pin'}</button>` : nothing}
        ${c.status !== 'deleted' ? html`<button class="secondary" data-action="edit" ?disabled=${busy} @click=${() => this.switchTo('edit', 'textarea')}>Edit</button>` : nothing}
        ${canReply ? html`<button class="secondary" data-action="reply" ?disabled=${busy} @click=${() => this.switchTo('reply', 'textarea')}>Reply</button>` : nothing}
        <button class="secondary danger" data-action="block-author" ?disabled=${busy} @click=${() => this.switchTo('block-author', '.keep')}>Block author</button>
        <button class="secondary danger" data-action="delete" ?disabled=${busy} @click=${() => this.switchTo('delete', '.keep')}>Delete</button>
      </div>
    `;
  }

  private renderForm() {
    if (this.mode === 'edit') {
      return html`
        <form class="card" @submit=${this.saveEdit}>
          <label>Text of the comment (Markdown)<textarea name="body" .value=${this.comment.body}></textarea></label>
          <div class="row">
            <button class="primary" ?disabled=${this.busy}>Save</button>
            <button type="button" class="secondary" @click=${() => this.switchTo('view', '[data-action="edit"]')}>Cancel</button>
          </div>
        </form>
      `;
    }
    if (this.mode === 'reply') {
      let name = '';
      try {
        name = localStorage.getItem(NAME_KEY) ?? '';
      } catch {
        // No storage: an empty name.
      }
      return html`
        <form class="card" @submit=${this.sendReply}>
          <label>Reply (Markdown), published at once as the site's author<textarea name="reply" required></textarea></label>
          <label>Your name<input name="name" autocomplete="name" .value=${name} /></label>
          <div class="row">
            <button class="primary" ?disabled=${this.busy}>${this.busy ? 'Sending…' : 'Send reply'}</button>
            <button type="button" class="secondary" @click=${() => this.switchTo('view', '[data-action="reply"]')}>Cancel</button>
          </div>
        </form>
      `;
    }
    return nothing;
  }

  override render() {
    const c = this.comment;
    const created = new Date(c.createdAt);
    return html`
      <article class="card" aria-label=${`Comment by ${this.who}`}>
        <header>
          <label class="select"><input type="checkbox" .checked=${this.selected} @change=${this.select} /><span class="visually-hidden">Select the comment by ${this.who}</span></label>
          <strong>${this.who}</strong>
          ${c.author.role ? html`<span class="badge">${c.author.role === 'author' ? "Site's author" : 'Moderator'}</span>` : nothing}
          <span class=${`badge ${c.status}`}>${STATUS_LABELS[c.status]}</span>
          ${c.pinned ? html`<span class="badge">Pinned</span>` : nothing}
          ${c.kind && c.kind !== 'comment' ? html`<span class="badge">${c.kind}</span>` : nothing}
          <time class="muted" datetime=${c.createdAt}>${created.toLocaleString()}</time>
        </header>
        <p class="muted">
          On ${c.page ? html`<a href=${c.page}>${c.threadId}</a>` : c.threadId}${c.parentId ? ', a reply' : ''}${c.author.website && /^https?:\/\//i.test(c.author.website)
            ? html` · <a href=${c.author.website} rel="nofollow ugc noopener noreferrer">${c.author.website}</a>`
            : nothing}${c.author.email ? html` · <span title="The address the author gave for mail; not checked, never shown to visitors">${c.author.email}</span>` : nothing}
        </p>
        <div class="body"></div>
        ${this.renderForm()} ${this.renderActions()}
        <p class="error" role="alert">${this.error}</p>
      </article>
    `;
  }
}
