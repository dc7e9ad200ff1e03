import { ReactiveElement, type PropertyDeclarations, type PropertyValues } from '@lit/reactive-element';
import { restoreCollapsed } from '../../actions/collapse.js';
import { ACTIONS } from '../../actions/index.js';
import { newReplies } from '../../actions/new-replies.js';
import { actionRouter } from '../../actions/routing.js';
import type { ActionHost, ReaderModule, RenderContext } from '../../actions/types.js';
import { DefaultAdapters } from '../../adapters/default-adapters.js';
import { AdapterError, type Comment, type SortOrder, type StorageAdapter } from '../../adapters/storage-adapter.js';
import { AnnouncerController } from '../../controllers/announcer-controller.js';
import { CommentStateController } from '../../controllers/comment-state-controller.js';
import { DeepLinkController } from '../../controllers/deep-link-controller.js';
import { FocusController } from '../../controllers/focus-controller.js';
import { LocalizeController, type StringOverrides } from '../../controllers/localize-controller.js';
import { MarkdownController } from '../../controllers/markdown-controller.js';
import { MentionsController } from '../../controllers/mentions-controller.js';
import { ProgressiveController } from '../../controllers/progressive-controller.js';
import { SchemeController } from '../../controllers/scheme-controller.js';
import { ThreadController, type LiveModule } from '../../controllers/thread-controller.js';
import { WritePathController } from '../../controllers/write-path-controller.js';
import { prepareSanitizer, sanitizerReady } from '../../core/sanitize.js';
import { relativeTime, type DateFormat } from '../../core/time.js';
import { TreeCache } from '../../core/tree-cache.js';
import type { Thread } from '../../core/tree.js';
import type { CommentThreadStrings } from '../../i18n/en.js';
import type { CommentSubmitEvent, FormCancelEvent } from '../../events/comment-submit-event.js';
import type { YourDataAction } from '../your-data/your-data.js';
import { COMMENT_ID_PREFIX } from '../../render/comment-view.js';
import { adoptSheet, sync } from '../../render/dom.js';
import { adoptIdenticons } from '../../render/identicon-style.js';
import { ThreadFrame } from '../../render/thread-frame.js';
import { ThreadListController } from '../../render/thread-list-controller.js';
import { sharedStyles } from '../shared.styles.js';
import { threadStyles } from './comment-thread.styles.js';
import { defaultThreadId } from './default-thread-id.js';
import { chooseSort, chosenSort } from './sort-choice.js';

