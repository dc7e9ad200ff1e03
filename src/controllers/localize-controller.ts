import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type CommentThreadStrings } from '../i18n/en.js';

/** Strings a page may override: any subset, with `errors` merged key by key. */
export type StringOverrides = Partial<Omit<CommentThreadStrings, 'errors'>> & {
  errors?: Partial<CommentThreadStrings['errors']>;
};

/**
 * Resolves the host's language (its own or nearest ancestor's `lang`, else the document's)
 * and its strings (English overlaid with the page's overrides), recomputed only when the
 * overrides object changes.
 */
export class LocalizeController implements ReactiveController {
  /** BCP 47 tag for `Intl`, or '' for the browser's default. */
  locale = '';
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly overrides: () => StringOverrides | undefined;
  private lastOverrides: StringOverrides | undefined;
  private merged: CommentThreadStrings = en;

  constructor(host: ReactiveControllerHost & HTMLElement, overrides: () => StringOverrides | undefined) {
    this.host = host;
    this.overrides = overrides;
    host.addController(this);
  }

  hostConnected(): void {
    this.locale = this.host.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang ?? '';
  }

  hostUpdate(): void {
    this.hostConnected();
  }

  /** The strings to render with. */
  get strings(): CommentThreadStrings {
    const overrides = this.overrides();
    if (overrides !== this.lastOverrides) {
      this.lastOverrides = overrides;
      this.merged = overrides ? { ...en, ...overrides, errors: { ...en.errors, ...overrides.errors } } : en;
    }
    return this.merged;
  }
}
