import { LitElement, css, html, nothing, type PropertyDeclarations } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { sharedStyles } from '../components/shared.styles.js';
import { AdminApiError, type AdminAction, type AdminApi, type AdminComment, type AdminQuery, type AdminStatus } from './admin-api.js';
import type { AdminChange } from './admin-comment.js';
import { adminStyles, stackStyles } from './admin.styles.js';

const STATUSES: ReadonlyArray<[AdminStatus, string]> = [
  ['pending', 'Waiting for approval'],
  ['spam', 'Spam'],
  ['published', 'Published (newest first)'],
  ['rejected', 'Rejected'],
  ['all', 'All'],
];

/** The bulk actions, with what the button says and the past tense for the announcement. */
const BULK: ReadonlyArray<[AdminAction, string, string]> = [
  ['approve', 'Approve', 'Approved'],
  ['spam', 'Spam', 'Marked as spam'],
  ['reject', 'Reject', 'Rejected'],
  ['delete', 'Delete', 'Deleted'],
];

/** How long the list waits after news before reading itself again: a burst is one read. */
const NEWS_DEBOUNCE_MS = 300;

/**
 * The comments to moderate, across threads: newest first, by status (waiting for approval
 * by default), thread, words in the text and author, a page of 50 at a time. Each comment
 * has its own actions; selected ones can be approved, marked as spam, rejected or deleted
 * together. The list reads itself again when the server says a comment came, changed or
 * went (`/api/admin/events`), keeping the selection, and says so politely.
 *
 * @tag comment-thread-admin-queue
 * @fires admin-announce - A `CustomEvent<string>`: what to say in the page's live region.
 * @fires admin-signed-out - The session ended: the page asks to sign in again.
 */
