import { intlCached } from '../core/intl.js';

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

/** One message per plural category of a language; `other` is required. `#` is the number. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * Picks the form for `count` by the language's plural rules (`Intl.PluralRules`) and puts
 * the localized number in place of `#`: `plural('en', 12, { one: '# comment', other: '# comments' })`.
 */
export function plural(locale: string, count: number, forms: PluralForms): string {
  const category = intlCached(rules, locale, (l) => new Intl.PluralRules(l)).select(count);
  const form = forms[category] ?? forms.other;
  return form.replace('#', formatNumber(locale, count));
}

/** A number in the locale's format: `formatNumber('en', 5000)` is "5,000". */
export function formatNumber(locale: string, value: number): string {
  return intlCached(numbers, locale, (l) => new Intl.NumberFormat(l)).format(value);
}
