import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { sampleAdapter, serverAdapter } from '../../adapters/default-adapters.js';
import { AdapterError, failingAdapter, type Comment, type SortOrder, type StorageAdapter } from '../../adapters/storage-adapter.js';
import { prepareSanitizer, sanitizerReady } from '../../core/sanitize.js';
import { fullDate, relativeTime } from '../../core/time.js';
import { groupThreads, newGrouping } from '../../core/groups.js';
import { addToTree, buildTree, reuseUnchanged, rootOf, type Thread, type ThreadNode } from '../../core/tree.js';
import { LocalizeController, type StringOverrides } from '../../controllers/localize-controller.js';
import { ProgressiveController } from '../../controllers/progressive-controller.js';
import { ThreadController } from '../../controllers/thread-controller.js';
import { CommentSubmitEvent } from '../../events/comment-submit-event.js';
import { sharedStyles } from '../shared.styles.js';
import { threadStyles } from './comment-thread.styles.js';
import { defaultThreadId } from './default-thread-id.js';
import { COMMENT_ID_PREFIX, ThreadDom, type ThreadView } from './thread-dom.js';
import type { CommentForm } from '../comment-form/comment-form.js';

/** Parts of the inner form, re-exported so a page can style them with `::part()`. */
const FORM_PARTS = [
  'form',
  'field',
  'label',
  'input',
  'textarea',
  'hint',
  'counter',
  'field-error',
  'form-error',
  'retry-button',
  'remember',
  'form-actions',
  'submit-button',
  'cancel-button',
].join(', ');

/** Comments per group of top-level threads laid out together (see `core/groups.ts`). */
const GROUP_BUDGET = 32;

/**
 * A threaded comment section. Reads and writes through a storage adapter (a comment server
 * named by `src`, or by default the sample `LocalStorageAdapter`, which keeps comments in this
 * browser only), renders the thread as nested lists with sanitized Markdown, and offers a
 * form at the end and an inline reply form under each comment. Link to a comment with
 * `#comment-ID` in the page address.
 *
 * @summary Threaded comments for any page, one tag.
 * @tag comment-thread
 *
 * @fires {CommentPostedEvent} ct-comment-posted - A comment written here was stored; `event.comment` is it.
 * @fires {ThreadLoadedEvent} ct-loaded - The thread (or a further page) loaded; `event.comments`, `event.hasMore`.
 * @fires {ThreadErrorEvent} ct-error - Loading, posting, editing, deleting or a live update failed, or stored data was corrupt; `event.operation`, `event.error` (an `AdapterError` with `code`).
 *
 * @csspart base - The whole section.
 * @csspart header - The heading row with the count and the sort control.
 * @csspart heading - The "12 comments" heading.
 * @csspart sort - The sort order `<select>`.
 * @csspart jump-button - "Write a comment": moves focus to the form at the end, past a long thread.
 * @csspart notice - The note on where comments are stored.
 * @csspart warning - The note that corrupt stored comments were skipped.
 * @csspart loading - The loading state.
 * @csspart empty - The message of a thread without comments.
 * @csspart error - The message of a thread that failed to load, with its retry button.
 * @csspart list - The top-level `<ol>`.
 * @csspart list-group - A run of top-level threads the browser lays out as one (about 32 comments); a rendering detail, without a role.
 * @csspart replies - A nested `<ol>` of replies.
 * @csspart item - An `<li>` holding a comment and its replies.
 * @csspart comment - A comment's `<article>`.
 * @csspart comment-header - Avatar, author, time and markers of a comment.
 * @csspart avatar - The generated identicon.
 * @csspart author - The author's name (a link when they gave a website).
 * @csspart permalink - The link around the time, pointing at the comment.
 * @csspart time - The `<time>` with the relative date.
 * @csspart replying-to - "replying to NAME" on replies lifted above their real depth.
 * @csspart badge - "posting…" and "awaiting moderation" markers.
 * @csspart body - The rendered comment text.
 * @csspart comment-actions - The buttons under a comment.
 * @csspart reply-button - A comment's Reply button.
 * @csspart edit-button - Edit, on the visitor's own comments while the adapter allows it.
 * @csspart remove-button - Delete, next to Edit.
 * @csspart remove-confirm-button - Confirms a deletion ("Delete this comment?").
 * @csspart remove-keep-button - Cancels a deletion; takes the focus when the question appears.
 * @csspart editor - The form that replaces a comment's body while its author edits it.
 * @csspart inline-form - The container of an open reply form.
 * @csspart more-button - Loads the next page of an adapter that pages.
 * @csspart composer - The "Leave a reply" section at the end.
 * @csspart composer-heading - Its heading.
 * @csspart form - The `<form>` (also `field`, `label`, `input`, `textarea`, `hint`, `counter`, `field-error`, `form-error`, `retry-button`, `remember`, `form-actions`, `submit-button`, `cancel-button`).
 *
 * @cssprop --ct-accent - Buttons, links and focus rings. Default: a blue for light and dark schemes.
 * @cssprop --ct-accent-text - Text on accent-coloured buttons.
 * @cssprop --ct-link - Links in comments (defaults to the accent).
 * @cssprop --ct-muted - Secondary text: times, hints, counters.
 * @cssprop --ct-border - Lines between and around comments.
 * @cssprop --ct-surface - Background of comments and the form.
 * @cssprop --ct-hover - Background of hovered buttons.
 * @cssprop --ct-danger - Errors and over-long counters.
 * @cssprop --ct-danger-background - Background of error messages.
 * @cssprop --ct-highlight - Background of the comment the page address points at.
 * @cssprop --ct-code-background - Background of code in comments.
 * @cssprop --ct-input-background - Background of form fields.
 * @cssprop --ct-input-border - Border of form fields.
 * @cssprop --ct-focus-ring - Outline of focused controls.
 * @cssprop --ct-radius - Corner radius of comments, fields and buttons.
 * @cssprop --ct-gap - Space between comments.
 * @cssprop --ct-gap-small - Space inside comments and the form.
 * @cssprop --ct-indent - Indentation of each reply level.
 * @cssprop --ct-avatar-size - Size of the identicons.
 * @cssprop --ct-font-size-small - Size of secondary text.
 */
