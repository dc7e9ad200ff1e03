import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { enRead, type ReadStrings } from '../i18n/en-read.js';
import type { CommentThreadStrings, WriteStrings } from '../i18n/en.js';

/** Strings a page may override: any subset, with `errors` merged key by key. */
export type StringOverrides = Partial<Omit<CommentThreadStrings, 'errors'>> & {
  errors?: Partial<CommentThreadStrings['errors']>;
};

/**
 * Resolves the host's language (its own or nearest ancestor's `lang`, else the document's)
 * and its strings: English overlaid with the page's overrides, recomputed only when the
 * overrides change. English for the forms and writing (`en-write.ts`) comes with the write
 * path; until it is given ({@link useWriteStrings}) only the read path's strings are sure to be
 * there, which is all that renders before.
 */
export class LocalizeController implements ReactiveController {
  /** BCP 47 tag for `Intl`, or '' for the browser's default. */
  locale = '';
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #overrides: () => StringOverrides | undefined;
  #write: WriteStrings | null = null;
  #read: { overrides: StringOverrides | undefined; strings: ReadStrings } | null = null;
  #whole: { read: ReadStrings; write: WriteStrings | null; strings: ReadStrings & Partial<WriteStrings> } | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, overrides: () => StringOverrides | undefined) {
    this.#host = host;
    this.#overrides = overrides;
    host.addController(this);
  }

  hostConnected(): void {
    this.locale = this.#host.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang ?? '';
  }

  hostUpdate(): void {
    this.hostConnected();
  }

  /** Adds the write path's English strings under the overrides. */
  useWriteStrings(strings: WriteStrings): void {
    this.#write = strings;
    this.#host.requestUpdate();
  }

  /**
   * The read path's strings: English with the page's overrides. The same object until the
   * overrides change (the write path arriving does not change it: comments are not rebuilt).
   */
  get strings(): ReadStrings {
    const overrides = this.#overrides();
    if (!this.#read || this.#read.overrides !== overrides) {
      this.#read = { overrides, strings: { ...enRead, ...overrides } as ReadStrings };
    }
    return this.#read.strings;
  }

  /** Every string: the read path's, and the write path's once it has loaded. */
  get all(): ReadStrings & Partial<WriteStrings> {
    const read = this.strings;
    if (!this.#whole || this.#whole.read !== read || this.#whole.write !== this.#write) {
      const overrides = this.#overrides();
      const errors = this.#write && { ...this.#write.errors, ...overrides?.errors };
      this.#whole = { read, write: this.#write, strings: { ...read, ...this.#write, ...overrides, ...(errors && { errors }) } as ReadStrings & Partial<WriteStrings> };
    }
    return this.#whole.strings;
  }
}