export class AdminQueue extends LitElement {
  static override styles = [
    sharedStyles,
    adminStyles,
    stackStyles,
    css`
      form.filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        align-items: end;
      }
      form.filters label {
        flex: 1 1 10rem;
      }
      .bulk {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .bulk .select {
        display: flex;
        flex-direction: row;
        align-items: center;
        gap: 0.4rem;
        font-weight: 400;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
    `,
  ];

  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    query: { state: true },
    comments: { state: true },
    next: { state: true },
    selected: { state: true },
    loading: { state: true },
    error: { state: true },
    confirmDelete: { state: true },
  };

  api: AdminApi | null = null;
  private query: AdminQuery = { status: 'pending' };
  private comments: AdminComment[] = [];
  private next: string | null = null;
  private selected = new Set<string>();
  private loading = false;
  private error = '';
  /** Whether "Delete" of the selected comments waits for its confirmation. */
  private confirmDelete = false;
  private events: EventSource | null = null;
  private newsTimer: ReturnType<typeof setTimeout> | undefined;
  /** The read under way: a newer one makes its answer moot. */
  private reading = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.events?.close();
    this.events = null;
    clearTimeout(this.newsTimer);
  }

  /** Hears of new and changed comments; EventSource reconnects by itself, and the list is read again when it does. */
  private listen(): void {
    if (!this.api || typeof EventSource === 'undefined') return;
    const events = new EventSource(this.api.eventsUrl);
    let first = true;
    events.addEventListener('ready', () => {
      if (!first) this.news();
      first = false;
    });
    events.addEventListener('comment', () => this.news());
    this.events = events;
  }

  private news(): void {
    clearTimeout(this.newsTimer);
    this.newsTimer = setTimeout(() => void this.refresh(), NEWS_DEBOUNCE_MS);
  }

  private announce(message: string): void {
    this.dispatchEvent(new CustomEvent('admin-announce', { detail: message, bubbles: true, composed: true }));
  }

  private failed(error: unknown): void {
    if (error instanceof AdminApiError && error.status === 401) {
      this.dispatchEvent(new Event('admin-signed-out', { bubbles: true, composed: true }));
      return;
    }
    this.error = error instanceof AdminApiError ? error.message : 'The list could not be read. Try again.';
  }

  /** Reads the first page of the list for the current filters. */
  private async load(): Promise<void> {
    const read = ++this.reading;
    this.loading = true;
    this.error = '';
    try {
      const page = await this.api!.list(this.query);
      if (read !== this.reading) return;
      this.comments = page.comments;
      this.next = page.nextCursor;
      this.selected = new Set([...this.selected].filter((id) => page.comments.some((c) => c.id === id)));
      this.announce(this.countText());
    } catch (error) {
      if (read === this.reading) this.failed(error);
    } finally {
      if (read === this.reading) this.loading = false;
    }
  }

  /**
   * Reads the list again after news: as many comments as are shown, the selection kept, and
   * says how many are new. Nothing moves under a moderator who is editing or replying: the
   * rows are keyed by id.
   */
  private async refresh(): Promise<void> {
    const read = ++this.reading;
    try {
      const page = await this.api!.list(this.query);
      if (read !== this.reading) return;
      const known = new Set(this.comments.map((c) => c.id));
      const fresh = page.comments.filter((c) => !known.has(c.id));
      // Comments further down that were loaded with "Show more" stay, unless they are on the new first page.
      const onPage = new Set(page.comments.map((c) => c.id));
      const below = this.next === null && page.nextCursor === null ? [] : this.comments.slice(page.comments.length).filter((c) => !onPage.has(c.id));
      this.comments = [...page.comments, ...below];
      if (below.length === 0) this.next = page.nextCursor;
      this.selected = new Set([...this.selected].filter((id) => this.comments.some((c) => c.id === id)));
      if (fresh.length > 0) this.announce(`${fresh.length === 1 ? '1 new comment' : `${fresh.length} new comments`} in the list.`);
    } catch (error) {
      if (read === this.reading) this.failed(error);
    }
  }

  private async more(): Promise<void> {
    const read = ++this.reading;
    this.loading = true;
    const first = this.comments.length;
    try {
      const page = await this.api!.list({ ...this.query, cursor: this.next });
      if (read !== this.reading) return;
      const known = new Set(this.comments.map((c) => c.id));
      this.comments = [...this.comments, ...page.comments.filter((c) => !known.has(c.id))];
      this.next = page.nextCursor;
      await this.updateComplete;
      // The focus goes to the first comment that came, as in the widget's "Show more".
      this.renderRoot.querySelectorAll('comment-thread-admin-comment')[first]?.shadowRoot?.querySelector<HTMLElement>('input')?.focus();
    } catch (error) {
      this.failed(error);
    } finally {
      if (read === this.reading) this.loading = false;
    }
  }

  private countText(): string {
    const n = this.comments.length;
    const label = STATUSES.find(([status]) => status === this.query.status)![1].toLowerCase();
    return n === 0 ? `No comments: ${label}.` : `${n === 1 ? '1 comment' : `${n} comments`}${this.next ? ' shown, more to come' : ''}: ${label}.`;
  }

  private filter(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    this.query = { status: field('status') as AdminStatus, thread: field('thread'), q: field('q'), author: field('author') };
    this.selected = new Set();
    this.confirmDelete = false;
    void this.load();
  }

  /** A comment changed: it stays in the list as it is now while it still matches the status shown, else it leaves. */
  private changed(event: CustomEvent<AdminChange>): void {
    const { id, comment, message } = event.detail;
    const stays = comment !== null && (this.query.status === 'all' ? comment.status !== 'deleted' : comment.status === this.query.status);
    const index = this.comments.findIndex((c) => c.id === id);
    const leaving = index >= 0 && !stays;
    this.comments = stays ? this.comments.map((c) => (c.id === id ? comment : c)) : this.comments.filter((c) => c.id !== id);
    if (leaving) {
      this.selected.delete(id);
      // The focus, which was on the comment's button, goes to the next comment (or the list's heading).
      void this.updateComplete.then(() => this.focusRow(index));
    }
    this.announce(message);
  }

  private focusRow(index: number): void {
    const rows = this.renderRoot.querySelectorAll('comment-thread-admin-comment');
    const row = rows[Math.min(index, rows.length - 1)];
    const target = row?.shadowRoot?.querySelector<HTMLElement>('.actions button') ?? this.renderRoot.querySelector<HTMLElement>('h2');
    target?.focus();
  }

  private select(event: CustomEvent<{ id: string; selected: boolean }>): void {
    const selected = new Set(this.selected);
    if (event.detail.selected) selected.add(event.detail.id);
    else selected.delete(event.detail.id);
    this.selected = selected;
    this.confirmDelete = false;
  }

  private selectAll(event: Event): void {
    this.selected = (event.target as HTMLInputElement).checked ? new Set(this.comments.map((c) => c.id)) : new Set();
    this.confirmDelete = false;
  }

  /** Does `action` to every selected comment, one after another; says how many it did and what failed. */
  private async bulk(action: AdminAction, done: string): Promise<void> {
    if (action === 'delete' && !this.confirmDelete) {
      this.confirmDelete = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.bulk .keep')?.focus();
      return;
    }
    this.confirmDelete = false;
    this.loading = true;
    const ids = [...this.selected];
    let ok = 0;
    const failures: string[] = [];
    for (const id of ids) {
      try {
        await this.api!.act(id, action);
        ok++;
      } catch (error) {
        if (error instanceof AdminApiError && error.status === 401) return this.failed(error);
        failures.push(error instanceof AdminApiError ? error.message : 'failed');
      }
    }
    this.selected = new Set();
    this.loading = false;
    await this.load();
    this.announce(`${done} ${ok === 1 ? '1 comment' : `${ok} comments`}.${failures.length > 0 ? ` ${failures.length} could not be: ${failures[0]}` : ''}`);
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  private renderBulk() {
    const n = this.selected.size;
    const all = n > 0 && n === this.comments.length;
    return html`
      <div class="bulk" role="group" aria-label="Selected comments">
        <label class="select"><input type="checkbox" .checked=${all} .indeterminate=${n > 0 && !all} @change=${this.selectAll} ?disabled=${this.comments.length === 0} />Select all shown</label>
        <span class="muted" aria-live="polite">${n === 0 ? 'None selected' : `${n} selected`}</span>
        ${this.confirmDelete
          ? html`<span>Delete ${n === 1 ? 'this comment' : `these ${n} comments`} for good?</span>
              <button class="secondary danger" @click=${() => this.bulk('delete', 'Deleted')}>Delete</button>
              <button class="secondary keep" @click=${() => (this.confirmDelete = false)}>Cancel</button>`
          : BULK.map(([action, label, done]) => html`<button class="secondary" data-bulk=${action} ?disabled=${n === 0 || this.loading} @click=${() => this.bulk(action, done)}>${label}</button>`)}
      </div>
    `;
  }

  override render() {
    const q = this.query;
    return html`
      <form class="filters" role="search" aria-label="Filter the comments" @submit=${this.filter}>
        <label
          >Status
          <select name="status">
            ${STATUSES.map(([value, label]) => html`<option value=${value} ?selected=${q.status === value}>${label}</option>`)}
          </select>
        </label>
        <label>Thread<input name="thread" .value=${q.thread ?? ''} placeholder="/2024/05/a-post/" /></label>
        <label>Words in the text<input name="q" type="search" .value=${q.q ?? ''} /></label>
        <label>Author<input name="author" .value=${q.author ?? ''} /></label>
        <button class="primary">Show</button>
      </form>
      <h2 tabindex="-1">${this.loading && this.comments.length === 0 ? 'Loading…' : this.countText()}</h2>
      <p class="error" role="alert">${this.error}</p>
      ${this.renderBulk()}
      <ol @admin-change=${this.changed} @admin-select=${this.select}>
        ${repeat(
          this.comments,
          (c) => c.id,
          (c) => html`<li><comment-thread-admin-comment .comment=${c} .api=${this.api} .selected=${this.selected.has(c.id)}></comment-thread-admin-comment></li>`,
        )}
      </ol>
      ${this.next ? html`<div class="row"><button class="secondary" ?disabled=${this.loading} @click=${this.more}>Show more</button></div>` : nothing}
    `;
  }
}