export class CommentThread extends LitElement {
  static override styles = [sharedStyles, threadStyles];

  /** Reactive properties and state (declared here rather than with decorators: smaller output). */
  static override properties: PropertyDeclarations = {
    threadId: { attribute: 'thread-id' },
    maxDepth: { attribute: 'max-depth', type: Number, reflect: true },
    sort: { reflect: true },
    pageSize: { attribute: 'page-size', type: Number },
    src: { reflect: true },
    adapter: { attribute: false },
    strings: { attribute: false },
    replyTo: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
    highlighted: { state: true, attribute: false },
    editing: { state: true, attribute: false },
    confirmingRemove: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    actionError: { state: true, attribute: false },
  };

  private readonly localize = new LocalizeController(this, () => this.strings);
  private readonly thread = new ThreadController(this, { onRemoteComment: () => this.announceRemote() });
  private readonly progressive = new ProgressiveController(this);

  /**
   * The thread to show. Defaults to the path of the page's canonical URL
   * (`<link rel="canonical">`), else `location.pathname`.
   */
  threadId = '';
  /** Deepest nesting level; deeper replies are listed at this level, marked "replying to NAME". */
  maxDepth = 4;
  /** Order of top-level comments: `oldest` (default, like a blog) or `newest`. */
  sort: SortOrder = 'oldest';
  /** Comments asked for per page, from adapters that page. */
  pageSize = 50;
  /**
   * Address of a comment-thread server (`https://comments.example.com`): comments are read and
   * written there through an `HttpAdapter`. Ignored when `adapter` is set.
   */
  src = '';
  /**
   * Where comments are read and written. Defaults to an `HttpAdapter` for `src`, else to a
   * `LocalStorageAdapter` (this browser only).
   */
  adapter?: StorageAdapter;
  /** Overrides for any of the widget's strings, or a whole translation: `el.strings = de` (exported by the package). */
  strings?: StringOverrides;

