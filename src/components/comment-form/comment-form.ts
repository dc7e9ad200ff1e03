import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { AdapterError, type NewComment } from '../../adapters/storage-adapter.js';
import { randomId } from '../../core/id.js';
import { LIMITS } from '../../core/limits.js';
import { prepareSanitizer, renderBodyFragment } from '../../core/sanitize.js';
import { normalizeWebsite } from '../../core/website.js';
import { CommentSubmitEvent, FormCancelEvent } from '../../events/comment-submit-event.js';
import { en, type CommentThreadStrings } from '../../i18n/en.js';
import { sharedStyles } from '../shared.styles.js';
import { formStyles } from './comment-form.styles.js';
import { loadDraft, loadIdentity, saveDraft, saveIdentity, type Idempotency } from './form-storage.js';
import type { YourDataAction } from '../your-data/your-data.js';

type Field = 'name' | 'website' | 'email' | 'body';

/** Parts of "Your comments on this site" (`your-data.ts`), passed on. */
const YOUR_DATA_PARTS = 'your-data, export-button, file-link, erase-button, erase-confirm-button, erase-keep-button, your-data-status';

/** Parts of the form, re-exported (`exportparts`) so a page can style them with `::part()`. */
const FORM_PARTS =
  'form, field, label, tabs, tab, selected-tab, preview, input, textarea, hint, counter, field-error, form-error, retry-button, remember, notify, form-actions, submit-button, cancel-button, ' +
  YOUR_DATA_PARTS;

/** The form's field for the `field` of an adapter's `invalid` error. */
const FIELD_OF: Record<string, Field> = { 'author.name': 'name', 'author.website': 'website', 'author.email': 'email', body: 'body' };

/** The name of the field only bots fill in (see `renderHoneypot`). */
const HONEYPOT = 'homepage';

/** What the form is for: a new comment, an inline reply, or editing a comment's body. */
export type FormMode = 'comment' | 'reply' | 'edit';

/**
 * The form for a new comment, a reply or an edit, used inside `<comment-thread>`: name,
 * optional website, Markdown body with a character counter and a line of formatting help,
 * inline validation, Ctrl/Cmd+Enter to post. Write and Preview tabs (the WAI-ARIA tabs pattern:
 * arrow keys, Home, End) show the body as the thread will, through the thread's own Markdown
 * renderer and sanitizer; a post goes out from either tab, and a posted form is back on Write.
 * In `edit` mode it is the body alone, with Save and Cancel. Keeps an unsent draft per
 * thread and parent in `localStorage` until the post succeeds, and, if the visitor agrees,
 * their name and website for next time. It does not write by itself: it asks its thread with
 * an internal `ct-submit` event and shows the outcome; a failed post keeps the text and offers
 * a retry with the same idempotency key. Escape or Cancel (inline forms) fires `ct-cancel`.
 *
 * Registered by the write path (`write/write-path.ts`), which `<comment-thread>` loads when a
 * visitor starts to write.
 *
 * @summary Reply and new-comment form of `<comment-thread>`.
 * @tag comment-thread-form
 *
 * @csspart form - The `<form>`.
 * @csspart field - A label with its control and messages.
 * @csspart label - A field's label text.
 * @csspart tabs - The Write and Preview tabs' row (`role="tablist"`).
 * @csspart tab - The Write tab and the Preview tab.
 * @csspart selected-tab - The tab shown (also a `tab`).
 * @csspart preview - The Preview tab's panel: the body rendered as it will be posted.
 * @csspart input - The name and website inputs.
 * @csspart textarea - The comment body.
 * @csspart hint - The formatting help (Markdown samples) and the keyboard shortcut hint.
 * @csspart counter - The character counter.
 * @csspart field-error - A field's validation message.
 * @csspart form-error - The message shown when posting failed, with its retry button.
 * @csspart retry-button - Retries a failed post.
 * @csspart remember - The "remember me" checkbox and its label.
 * @csspart notify - "E-mail me when someone replies", with its checkbox (where the adapter sends mail).
 * @csspart form-actions - The row of buttons.
 * @csspart submit-button - Posts the comment.
 * @csspart cancel-button - Closes an inline reply form or the editor.
 * @csspart your-data - "Your comments on this site", under the thread's form (also `export-button`, `file-link`, `erase-button`, `erase-confirm-button`, `erase-keep-button`, `your-data-status`): see `<comment-thread-your-data>`.
 */
