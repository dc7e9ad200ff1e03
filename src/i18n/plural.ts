const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

function get<T>(cache: Map<string, T>, locale: string, make: (l: string) => T): T {
  let value = cache.get(locale);
  if (!value) {
    value = make(locale);
    cache.set(locale, value);
  }
  return value;
}

/** One message per plural category of a language; `other` is required. `#` is the number. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * Picks the form for `count` by the language's plural rules (`Intl.PluralRules`) and puts
 * the localized number in place of `#`: `plural('en', 12, { one: '# comment', other: '# comments' })`.
 */
export function plural(locale: string, count: number, forms: PluralForms): string {
  const category = get(rules, locale, (l) => new Intl.PluralRules(l)).select(count);
  const form = forms[category] ?? forms.other;
  return form.replace('#', get(numbers, locale, (l) => new Intl.NumberFormat(l)).format(count));
}