  /** The comment whose inline reply form is open. */
  private replyTo: string | null = null;
  /** Text of the polite live region. */
  private announcement = '';
  /** The comment the page address points at. */
  private highlighted: string | null = null;
  /** The comment whose body is open for editing. */
  private editing: string | null = null;
  /** The comment whose deletion waits for confirmation. */
  private confirmingRemove: string | null = null;
  /** The comment being saved or deleted right now. */
  private busy: string | null = null;
  /** Why the last edit or deletion of a comment failed. */
  private actionError: { id: string; message: string } | null = null;

  private sample?: StorageAdapter;
  private serverAdapter?: { src: string; adapter: StorageAdapter };
  private memo: { key: string; thread: Thread } | null = null;
  /** Which group each top-level thread is rendered in, kept stable across renders. */
  private grouping = newGrouping();
  /** The comments as DOM, built once per comment and thread and kept (see `thread-dom.ts`). */
  private readonly dom = new ThreadDom();
  /** The open inline reply form, kept while it stays open so that rebuilds keep its text. */
  private openReplyForm: { id: string; element: CommentForm } | null = null;
  /** Top-level threads whose bodies were prepared (tree nodes are reused while unchanged). */
  private readonly preparedThreads = new WeakSet<ThreadNode>();
  private now = new Date();
  /** The clock reading the shown relative times were last set for. */
  private timesAt = this.now;
  private clock?: ReturnType<typeof setInterval>;
  private remoteCount = 0;
  private remoteTimer?: ReturnType<typeof setTimeout>;
  private deepLinkPending = true;

  override connectedCallback(): void {
    super.connectedCallback();
    // Relative times ("3 minutes ago") move on while the page stays open.
    this.clock = setInterval(() => {
      this.now = new Date();
      this.requestUpdate();
    }, 60_000);
    window.addEventListener('hashchange', this.onHashChange);
    // Browsers without the platform sanitizer load DOMPurify, while the adapter loads.
    if (!sanitizerReady()) void prepareSanitizer().then(() => this.requestUpdate());
    // Meanwhile, too, the formatters the first render needs: a page's first use of Intl loads
    // the locale's data (some 15-25 ms), which then need not delay the first comments.
    setTimeout(() => this.prepareFormatters());
  }