/**
 * A threaded comment section. Reads and writes through a storage adapter (a comment server
 * named by `src`, or by default the sample `LocalStorageAdapter`, which keeps comments in this
 * browser only), renders the thread as nested lists with sanitized Markdown, and offers a
 * form at the end and an inline reply form under each comment. Pingbacks, trackbacks and
 * webmentions are listed apart, after the comments. Link to a comment with `#comment-ID` in
 * the page address (`ID` may also be an alias, such as an imported blog's own comment id).
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
 * @csspart sort - The sort order `<select>` (oldest, newest, and top where the adapter votes).
 * @csspart jump-button - "Write a comment": moves focus to the form at the end, past a long thread.
 * @csspart feed-link - "Comments feed": the thread's Atom feed, where the adapter has one (a comment server).
 * @csspart notice - The note on where comments are stored.
 * @csspart warning - The note that corrupt stored comments were skipped.
 * @csspart loading - The loading state.
 * @csspart empty - The message of a thread without comments.
 * @csspart error - The message of a thread that failed to load, with its retry button.
 * @csspart list - The top-level `<ol>`.
 * @csspart list-group - A run of top-level threads the browser lays out as one (about 32 comments); a rendering detail, without a role.
 * @csspart replies - A nested `<ol>` of replies.
 * @csspart item - An `<li>` holding a comment and its replies.
 * @csspart comment - A comment's `<article>`; its `::before` is the generated identicon (`::part(comment)::before`).
 * @csspart author - The author's name (a link when they gave a website).
 * @csspart permalink - The link around the time, pointing at the comment.
 * @csspart time - The `<time>` with the date: relative for the last week, else absolute (see `date-format`).
 * @csspart replying-to - "replying to NAME" on replies lifted above their real depth: a link to that comment.
 * @csspart badge - "posting…", "edited" and "awaiting moderation" markers, and the role badge.
 * @csspart role-badge - The verified role of the author, "Author" or "Moderator" (also a `badge`).
 * @csspart pinned-badge - "Pinned", on a comment a moderator pinned to the top (also a `badge`).
 * @csspart body - The rendered comment text.
 * @csspart votes - A comment's votes: the buttons and the score (a group named by the score).
 * @csspart vote-button - An upvote or downvote toggle (`aria-pressed`); also `upvote` or `downvote`.
 * @csspart upvote - The upvote button.
 * @csspart downvote - The downvote button (with `votes="up-down"`).
 * @csspart score - The score shown between them.
 * @csspart reply-button - A comment's Reply button.
 * @csspart collapse-button - "Hide 3 replies" / "Show 3 replies" on a comment with replies (`aria-expanded`); kept for the session.
 * @csspart more-replies-button - "Show 6 more replies", after the first replies of a long sub-thread.
 * @csspart copy-link-button - Copies the address of the comment (`#comment-ID`); says "Link copied." for a moment.
 * @csspart edit-button - Edit, on the visitor's own comments while the adapter allows it.
 * @csspart remove-button - Delete, next to Edit.
 * @csspart remove-confirm-button - Confirms a deletion ("Delete this comment?").
 * @csspart remove-keep-button - Cancels a deletion; takes the focus when the question appears.
 * @csspart editor - The form that replaces a comment's body while its author edits it.
 * @csspart inline-form - The container of an open reply form.
 * @csspart more-button - Loads the next page of an adapter that pages ("Show 12 more comments").
 * @csspart new-comments-button - "Show 3 new comments": comments from elsewhere, held at the top of the thread until the reader asks.
 * @csspart new-replies-button - "Show 2 new replies" on a comment: replies from elsewhere, held until the reader asks.
 * @csspart mentions - The section of pingbacks, trackbacks and webmentions after the comments.
 * @csspart mentions-heading - Its heading, "Trackbacks and pingbacks".
 * @csspart mention-list - Its `<ol>`.
 * @csspart mention - One mention's `<li>`.
 * @csspart mention-title - The linking page's title, a link to it.
 * @csspart mention-site - The linking page's site ("blog.example").
 * @csspart mention-excerpt - The excerpt the linking page sent.
 * @csspart composer - The "Leave a reply" section at the end.
 * @csspart closed - "Comments are closed.", in place of the composer, in a thread its site closed to new comments.
 * @csspart composer-heading - Its heading.
 * @csspart form - The `<form>` (also `field`, `label`, `input`, `textarea`, `hint`, `counter`, `field-error`, `form-error`, `retry-button`, `remember`, `notify`, `form-actions`, `submit-button`, `cancel-button`).
 *
 * @cssstate dark - The background behind the element is dark: the element's `color-scheme` is `dark` (`:state(dark)`).
 * @cssstate light - The background behind the element is light: `color-scheme: light`.
 *
 * @cssprop --ct-accent - Buttons, links and focus rings. Default: a blue for the light scheme and one for the dark, picked by the background behind the element.
 * @cssprop --ct-accent-text - Text on accent-coloured buttons.
 * @cssprop --ct-link - Links in comments (defaults to the accent).
 * @cssprop --ct-muted - Secondary text: times, hints, counters. Default: 80% of the text colour.
 * @cssprop --ct-border - Lines between and around comments, and the border of secondary buttons.
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
 * @cssprop --ct-avatar-size - Size of the identicons (0 hides them).
 * @cssprop --ct-font-size-small - Size of secondary text.
 */
export class CommentThread extends ReactiveElement {
  static override styles = [sharedStyles, threadStyles];

  /** Reactive properties (declared here rather than with decorators: smaller output). */
  static override properties: PropertyDeclarations = {
    threadId: { attribute: 'thread-id' },
    maxDepth: { attribute: 'max-depth', type: Number, reflect: true },
    sort: { reflect: true },
    pageSize: { attribute: 'page-size', type: Number },
    src: { reflect: true },
    adapter: { attribute: false },
    strings: { attribute: false },
    dateFormat: { attribute: 'date-format' },
    votes: {},
    loading: {},
  };

