import { LitElement, html, nothing, type PropertyDeclarations } from 'lit';
import { AdapterError, type StorageAdapter } from '../../adapters/storage-adapter.js';
import { en, type CommentThreadStrings } from '../../i18n/en.js';
import { sharedStyles } from '../shared.styles.js';
import { yourDataStyles } from './your-data.styles.js';

/** The adapter's calls about the visitor's own data, which the thread lends its forms. */
export type VisitorMethod = 'exportMine' | 'removeMine' | 'offersMail';

/**
 * What the section (and the form) ask of the thread's adapter, by the name of its method: the
 * visitor's data, that all of it be deleted, whether it can e-mail them of replies. It throws
 * where the adapter has no such method (`offersMail` is optional even for a server's).
 */
export type YourDataAction = <M extends VisitorMethod>(method: M) => ReturnType<NonNullable<StorageAdapter[M]>>;

/**
 * What "Your comments on this site" holds, under the thread's form (the form draws its `<details>`), where the adapter keeps what visitors
 * post on a server (`exportMine`, `removeMine`): a visitor downloads everything they posted and
 * voted from this browser as JSON, or deletes all of it after a confirmation. Comments with
 * replies stay as placeholders. A chunk of its own (`comment-thread.your-data-HASH.js`), which the
 * form loads when a visitor opens the section: importing it registers the element.
 *
 * @tag comment-thread-your-data
 *
 * @csspart export-button - Prepares the download.
 * @csspart file-link - The prepared file (`my-comments.json`), a download link.
 * @csspart erase-button - Asks to delete everything.
 * @csspart erase-confirm-button - Deletes everything, once asked.
 * @csspart erase-keep-button - Keeps it; takes the focus when the question appears.
 * @csspart your-data-status - What was done, or why it failed (a live region).
 */
export class CommentYourData extends LitElement {
  static override styles = [sharedStyles, yourDataStyles];

  static override properties: PropertyDeclarations = {
    run: { attribute: false },
    strings: { attribute: false },
    locale: { attribute: false },
    step: { state: true },
    status: { state: true },
    file: { state: true },
  };

  /** Asks the thread (set by the form); null: the section shows nothing. */
  run: YourDataAction | null = null;
  /** The strings to show (the form's, over English). */
  strings: CommentThreadStrings = en;
  locale = '';

  /** `idle`, `confirm` (the question is asked) or `busy`. */
  private step: 'idle' | 'confirm' | 'busy' = 'idle';
  /** What the live region says. */
  private status = '';
  /** The prepared download: its address (a `blob:` URL) and its label. */
  private file: { href: string; label: string } | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.file) URL.revokeObjectURL(this.file.href);
    this.file = null;
  }

  private async prepare(): Promise<void> {
    const t = this.strings;
    this.step = 'busy';
    this.status = '';
    try {
      const data = await this.run!('exportMine');
      if (this.file) URL.revokeObjectURL(this.file.href);
      const href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      this.file = { href, label: t.yourDataFile(data.comments.length, data.votes.length, this.locale) };
      this.step = 'idle';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="file-link"]')?.focus();
    } catch (error) {
      this.failed(error);
    }
  }

  private async ask(): Promise<void> {
    this.step = 'confirm';
    this.status = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="erase-keep-button"]')?.focus();
  }

  private async keep(): Promise<void> {
    this.step = 'idle';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="erase-button"]')?.focus();
  }

  private async erase(): Promise<void> {
    this.step = 'busy';
    try {
      const done = await this.run!('removeMine');
      this.status = this.strings.yourDataErased(done.removed, done.placeholders, done.votesWithdrawn, this.locale);
      this.step = 'idle';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="erase-button"]')?.focus();
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    const failure = AdapterError.from(error);
    this.status = `${this.strings.yourDataFailed} ${failure.message || this.strings.errors[failure.code]}`;
    this.step = 'idle';
  }

  override render() {
    if (!this.run) return nothing;
    const t = this.strings;
    const busy = this.step === 'busy';
    return html`
      <div class="content">
        <p>${t.yourDataHelp}</p>
        <div class="row">
          <button type="button" part="export-button" class="secondary" aria-disabled=${busy ? 'true' : 'false'} @click=${() => busy || this.prepare()}>${t.yourDataExport}</button>
          ${this.file ? html`<a part="file-link" href=${this.file.href} download="my-comments.json">${this.file.label}</a>` : nothing}
        </div>
        ${this.step === 'confirm'
          ? html`<div class="row" role="group" aria-label=${t.yourDataConfirm}>
              <p>${t.yourDataConfirm}</p>
              <button type="button" part="erase-confirm-button" class="secondary danger" @click=${this.erase}>${t.yourDataConfirmButton}</button>
              <button type="button" part="erase-keep-button" class="secondary" @click=${this.keep}>${t.yourDataKeep}</button>
            </div>`
          : html`<button type="button" part="erase-button" class="link danger" aria-disabled=${busy ? 'true' : 'false'} @click=${() => busy || this.ask()}>${t.yourDataErase}</button>`}
        <p part="your-data-status" role="status">${this.status}</p>
      </div>
    `;
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('comment-thread-your-data')) {
  customElements.define('comment-thread-your-data', CommentYourData);
}