  /** Makes (and caches) the count, relative-time and date formatters of the current locale. */
  private prepareFormatters(): void {
    const locale = this.localize.locale;
    this.localize.strings.commentCount(2, locale);
    relativeTime(this.now, this.now, locale);
    fullDate(this.now, locale);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
    clearTimeout(this.remoteTimer);
    window.removeEventListener('hashchange', this.onHashChange);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('adapter') || changed.has('src') || changed.has('threadId')) {
      this.dom.clear();
      this.progressive.reset();
    }
    if (changed.has('adapter') || changed.has('src') || changed.has('threadId') || changed.has('sort')) {
      // Groups start over; threads are rebuilt into the new ones rather than moved between them.
      this.grouping = newGrouping();
      this.dom.forgetThreads();
    }
    if (changed.has('adapter') || changed.has('src') || changed.has('threadId') || changed.has('sort') || changed.has('pageSize')) {
      this.thread.setSource({
        adapter: this.currentAdapter,
        threadId: this.threadId || defaultThreadId(this.ownerDocument),
        sort: this.sort === 'newest' ? 'newest' : 'oldest',
        pageSize: this.pageSize,
      });
    }
  }

  /**
   * Resolves when the element has rendered everything, including the later steps of a long
   * thread (see {@link ProgressiveController}), not just its latest update.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    await this.thread.restLoaded;
    const result = await super.getUpdateComplete();
    if (this.progressive.complete) return result;
    await this.progressive.whenComplete();
    return super.getUpdateComplete();
  }

  /** Keeps the focus on a comment's control when the update rebuilt its article. */
  protected override update(changed: PropertyValues<this>): void {
    const active = this.shadowRoot?.activeElement as HTMLElement | null | undefined;
    // The focused control itself, which may sit inside a form's own shadow root.
    let focused = active;
    while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement as HTMLElement;
    super.update(changed);
    if (!active) return;
    if (!active.isConnected) this.refocus(active);
    // An open editor or reply form is kept and moved into its comment's rebuilt article, and
    // moving an element drops its focus.
    else if (this.shadowRoot!.activeElement !== active) focused?.focus({ preventScroll: true });
  }

  protected override updated(): void {
    if (this.timesAt !== this.now) {
      this.timesAt = this.now;
      this.dom.refreshTimes(this.threadView(), this.now);
    }
    if (this.deepLinkPending && this.thread.status === 'ready') {
      this.deepLinkPending = false;
      void this.updateComplete.then(() => this.revealHash());
    }
  }

  /** The effective adapter: the `adapter` property, else the server at `src`, else the sample adapter. */
  private get currentAdapter(): StorageAdapter {
    if (this.adapter) return this.adapter;
    const src = this.src.trim();
    if (src) {
      if (this.serverAdapter?.src !== src) {
        let adapter: StorageAdapter;
        try {
          adapter = serverAdapter(src);
        } catch (error) {
          adapter = failingAdapter(new AdapterError('invalid', (error as Error).message, { retryable: false }));
        }
        this.serverAdapter = { src, adapter };
      }
      return this.serverAdapter.adapter;
    }
    return (this.sample ??= sampleAdapter());
  }

  private get effectiveThreadId(): string {
    return this.threadId || defaultThreadId(this.ownerDocument);
  }

  /**
   * The displayed tree, rebuilt only when the comments or the display settings change, and
   * only grown by one when the last change added one comment (see {@link addToTree}).
   */
  private get tree(): Thread {
    const settings = `${this.sort}|${this.maxDepth}`;
    const revision = this.thread.revision;
    const memo = this.memo;
    if (memo?.key !== `${revision}|${settings}`) {
      const options = { sort: this.sort, maxDepth: this.maxDepth };
      const added = this.thread.lastAdded;
      const grown =
        memo && added?.revision === revision && memo.key === `${revision - 1}|${settings}` ? addToTree(memo.thread, added.comment, options) : null;
      const next = grown ?? buildTree(this.thread.comments.values(), options);
      const thread = grown ?? (memo ? reuseUnchanged(memo.thread, next) : next);
      this.memo = { key: `${revision}|${settings}`, thread };
      this.dom.prune((id) => rootOf(thread, id) !== undefined);
    }
    return this.memo!.thread;
  }

  private readonly onHashChange = (): void => {
    void this.revealHash();
  };

  /** Scrolls to and highlights the comment named by `#comment-ID` in the page address. */
  private async revealHash(): Promise<void> {
    const hash = this.ownerDocument.location.hash;
    if (!hash.startsWith(`#${COMMENT_ID_PREFIX}`)) return;
    let id: string;
    try {
      id = decodeURIComponent(hash.slice(1 + COMMENT_ID_PREFIX.length));
    } catch {
      return;
    }
    if (!this.thread.comments.has(id)) return;
    this.highlighted = id;
    await this.updateComplete;
    // Firefox and WebKit lay out the content of a group (`content-visibility: auto`) only at
    // the first rendering update after it was inserted, and scrollIntoView() does not do it
    // for them: scrolling to a comment of a group the last render step added would do nothing.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    const article = this.articleFor(id);
    article?.scrollIntoView({ block: 'center' });
    article?.focus({ preventScroll: true });
  }

  /**
   * Focuses the control that replaced `lost` (the same part, or the article itself) in the
   * rebuilt article of the same comment.
   */
  private refocus(lost: HTMLElement): void {
    const article = lost.closest('article');
    if (!article) return;
    const rebuilt = this.renderRoot.querySelector<HTMLElement>(`article[id="${CSS.escape(article.id)}"]`);
    const part = lost.getAttribute('part');
    const target = lost === article || !part ? rebuilt : rebuilt?.querySelector<HTMLElement>(`[part="${CSS.escape(part)}"]`);
    target?.focus({ preventScroll: true });
  }

  /** What the comments' DOM is built from (see `thread-dom.ts`). */
  private threadView(): ThreadView {
    return {
      strings: this.localize.strings,
      locale: this.localize.locale,
      replyTo: this.replyTo,
      highlighted: this.highlighted,
      editing: this.editing,
      confirmingRemove: this.confirmingRemove,
      busy: this.busy,
      actionError: this.actionError,
      rootOf: (id) => rootOf(this.tree, id)?.comment.id,
      isPending: (id) => this.thread.isPending(id),
      canModify: (comment) => this.canModify(comment),
      wireEditor: (form, id) => {
        form.addEventListener('submit', (event) => void this.saveEdit(event, id));
        form.addEventListener('keydown', (event) => this.onEditorKey(event, id));
      },
      replyForm: (node) => this.replyForm(node),
    };
  }

  /** The inline reply form under `node`'s comment: made when it opens, kept while it stays open. */
  private replyForm(node: ThreadNode): CommentForm {
    const id = node.comment.id;
    let form = this.openReplyForm?.id === id ? this.openReplyForm.element : null;
    if (!form) {
      form = document.createElement('comment-thread-form');
      form.setAttribute('exportparts', FORM_PARTS);
      form.inline = true;
      form.addEventListener('ct-cancel', () => void this.closeReply());
      this.openReplyForm = { id, element: form };
    }
    form.threadId = this.effectiveThreadId;
    form.parentId = id;
    form.replyToName = node.comment.author?.name?.trim() || this.localize.strings.anonymous;
    form.strings = this.localize.strings;
    form.locale = this.localize.locale;
    return form;
  }

  private articleFor(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`article[id="${CSS.escape(COMMENT_ID_PREFIX + id)}"]`);
  }

  private announce(message: string): void {
    // Clearing first makes screen readers repeat an identical message.
    this.announcement = '';
    requestAnimationFrame(() => (this.announcement = message));
  }

  private announceRemote(): void {
    this.remoteCount++;
    clearTimeout(this.remoteTimer);
    this.remoteTimer = setTimeout(() => {
      this.announce(this.localize.strings.newComments(this.remoteCount, this.localize.locale));
      this.remoteCount = 0;
    }, 800);
  }

  private async openReply(id: string): Promise<void> {
    this.replyTo = this.replyTo === id ? null : id;
    this.openReplyForm = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.inline-form comment-thread-form')?.focus();
  }

  private async closeReply(): Promise<void> {
    const id = this.replyTo;
    this.replyTo = null;
    this.openReplyForm = null;
    await this.updateComplete;
    if (id !== null) {
      this.renderRoot.querySelector<HTMLElement>(`button[data-reply-to="${CSS.escape(id)}"]`)?.focus();
    }
  }

  private onSubmit(event: CommentSubmitEvent): void {
    const post = this.thread.post(event.input);
    event.respondWith(post);
    post.then(
      async (saved) => {
        this.announce(this.localize.strings.posted);
        if (saved.parentId !== null && this.replyTo === saved.parentId) {
          this.replyTo = null;
          await this.updateComplete;
          this.articleFor(saved.id)?.focus();
        }
      },
      () => {
        // The form shows the error and keeps the text; the controller fired `ct-error`.
      },
    );
  }

  /** Brings the "Leave a reply" form into view and focus, past a long thread. */
  private jumpToComposer(): void {
    const form = this.renderRoot.querySelector<HTMLElement>('.composer comment-thread-form');
    form?.scrollIntoView({ block: 'center' });
    form?.focus();
  }

  private onSortChange(event: Event): void {
    this.sort = (event.target as HTMLSelectElement).value === 'newest' ? 'newest' : 'oldest';
  }

  /** The top-level threads to render in this step, their bodies prepared in one batch. */
  private visibleRoots(thread: Thread): ThreadNode[] {
    const roots = thread.roots.slice(0, this.progressive.take(thread.sizes));
    const comments: Comment[] = [];
    const collect = (node: ThreadNode): void => {
      comments.push(node.comment);
      node.children.forEach(collect);
    };
    for (const root of roots) {
      if (this.preparedThreads.has(root)) continue;
      this.preparedThreads.add(root);
      collect(root);
    }
    this.dom.prepareBodies(comments);
    return roots;
  }

  /** The thread's comment count: while pages are still unread, the adapter's total if it gave one. */
  private shownCount(thread: Thread): number {
    const total = this.thread.hasMore ? this.thread.total : null;
    return total === null ? thread.count : Math.max(total, thread.count);
  }

  private renderHeader(thread: Thread) {
    const t = this.localize.strings;
    const ready = this.thread.status === 'ready';
    return html`
      <header part="header" class="header">
        <h2 id="heading" part="heading">${ready ? t.commentCount(this.shownCount(thread), this.localize.locale) : t.heading}</h2>
        <div class="tools">
          ${ready && thread.roots.length > 0
            ? html`<button type="button" part="jump-button" class="link jump" @click=${this.jumpToComposer}>${t.jumpToForm}</button>`
            : nothing}
          ${ready && thread.roots.length > 1
            ? html`<label class="sort">
                <span>${t.sortLabel}</span>
                <select part="sort" @change=${this.onSortChange}>
                  <option value="oldest" ?selected=${this.sort !== 'newest'}>${t.sortOldest}</option>
                  <option value="newest" ?selected=${this.sort === 'newest'}>${t.sortNewest}</option>
                </select>
              </label>`
            : nothing}
        </div>
      </header>
    `;
  }

  private renderNotices() {
    const t = this.localize.strings;
    const persistence = this.currentAdapter.capabilities.persistence;
    const where = persistence === 'browser' ? t.storedInBrowser : persistence === 'memory' ? t.storedInMemory : '';
    return html`
      ${where ? html`<p part="notice" class="notice">${where}</p>` : nothing}
      ${this.thread.warnings.length > 0 ? html`<p part="warning" class="warning" role="alert">${t.corruptSkipped}</p>` : nothing}
    `;
  }

  /**
   * One click listener for the buttons of every comment (Reply, Edit and its Cancel, Delete and
   * its confirmation), which name their comment in a `data-` attribute: thousands of comments
   * then need no listener each.
   */
  private readonly onCommentAction = (event: Event): void => {
    const button = (event.target as Element).closest?.('button');
    if (!button) return;
    const { replyTo, edit, editCancel, remove, removeConfirm, removeKeep } = button.dataset;
    if (replyTo !== undefined) void this.openReply(replyTo);
    else if (edit !== undefined) void this.startEdit(edit);
    else if (editCancel !== undefined) void this.cancelEdit(editCancel);
    else if (remove !== undefined) void this.askRemove(remove);
    else if (removeConfirm !== undefined) void this.removeComment(removeConfirm);
    else if (removeKeep !== undefined) void this.cancelRemove(removeKeep);
  };

  /** Whether the visitor may still edit and delete this comment (the adapter decides). */
  private canModify(comment: Comment): boolean {
    const until = this.currentAdapter.editableUntil?.(this.effectiveThreadId, comment.id);
    return until != null && until.getTime() > this.now.getTime();
  }

  private async startEdit(id: string): Promise<void> {
    this.editing = id;
    this.confirmingRemove = null;
    this.actionError = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>(`textarea[id="edit-${CSS.escape(id)}"]`)?.focus();
  }

  private async cancelEdit(id: string): Promise<void> {
    this.editing = null;
    this.actionError = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`button[data-edit="${CSS.escape(id)}"]`)?.focus();
  }

  private onEditorKey(event: KeyboardEvent, id: string): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      void this.cancelEdit(id);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      (event.currentTarget as HTMLFormElement).requestSubmit();
    }
  }

  private async saveEdit(event: Event, id: string): Promise<void> {
    event.preventDefault();
    const t = this.localize.strings;
    const body = ((event.currentTarget as HTMLFormElement).elements.namedItem('body') as HTMLTextAreaElement).value;
    if (body.trim() === '') {
      this.actionError = { id, message: t.bodyEmpty };
      return;
    }
    this.busy = id;
    this.actionError = null;
    try {
      await this.thread.edit(id, body);
      this.busy = null;
      await this.cancelEdit(id);
      this.announce(t.saved);
    } catch (error) {
      this.busy = null;
      this.actionError = { id, message: `${t.editFailed} ${this.errorText(error)}` };
    }
  }

  private async askRemove(id: string): Promise<void> {
    this.confirmingRemove = id;
    this.editing = null;
    this.actionError = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`article[id="${CSS.escape(COMMENT_ID_PREFIX + id)}"] [part~="remove-keep-button"]`)?.focus();
  }

  private async cancelRemove(id: string): Promise<void> {
    this.confirmingRemove = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`button[data-remove="${CSS.escape(id)}"]`)?.focus();
  }

  private async removeComment(id: string): Promise<void> {
    const t = this.localize.strings;
    this.busy = id;
    this.actionError = null;
    try {
      await this.thread.remove(id);
      this.confirmingRemove = null;
      this.announce(t.removed);
    } catch (error) {
      this.actionError = { id, message: `${t.removeFailed} ${this.errorText(error)}` };
    } finally {
      this.busy = null;
    }
  }

  /** The message of an adapter error, else the localized text for its code. */
  private errorText(error: unknown): string {
    const adapterError = AdapterError.from(error);
    return adapterError.message || this.localize.strings.errors[adapterError.code];
  }

  /** The top-level list: its threads in stable groups of about {@link GROUP_BUDGET} comments (see `core/groups.ts`). */
  private renderThreads(roots: ThreadNode[], sizes: readonly number[]): unknown {
    const groups = groupThreads(roots, sizes, (node) => node.comment.id, this.grouping, GROUP_BUDGET);
    return this.dom.threadList(groups, this.threadView(), this.now);
  }

  private renderLoading() {
    return html`<div part="loading" class="loading" role="status">
      <span class="skeleton" aria-hidden="true"></span><span class="skeleton" aria-hidden="true"></span>
      <p>${this.localize.strings.loading}</p>
    </div>`;
  }

  private renderContent(thread: Thread) {
    const t = this.localize.strings;
    switch (this.thread.status) {
      case 'idle':
      case 'loading':
        return this.renderLoading();
      case 'error':
        return html`<div part="error" class="load-error" role="alert">
          <p><strong>${t.loadFailed}</strong> ${this.thread.error?.message || (this.thread.error && t.errors[this.thread.error.code])}</p>
          <button type="button" class="secondary" @click=${() => this.thread.reload()}>${t.retry}</button>
        </div>`;
      case 'ready':
        // Until DOMPurify has loaded, in browsers without the platform sanitizer.
        if (!sanitizerReady()) return this.renderLoading();
        return html`
          ${thread.roots.length === 0
            ? html`<p part="empty" class="empty">${t.empty}</p>`
            : this.renderThreads(this.visibleRoots(thread), thread.sizes)}
          ${this.thread.hasMore && !this.thread.loadingRest
            ? html`<button type="button" part="more-button" class="secondary more" ?disabled=${this.thread.loadingMore} @click=${() => this.thread.loadMore()}>
                ${t.showMore}
              </button>`
            : nothing}
        `;
    }
  }

  private renderComposer() {
    // Not while loading, nor in the first frame of a long thread: the form sits below the
    // thread, and leaving it out lets the first comments be painted sooner.
    if (this.thread.status !== 'ready' || !this.progressive.pastFirstScreen) return nothing;
    const t = this.localize.strings;
    return html`<section part="composer" class="composer" aria-labelledby="composer-heading">
      <h3 id="composer-heading" part="composer-heading">${t.leaveReply}</h3>
      <comment-thread-form
        exportparts=${FORM_PARTS}
        .threadId=${this.effectiveThreadId}
        .parentId=${null}
        .strings=${t}
        .locale=${this.localize.locale}
      ></comment-thread-form>
    </section>`;
  }

  override render() {
    const thread = this.tree;
    return html`<section part="base" class="base" aria-labelledby="heading" @ct-submit=${this.onSubmit} @click=${this.onCommentAction}>
      ${this.renderHeader(thread)} ${this.renderNotices()} ${this.renderContent(thread)} ${this.renderComposer()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}