  readonly #localize = new LocalizeController(this, () => this.strings);
  readonly #states = new CommentStateController(this);
  readonly #announcer = new AnnouncerController(this);
  readonly #focusing = new FocusController(this);
  readonly #thread: ThreadController = new ThreadController(this, {
    arrivals: {
      states: this.#states,
      announcer: this.#announcer,
      say: (count) => this.#localize.strings.newComments(count, this.#localize.locale),
      focus: this.#focusing,
      article: (id) => this.#article(id),
    },
    onLive: (module) => {
      this.#live = module;
      // The button of held replies comes with the live changes.
      Object.assign(newReplies, module.newRepliesButton);
    },
  });
  /** The live changes' module, once the first change loaded it (`controllers/live-changes.ts`). */
  #live: LiveModule | null = null;
  readonly #progressive = new ProgressiveController(this);
  readonly #markdown = new MarkdownController(this, () => (this.#context = null));
  readonly #list = new ThreadListController(this);
  readonly #mentions = new MentionsController(this);
  readonly #writePath = new WritePathController(this, ({ writeStrings, writeStyles, actionBehaviours }) => {
    // The actions become whole: their buttons were here, what they do comes with the write path.
    for (const action of ACTIONS) Object.assign(action, actionBehaviours[action.name]);
    this.#localize.useWriteStrings(writeStrings);
    adoptSheet(this.renderRoot as ShadowRoot, writeStyles.styleSheet);
  });

  /**
   * The thread to show. Defaults to the path of the page's canonical URL
   * (`<link rel="canonical">`), else `location.pathname`.
   */
  threadId = '';
  /** Deepest nesting level; deeper replies are listed at this level, marked "replying to NAME". */
  maxDepth = 4;
  /**
   * Order of top-level comments: `oldest` (default, like a blog), `newest`, or `top` (highest
   * score first; offered only by adapters that vote). Pinned comments come first in each. This
   * is the site's default: an order the reader picks in the sort control is remembered on this
   * site (`localStorage`) and wins over it.
   */
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
  /**
   * How dates are shown: `relative` ("3 days ago"), `absolute` ("9 June 2010 at 14:05", in the
   * page's language), or `auto` (default): relative for the last week, absolute before. The
   * full date is always in the `<time>`'s `datetime`.
   */
  dateFormat: DateFormat = 'auto';
  /**
   * Votes on comments, where the adapter can vote: `up` (default), `up-down` (where the site
   * allows downvotes: the reference server's `--downvotes`), or `off`.
   */
  votes: 'up' | 'up-down' | 'off' = 'up';
  /**
   * `lazy`: read the thread and show it only when the element comes near the view (800 px
   * ahead), as `loading="lazy"` does for an image: a thread far down a page costs nothing
   * until the reader scrolls towards it. `eager` (default): at once.
   */
  loading: 'eager' | 'lazy' = 'eager';

  readonly #scheme = new SchemeController(this);
  readonly #adapters = new DefaultAdapters();
  readonly #trees = new TreeCache();
  /** The order the reader picked on this site (`sort-choice.ts`), read as the element connects. */
  #chosen: SortOrder | null = null;
  /** The thread whose collapsed sub-threads were restored. */
  #restored = '';
  /** Near enough to the view to read and show the thread (always, unless `loading="lazy"`). */
  #near = false;
  /** Waits for the element to come near the view, with `loading="lazy"`. */
  #watch: IntersectionObserver | undefined;
  #context: RenderContext | null = null;
  /** The last render showed the thread (its comments, or that there are none). */
  #shown = false;
  /** What the actions may use of the element (`actions/types.ts`). */
  readonly #host: ActionHost = this.#actionHost();
  readonly #router = actionRouter(this.#host, ACTIONS);
  /** Everything around the comments (`render/thread-frame.ts`), made by {@link #ui}. */
  #frame: ThreadFrame | null = null;

  constructor() {
    super();
    new DeepLinkController(this, {
      ready: () => this.#shown,
      thread: this.#thread,
      states: this.#states,
      article: (id) => this.#article(id),
    });
  }

  /**
   * The DOM around the comments and its delegated listeners, made on first use: after the
   * first read has started, which then does not wait for it.
   */
  #ui(): ThreadFrame {
    if (this.#frame) return this.#frame;
    const frame = new ThreadFrame({
      jump: () => this.#jumpToComposer(),
      sort: (order) => {
        chooseSort((this.#chosen = order));
        // The attribute may already say so (the order shown was a choice made elsewhere).
        this.sort = order;
        this.#read();
        this.requestUpdate();
      },
      retry: () => this.#thread.reload(),
      arrivals: () => this.#thread.live?.reveal(''),
      more: () => void this.#thread.loadMore(),
      warm: () => void this.#host.write(),
    });
    const { base } = frame;
    base.addEventListener('click', this.#router.click);
    base.addEventListener('pointerdown', this.#router.warm);
    base.addEventListener('focusin', this.#router.warm);
    base.addEventListener('ct-submit', (event) => this.#onSubmit(event as CommentSubmitEvent));
    base.addEventListener('ct-cancel', (event) => this.#router.cancel(event as FormCancelEvent));
    // j and k move between comments (`reader/keyboard.ts`); not while typing, nor with a modifier.
    base.addEventListener('keydown', (event) => {
      const by = event.key === 'j' ? 1 : event.key === 'k' ? -1 : 0;
      const from = event.composedPath()[0] as HTMLElement;
      if (!by || event.altKey || event.ctrlKey || event.metaKey || from.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(from.tagName)) return;
      event.preventDefault();
      void this.#host.reader().then((reader) => reader.step(this.renderRoot as ShadowRoot, by));
    });
    return (this.#frame = frame);
  }

  override connectedCallback(): void {
    this.#chosen = chosenSort();
    // loading="lazy": nothing is read or shown until the element comes near the view (unless
    // the page address names a comment, which must be found at once).
    if (this.loading === 'lazy' && !this.#near && typeof IntersectionObserver === 'function' && !location.hash.startsWith(`#${COMMENT_ID_PREFIX}`)) {
      this.#watch = new IntersectionObserver(
        (entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return;
          this.#watch?.disconnect();
          this.#near = true;
          this.#read();
          this.requestUpdate();
        },
        { rootMargin: '800px' },
      );
      this.#watch.observe(this);
    } else {
      this.#near = true;
      // The read starts first: the list request leaves as the element connects, before its
      // DOM is made, its styles are adopted and its first update renders.
      this.#read();
    }
    super.connectedCallback();
    adoptIdenticons(this.renderRoot as ShadowRoot);
    const { base } = this.#ui();
    // In place of the elements a server render left in the shadow root (`ssr.ts`), if any.
    if (!base.isConnected) sync(this.renderRoot, [base]);
    // Browsers without the platform sanitizer load DOMPurify, while the adapter loads.
    if (!sanitizerReady()) void prepareSanitizer().then(() => this.requestUpdate());
    // Meanwhile, too, the formatters the first render needs: a page's first use of Intl loads
    // the locale's data (some 15-25 ms), which then need not delay the first comments.
    setTimeout(() => {
      const { locale, strings } = this.#localize;
      const now = new Date();
      strings.commentCount(2, locale);
      relativeTime(now, now, locale);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#watch?.disconnect();
  }

  /** Not before the element has come near the view, with `loading="lazy"`. */
  protected override shouldUpdate(): boolean {
    return this.#near;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('adapter') || changed.has('src') || changed.has('threadId')) {
      this.#states.clear();
      this.#restored = '';
      this.#progressive.reset();
      this.#markdown.reset();
    }
    if (changed.has('adapter') || changed.has('src') || changed.has('threadId') || changed.has('sort') || changed.has('pageSize')) this.#read();
  }

  /**
   * Looks at the background behind the element again and takes the colour scheme it calls for.
   * The element does so by itself when it connects, when `prefers-color-scheme` changes and when
   * an attribute of `<html>` or `<body>` changes; call this after a theme switch made elsewhere
   * (a class on a wrapper, a stylesheet swapped in).
   */
  checkScheme(): void {
    this.#scheme.check();
  }

  /** Points the thread's reading at the current settings (it reads again only if they changed what to read). */
  #read(): void {
    // The sub-threads the reader collapsed in this thread earlier in the session.
    if (this.#restored !== (this.#restored = this.#effectiveThreadId)) restoreCollapsed(this.#host);
    this.#thread.setSource({
      adapter: this.#currentAdapter,
      threadId: this.#effectiveThreadId,
      sort: this.#order,
      pageSize: this.pageSize,
    });
  }

  protected override updated(): void {
    if (!this.#shown) return;
    void this.#trees.prepare();
    this.#writePath.watch(this.renderRoot.querySelector('#composer'));
    if (this.#progressive.complete) this.#writePath.whenIdle();
  }

  /**
   * Resolves when the element has rendered everything, including the later steps of a long
   * thread (see {@link ProgressiveController}), not just its latest update.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    await this.#thread.restLoaded;
    const result = await super.getUpdateComplete();
    if (this.#progressive.complete) return result;
    await this.#progressive.whenComplete();
    return super.getUpdateComplete();
  }

  /**
   * The order shown: the reader's choice on this site, else {@link sort}, each only where it
   * can be shown (`top` needs an adapter that votes); else `oldest`.
   */
  get #order(): SortOrder {
    const top = this.#offersTop;
    return [this.#chosen, this.sort].find((order) => order === 'newest' || order === 'oldest' || (order === 'top' && top)) ?? 'oldest';
  }

  /** Whether the order by score is offered: an adapter that votes, and votes shown. */
  get #offersTop(): boolean {
    return this.#currentAdapter.capabilities.vote && this.votes !== 'off';
  }

  get #currentAdapter(): StorageAdapter {
    return this.#adapters.for(this.adapter, this.src);
  }

  get #effectiveThreadId(): string {
    return this.threadId || defaultThreadId(this.ownerDocument);
  }

  #article(id: string): HTMLElement | null {
    return (this.renderRoot as ShadowRoot).getElementById(`${COMMENT_ID_PREFIX}${id}`);
  }

  /** What the actions may use of the element; the write path loads its strings and the adapter's writing half. */
  #actionHost(): ActionHost {
    const element = this;
    const localize = this.#localize;
    const write = () => {
      (this.#currentAdapter as { warm?: () => void }).warm?.();
      return this.#writePath.load();
    };
    let reading: Promise<ReaderModule> | null = null;
    const reader = (): Promise<ReaderModule> =>
      (reading ??= import('../../reader/reader.js').then(
        (module) => {
          for (const action of ACTIONS) Object.assign(action, module.readerBehaviours[action.name]);
          return module;
        },
        (error: unknown) => {
          reading = null;
          throw error;
        },
      ));
    return {
      element,
      reader,
      thread: this.#thread,
      states: this.#states,
      focus: this.#focusing,
      announcer: this.#announcer,
      write,
      get threadId() {
        return element.#effectiveThreadId;
      },
      get writeLoaded() {
        return element.#writePath.loaded !== null;
      },
      get strings() {
        return localize.all as CommentThreadStrings;
      },
      get locale() {
        return localize.locale;
      },
      article: (id) => this.#article(id),
      reveal: (gate) => this.#thread.live?.reveal(gate),
      errorText: (error) => {
        const adapterError = AdapterError.from(error);
        return adapterError.message || localize.all.errors?.[adapterError.code] || '';
      },
      post: async (input) => {
        const saved = await (await write()).post(this.#thread, input);
        // Once: as posted, or as held for a moderator.
        const t = this.#host.strings;
        this.#announcer.announce(saved.status === 'pending' ? t.postedHeld : t.posted);
        return saved;
      },
    };
  }

  /** The context every comment renders in: a new one (rebuilding every comment) only when the strings, locale, date format, votes or closing change. */
  #renderContext(): RenderContext {
    const { strings, locale } = this.#localize;
    const { dateFormat } = this;
    const votes = !this.#currentAdapter.capabilities.vote || this.votes === 'off' ? 'off' : this.votes === 'up-down' ? 'up-down' : 'up';
    const { closed } = this.#thread;
    const kept = this.#context;
    if (!kept || kept.strings !== strings || kept.locale !== locale || kept.dateFormat !== dateFormat || kept.votes !== votes || kept.closed !== closed) {
      return (this.#context = {
        votes,
        closed,
        host: this.#host,
        actions: ACTIONS,
        strings,
        locale,
        dateFormat,
        isPending: (id) => this.#thread.isPending(id),
        // Only a Date in the future: an adapter without `editableUntil`, or that answers anything else, offers nothing.
        canModify: (comment: Comment) => {
          try {
            return this.#currentAdapter.editableUntil!(this.#effectiveThreadId, comment.id)!.getTime() > Date.now();
          } catch {
            return false;
          }
        },
      });
    }
    return kept;
  }

  #onSubmit(event: CommentSubmitEvent): void {
    if (!this.#router.submit(event) && event.input) event.respondWith(this.#host.post(event.input));
  }

  /**
   * The adapter's calls about the visitor's own data, by name: "Your comments on this site"
   * (`components/your-data/`) downloads or deletes it (the thread hears the deletions as live
   * changes), the form asks whether it may offer mail about replies.
   */
  readonly #yourData = ((method) => this.#currentAdapter[method]!()) as YourDataAction;

  /** Brings the "Leave a reply" form into view and focus, past a long thread. */
  #jumpToComposer(): void {
    void this.#focusing.after(async () => {
      await this.#host.write();
      const form = this.renderRoot.querySelector<HTMLElement>('#composer comment-thread-form');
      form?.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'instant' : 'auto' });
      return form;
    });
  }

  /** The thread's comment count: while pages are still unread, the adapter's total if it gave one. */
  /** "12 comments", and " · 2 mentions" when there are pingbacks, trackbacks or webmentions. */
  #heading(thread: Thread): string {
    const { strings: t, locale } = this.#localize;
    const total = this.#thread.hasMore ? this.#thread.total : null;
    const comments = t.commentCount(total === null ? thread.count : Math.max(total, thread.count), locale);
    const mentions = Math.max(thread.mentions.length, this.#thread.mentions);
    return mentions ? `${comments} · ${t.mentionCount(mentions, locale)}` : comments;
  }

  /** What the thread area shows: a state, or the comments rendered so far. */
  #content(thread: Thread): 'loading' | 'error' | 'empty' | HTMLElement {
    const { status } = this.#thread;
    // Until DOMPurify has loaded, in browsers without the platform sanitizer, and the Markdown
    // renderer, when a comment came without its HTML.
    if (status !== 'ready' || !sanitizerReady() || !this.#markdown.mayRender(this.#thread.comments, this.#thread.revision)) {
      return status === 'error' ? 'error' : 'loading';
    }
    if (thread.roots.length === 0) return 'empty';
    return this.#list.render({ thread, shown: this.#progressive.take(thread.sizes), states: this.#states.all, context: this.#renderContext() });
  }

  /** Renders: the frame around the comments, and the comments through the engine. */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const t = this.#localize.strings;
    const locale = this.#localize.locale;
    const { error, warnings, hasMore, loadingRest, loadingMore, closed } = this.#thread;
    const order = this.#order;
    const thread = this.#trees.get(this.#thread, { sort: order, maxDepth: this.maxDepth });
    // Where the reader is, before anything above them changes (the comments render here): once
    // changes from elsewhere are heard, as they come with the live changes' module.
    const place = this.#shown && this.#live ? this.#live.holdPlace(this) : null;
    const content = this.#content(thread);
    // Read, and shown: what comes with the comments (and the write path) waits for them.
    const ready = (this.#shown = content !== 'loading' && content !== 'error');
    const persistence = this.#currentAdapter.capabilities.persistence;
    this.#ui().render({
      strings: t,
      locale,
      heading: ready ? this.#heading(thread) : t.heading,
      jump: ready && thread.roots.length > 0 && !closed,
      sort: ready && thread.roots.length > 1 ? { value: order, top: this.#offersTop } : null,
      feed: ready ? (this.#currentAdapter.feed?.(this.#effectiveThreadId) ?? null) : null,
      notice: persistence === 'browser' ? t.storedInBrowser : persistence === 'memory' ? t.storedInMemory : '',
      warning: warnings.length > 0,
      content,
      // Every adapter error has a message; the strings of `errors` come with the write path.
      error: error?.message || (error && this.#localize.all.errors?.[error.code]) || '',
      more: ready && hasMore && !loadingRest ? (loadingMore ? 'disabled' : 'enabled') : 'hidden',
      remaining: this.#thread.total === null ? null : Math.max(0, this.#thread.total - thread.count),
      arrivals: ready ? (this.#thread.live?.gates.get('') ?? 0) : 0,
      mentions: ready ? this.#mentions.section(thread.mentions, this.#renderContext()) : null,
      // Not while loading, nor in the first frame of a long thread: the form sits below the
      // thread, and leaving it out lets the first comments be painted sooner.
      closed: ready && closed,
      composer:
        ready && !closed && this.#progressive.pastFirstScreen
          ? { threadId: this.#effectiveThreadId, parentId: null, strings: this.#localize.all, locale, yourData: persistence === 'server' && this.#currentAdapter.exportMine ? this.#yourData : null }
          : null,
      announcement: this.#announcer.message,
    });
    place?.();
  }
}