export class CommentForm extends LitElement {
  static override styles = [sharedStyles, formStyles];

  /**
   * Reactive properties and state (declared here rather than with decorators: smaller output;
   * a `state` has no attribute, as Lit sees to).
   */
  static override properties: PropertyDeclarations = {
    threadId: { attribute: 'thread-id' },
    parentId: { attribute: false },
    mode: { reflect: true },
    initialBody: { attribute: false },
    replyToName: { attribute: false },
    strings: { attribute: false },
    locale: { attribute: false },
    maxLength: { type: Number, attribute: 'max-length' },
    yourData: { attribute: false },
    name: { state: true },
    website: { state: true },
    email: { state: true },
    notify: { state: true },
    mail: { state: true },
    body: { state: true },
    remember: { state: true },
    errors: { state: true },
    submitting: { state: true },
    failure: { state: true },
    draftRestored: { state: true },
    previewing: { state: true },
  };

  /** The thread the comment goes to. */
  threadId = '';
  /** The comment being answered, or `null` for a top-level comment. */
  parentId: string | null = null;
  /**
   * `comment` (default), `reply` (inline: Cancel, closes on Escape) or `edit` (the body alone,
   * starting from {@link initialBody}; Save and Cancel).
   */
  mode: FormMode = 'comment';
  /** In `edit` mode, the text the editor starts from. */
  initialBody = '';
  /** Name of the author being answered, for the field's accessible label. */
  replyToName = '';
  /**
   * The strings to show (the thread passes its resolved ones); English fills in any that are
   * missing, so a form upgraded before its thread has the write path's strings still renders.
   */
  strings: Partial<CommentThreadStrings> = en;
  /** Locale for numbers and plurals. */
  locale = '';
  /** Longest body accepted. */
  maxLength: number = LIMITS.bodyMax;
  /**
   * What "Your comments on this site" asks of the thread, under a top-level form whose adapter
   * keeps visitors' comments on a server; null (default): no such section.
   */
  yourData: YourDataAction | null = null;

  private name = '';
  private website = '';
  /** The address for mail about replies (offered only where {@link mail}), and whether they want it. */
  private email = '';
  private notify = false;
  /** The adapter e-mails commenters of replies (asked through {@link yourData}): the form offers it. */
  private mail = false;
  private body = '';
  /** Opt-in: checked only once the visitor asked for it (and then on later visits). */
  private remember = false;
  private errors: Partial<Record<Field, string>> = {};
  private submitting = false;
  private failure: AdapterError | null = null;
  private draftRestored = false;
  /** The Preview tab is shown (else Write). */
  private previewing = false;
  /** What the preview panel holds: '' (nothing), the body it rendered, or NUL and the "nothing to preview" text. */
  private shown = '';

  /** {@link strings} over English. */
  private t: CommentThreadStrings = en;

