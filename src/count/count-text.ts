/**
 * What a `<comment-count>` says: "No comments", "1 comment", "11 comments", in the element's
 * language, by that language's plural rules (`Intl.PluralRules`) with the number formatted for
 * it (`Intl.NumberFormat`). A page overrides any label with a `label-*` attribute of the
 * element.
 *
 * It picks the form as `plural()` in `i18n/plural.ts` does, from the same cache of `Intl`
 * objects (`core/intl.ts`), without importing `plural.ts`: with the write path and the
 * mentions' view also reaching it, Rolldown then split `core/intl.ts` out of the bundle into a
 * common chunk the bundle loads first.
 *
 * @module
 */
import { intlCached } from '../core/intl.js';
import type { PluralForms } from '../i18n/plural.js';

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

/**
 * A language's labels. `zero` is said when there are no comments at all (before the plural
 * rules are asked); the others are plural categories (`one`, `other`, and `two`, `few`, `many`
 * where the language has them); `#` is the number. `fallback` shows while the count loads, or
 * when it cannot, if the page put no text of its own inside the element.
 */
export interface CountLabels extends PluralForms {
  zero: string;
  fallback: string;
}

/** Labels by primary language subtag (`de` serves `de-AT` too); English for any other. */
export const COUNT_LABELS: Record<string, CountLabels> = {
  en: { zero: 'No comments', one: '# comment', other: '# comments', fallback: 'Comments' },
  de: { zero: 'Keine Kommentare', one: '# Kommentar', other: '# Kommentare', fallback: 'Kommentare' },
};

/**
 * The language of `el`: its own or its nearest ancestor's `lang`, else the document's, as
 * `<comment-thread>` reads it (`controllers/localize-controller.ts`); '' for the browser's.
 */
export const languageOf = (el: Element): string => el.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang ?? '';

/** The labels for `el`: its language's, each replaced by the element's `label-NAME` attribute when it has one. */
export function labelsOf(el: Element): CountLabels {
  const labels: Record<string, string> = { ...(COUNT_LABELS[languageOf(el).split('-')[0]!.toLowerCase()] ?? COUNT_LABELS['en']) };
  for (const { name, value } of el.attributes) if (name.startsWith('label-')) labels[name.slice(6)] = value;
  return labels as unknown as CountLabels;
}

/** What `el` says for `count` comments: `countText(el, 11)` is "11 comments" in English. */
export function countText(el: Element, count: number): string {
  const locale = languageOf(el);
  const { zero, fallback: _, ...forms } = labelsOf(el);
  const form = count === 0 ? zero : ((forms as PluralForms)[intlCached(rules, locale, (l) => new Intl.PluralRules(l)).select(count)] ?? forms.other);
  return form.replace('#', intlCached(numbers, locale, (l) => new Intl.NumberFormat(l)).format(count));
}