  /**
   * Reused while the same text is retried, so a server stores a retried post only once; kept
   * with the draft, so this holds after a reload too.
   */
  private idempotency: Idempotency | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Its parts reach the page through the thread's shadow root: `::part(submit-button)`.
    if (!this.hasAttribute('exportparts')) this.setAttribute('exportparts', FORM_PARTS);
    const identity = loadIdentity();
    if (identity) {
      this.name = identity.name;
      this.website = identity.website;
      this.remember = true;
    }
  }

  /** An inline form: Cancel, and Escape closes it. */
  private get inline(): boolean {
    return this.mode !== 'comment';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('strings')) this.t = { ...en, ...this.strings, errors: { ...en.errors, ...this.strings.errors } };
    if (changed.has('yourData')) {
      const asked = this.yourData;
      this.mail = false;
      // (An adapter without `offersMail` throws: no mail.)
      new Promise<boolean>((resolve) => resolve(asked?.('offersMail') ?? false)).then((offered) => this.yourData === asked && (this.mail = offered === true), () => {});
    }
    if (this.mode === 'edit') {
      if (changed.has('initialBody')) this.body = this.initialBody;
      return;
    }
    if ((changed.has('threadId') || changed.has('parentId')) && this.threadId) {
      ({ body: this.body, idempotency: this.idempotency } = loadDraft(this.threadId, this.parentId));
      this.draftRestored = this.body !== '';
      this.failure = null;
      this.errors = {};
    }
  }

  /** Moves focus to the comment body. */
  override focus(options?: FocusOptions): void {
    this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus(options));
  }

  private onInput(event: Event): void {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement;
    const field = target.name as Field;
    this[field] = target.value;
    if (field === 'body' && this.mode !== 'edit') {
      saveDraft(this.threadId, this.parentId, target.value, this.idempotency);
      this.draftRestored = false;
    }
    // Revalidate a field that shows an error as the visitor fixes it; length also while typing.
    if (this.errors[field] || (field === 'body' && target.value.length > this.maxLength)) {
      this.errors = { ...this.errors, [field]: this.check(field) };
    }
  }

  /**
   * Shows Preview or Write, then focuses `selector`: the tab chosen (which keeps the focus, as
   * the tabs pattern says), or a field.
   */
  private async show(preview: boolean, selector = `#${preview ? 'preview' : 'write'}-tab`): Promise<void> {
    // In a browser without the Sanitizer API, the preview waits for DOMPurify as the thread does.
    await prepareSanitizer();
    this.previewing = preview;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Left and Right move to the other tab (of two, wrapping), Home to Write, End to Preview. */
  private onTabKey(event: KeyboardEvent): void {
    const to = ({ ArrowLeft: !this.previewing, ArrowRight: !this.previewing, Home: false, End: true } as Record<string, boolean>)[event.key];
    if (to === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    void this.show(to);
  }

  /** Focuses a field; the body on Write. */
  private focusField(field: Field): Promise<void> {
    return this.show(field !== 'body' && this.previewing, `[name="${field}"]`);
  }

  private onWebsiteBlur(): void {
    this.errors = { ...this.errors, website: this.check('website') };
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.submit();
    } else if (event.key === 'Escape' && this.inline) {
      event.preventDefault();
      this.dispatchEvent(new FormCancelEvent());
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.submit();
  }

  private onCancel(): void {
    this.dispatchEvent(new FormCancelEvent());
  }

  /** The message for one field's problem, or `undefined` when it is fine. */
  private check(field: Field): string | undefined {
    const t = this.t;
    if (field === 'body') {
      if (this.body.trim() === '') return this.mode === 'edit' ? t.bodyEmptyEdit : t.bodyEmpty;
      if (this.body.length > this.maxLength) return t.bodyTooLong(this.body.length - this.maxLength, this.locale);
    } else if (field === 'name') {
      if (this.name.trim().length > LIMITS.nameMax) return t.nameTooLong(LIMITS.nameMax);
    } else if (field === 'email') {
      // Loosely, as the server checks it: one @ with something on each side, no spaces.
      const email = this.email.trim();
      if (email) return /^[^@\s]+@[^@\s]+$/.test(email) && email.length < 255 ? undefined : t.emailInvalid;
      if (this.notify) return t.emailNeeded;
    } else if (normalizeWebsite(this.website) === null || this.website.trim().length > LIMITS.websiteMax) {
      return t.websiteInvalid;
    }
    return undefined;
  }

  /** Validates, then asks the thread to post; keeps everything typed if that fails. */
  async submit(): Promise<void> {
    if (this.submitting) return;
    const editing = this.mode === 'edit';
    const fields: Field[] = editing ? ['body'] : this.mail ? ['name', 'website', 'email', 'body'] : ['name', 'website', 'body'];
    const errors: Partial<Record<Field, string>> = {};
    for (const field of fields) {
      // What the fields hold now, also where something filled them without an input event.
      const control = this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${field}"]`);
      if (control) this[field] = control.value;
      const message = this.check(field);
      if (message) errors[field] = message;
    }
    this.errors = errors;
    const firstInvalid = fields.find((f) => errors[f]);
    if (firstInvalid) return this.focusField(firstInvalid);

    const website = normalizeWebsite(this.website) ?? '';
    const email = this.mail ? this.email.trim() : '';
    const notify = this.mail && this.notify;
    const author = { name: this.name.trim(), ...(website ? { website } : {}), ...(email ? { email } : {}) };
    const text = JSON.stringify([author, this.body, notify]);
    if (this.idempotency?.text !== text) this.idempotency = { key: randomId(), text };
    // The key goes with the draft before the post leaves: a reload while it is under way keeps it.
    if (!editing) saveDraft(this.threadId, this.parentId, this.body, this.idempotency);
    const honeypot = this.renderRoot.querySelector<HTMLInputElement>(`[name="${HONEYPOT}"]`)?.value ?? '';
    const input: NewComment = {
      threadId: this.threadId,
      parentId: this.parentId,
      author,
      body: this.body,
      idempotencyKey: this.idempotency.key,
      ...(honeypot ? { honeypot } : {}),
      ...(notify ? { notifyReplies: true } : {}),
    };
    const request = new CommentSubmitEvent(this.body, editing ? null : input);
    this.dispatchEvent(request);
    if (!request.result) return;

    this.submitting = true;
    this.failure = null;
    try {
      await request.result;
      if (editing) return;
      // Back to Write, and from a tab or the preview that had the focus, on to the body.
      if ((this.renderRoot as ShadowRoot).activeElement?.closest('[role=tab],[role=tabpanel]')) void this.focusField('body');
      else this.previewing = false;
      this.body = '';
      this.idempotency = null;
      this.draftRestored = false;
      saveDraft(this.threadId, this.parentId, '');
      if (!this.remember) saveIdentity(null);
      else if (author.name || website) saveIdentity({ name: author.name, website });
      if (website) this.website = website;
    } catch (error) {
      const failure = AdapterError.from(error);
      // The store refused one field (a name that belongs to the site's author, say): the
      // message goes under that field, which takes the focus, as the form's own checks do.
      const field = failure.code === 'invalid' ? FIELD_OF[failure.field ?? ''] : undefined;
      if (field && fields.includes(field)) {
        this.errors = { [field]: failure.message };
        await this.focusField(field);
      } else {
        this.failure = failure;
      }
    } finally {
      this.submitting = false;
    }
    // A failure the alert tells of: its "Try again" takes the focus from the submit button,
    // which was disabled while posting (or from nowhere), never leaving it on the page; a
    // visitor who posted from the body with Ctrl+Enter stays there. The text stays either way.
    if (this.failure && !(this.renderRoot as ShadowRoot).activeElement?.matches('textarea, input')) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="retry-button"]')?.focus();
    }
  }

  private renderError(field: Field) {
    const message = this.errors[field];
    return message ? html`<p id="${field}-error" part="field-error" class="error">${message}</p>` : nothing;
  }

  /**
   * One labelled single-line field: the name, the website (a URL, checked on leaving it), or the
   * e-mail address for mail about replies (with its hint: what it is for).
   */
  private renderInput(field: 'name' | 'website' | 'email', label: string, placeholder: string, hint?: string) {
    const url = field === 'website';
    const type = url ? 'url' : field === 'email' ? 'email' : 'text';
    const describedBy = [hint ? `${field}-hint` : '', this.errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`
      <div part="field" class="field">
        <label for=${field} part="label">${label}</label>
        <input
          id=${field}
          name=${field}
          part="input"
          type=${type}
          dir=${type === 'text' ? 'auto' : 'ltr'}
          inputmode=${url ? 'url' : nothing}
          autocomplete=${url ? 'url' : type === 'email' ? 'email' : 'name'}
          placeholder=${placeholder}
          .value=${this[field]}
          aria-invalid=${this.errors[field] ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          @input=${this.onInput}
          @blur=${url ? this.onWebsiteBlur : undefined}
        />
        ${hint ? html`<p id="${field}-hint" part="hint" class="hint">${hint}</p>` : nothing} ${this.renderError(field)}
      </div>
    `;
  }

  private renderIdentity() {
    const t = this.t;
    return html`<div class="identity">
      ${this.renderInput('name', t.nameLabel, t.namePlaceholder)} ${this.renderInput('website', t.websiteLabel, 'https://')}
      ${this.mail ? this.renderInput('email', t.emailLabel, '', t.emailHint) : nothing}
    </div>
    ${this.mail
      ? html`<label part="notify" class="remember">
          <input type="checkbox" name="notify" .checked=${this.notify} @change=${this.onNotify} />
          ${t.notifyReplies}
        </label>`
      : nothing}
    ${this.renderHoneypot()}`;
  }

  /** The checkbox of mail about replies; an error under the address follows it (it needs one). */
  private onNotify(event: Event): void {
    this.notify = (event.target as HTMLInputElement).checked;
    if (this.errors.email) this.errors = { ...this.errors, email: this.check('email') };
  }

  /**
   * A field people never see or reach (hidden from sight, from assistive technology and from
   * the Tab key) and bots fill in; its value goes with the comment (`NewComment.honeypot`).
   */
  private renderHoneypot() {
    return html`<div class="visually-hidden" aria-hidden="true">
      <label>${this.t.honeypotLabel} <input name=${HONEYPOT} tabindex="-1" autocomplete="off" /></label>
    </div>`;
  }

  /** The Write or the Preview tab: selected, it alone is in the Tab order (roving tabindex). */
  private renderTab(preview: boolean, text: string) {
    const selected = preview === this.previewing;
    const name = preview ? 'preview' : 'write';
    return html`<button
      type="button"
      role="tab"
      id="${name}-tab"
      part=${selected ? 'tab selected-tab' : 'tab'}
      class="tab link"
      aria-selected=${selected}
      aria-controls="${name}-panel"
      tabindex=${selected ? 0 : -1}
      @click=${() => this.show(preview)}
    >
      ${text}
    </button>`;
  }

  private renderBody() {
    const t = this.t;
    const over = this.body.length > this.maxLength;
    const describedBy = ['body-hint', 'body-count', this.errors.body ? 'body-error' : '', this.draftRestored ? 'draft-note' : '']
      .filter(Boolean)
      .join(' ');
    return html`
      <div part="field" class="field">
        <label id="body-label" for="body" part="label">${this.label()}</label>
        <div role="tablist" aria-labelledby="body-label" part="tabs" class="tabs" @keydown=${this.onTabKey}>
          ${this.renderTab(false, t.write)}${this.renderTab(true, t.preview)}
        </div>
        <div role="tabpanel" id="write-panel" aria-labelledby="write-tab" class="field" ?hidden=${this.previewing}>
          <textarea
            id="body"
            name="body"
            part="textarea"
            rows=${this.mode === 'reply' ? 3 : 5}
            dir="auto"
            .value=${this.body}
            aria-invalid=${this.errors.body ? 'true' : 'false'}
            aria-describedby=${describedBy}
            @input=${this.onInput}
          ></textarea>
          <div class="below">
            <p id="body-hint" part="hint" class="hint">
              ${t.bodyHint} ${t.formatSamples.map((sample) => [html`<code>${sample}</code>`, ' '])}${t.codeBlockHint}
            </p>
            <p id="body-count" part="counter" class=${over ? 'counter over' : 'counter'}>
              <span dir="auto">${t.characterCount(this.body.length, this.maxLength, this.locale)}</span>
            </p>
          </div>
        </div>
        <div
          role="tabpanel"
          id="preview-panel"
          aria-labelledby="preview-tab"
          tabindex="0"
          part="preview"
          class="preview body"
          dir="auto"
          ?hidden=${!this.previewing}
        ></div>
        ${this.draftRestored ? html`<p id="draft-note" part="hint" class="hint">${t.draftRestored}</p>` : nothing}
        ${this.renderError('body')}
      </div>
    `;
  }

  /**
   * Fills the preview panel (Lit leaves its children alone): the body through the thread's own
   * Markdown renderer and sanitizer (`renderBodyFragment`: nodes, never an HTML string), or the
   * "nothing to preview" text. Rendered again only when what it shows changes.
   */
  protected override updated(): void {
    const t = this.t;
    const blank = !this.body.trim();
    const shown = this.previewing ? (blank ? `\0${t.previewEmpty}` : this.body) : '';
    if (shown === this.shown) return;
    this.shown = shown;
    const note = document.createElement('p');
    note.className = 'hint';
    note.textContent = t.previewEmpty;
    this.renderRoot.querySelector('#preview-panel')!.replaceChildren(shown && blank ? note : renderBodyFragment({ body: shown }));
  }

  private renderFailure() {
    if (!this.failure) return nothing;
    const t = this.t;
    return html`
      <div part="form-error" class="failure" role="alert">
        <p><strong>${this.mode === 'edit' ? t.editFailed : t.postFailed}</strong> ${this.failure.message || t.errors[this.failure.code]}</p>
        ${!['invalid', 'forbidden', 'closed'].includes(this.failure.code)
          ? html`<button type="button" part="retry-button" class="secondary" @click=${this.submit}>${t.retry}</button>`
          : nothing}
      </div>
    `;
  }

  /** The body field's label for the mode. */
  private label(): string {
    const t = this.t;
    if (this.mode === 'edit') return t.editLabel;
    return this.mode === 'reply' && this.replyToName ? t.replyTo(this.replyToName) : t.bodyLabel;
  }

  /** The submit button's text for the mode and whether a write is under way. */
  private submitLabel(): string {
    const t = this.t;
    if (this.mode === 'edit') return this.submitting ? t.saving : t.save;
    return this.submitting ? t.submitting : this.mode === 'reply' ? t.submitReply : t.submit;
  }

  private renderRemember() {
    return html`<label part="remember" class="remember">
      <input type="checkbox" .checked=${this.remember} @change=${(e: Event) => (this.remember = (e.target as HTMLInputElement).checked)} />
      ${this.t.remember}
    </label>`;
  }

  /**
   * "Your comments on this site": its summary, and inside it the section itself
   * (`<comment-thread-your-data>`), whose code loads when a visitor first opens it.
   */
  private renderYourData() {
    const t = this.t;
    return html`<details part="your-data" class="your-data" @toggle=${(event: Event) => (event.target as HTMLDetailsElement).open && void import('../your-data/your-data.js')}>
      <summary>${t.yourData}</summary>
      <comment-thread-your-data exportparts=${YOUR_DATA_PARTS} .run=${this.yourData} .strings=${t} .locale=${this.locale}></comment-thread-your-data>
    </details>`;
  }

  override render() {
    const t = this.t;
    const editing = this.mode === 'edit';
    return html`
      <form part="form" novalidate @submit=${this.onSubmit} @keydown=${this.onKeydown}>
        ${editing ? nothing : this.renderIdentity()} ${this.renderBody()} ${editing ? nothing : this.renderRemember()}
        ${this.renderFailure()}
        <div part="form-actions" class="actions">
          <button type="submit" part="submit-button" class="primary" aria-disabled=${this.submitting ? 'true' : 'false'}>${this.submitLabel()}</button>
          ${this.inline
            ? html`<button type="button" part="cancel-button" class="secondary" @click=${this.onCancel}>${t.cancel}</button>`
            : nothing}
          <span part="hint" class="hint shortcut" aria-hidden="true">${editing ? t.shortcutSave : t.shortcutHint}</span>
        </div>
      </form>
      ${this.yourData && this.mode === 'comment' ? this.renderYourData() : nothing}
    `;
  }
}
