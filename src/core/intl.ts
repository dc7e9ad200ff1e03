/**
 * Returns the `Intl` formatter for `locale` from `cache`, making it on first use. An empty
 * locale means the browser's default; an invalid language tag (a page's `lang="en_GB"`) falls
 * back to it instead of throwing.
 */
export function intlCached<T>(cache: Map<string, T>, locale: string, make: (locale: string | undefined) => T): T {
  let value = cache.get(locale);
  if (!value) {
    try {
      value = make(locale || undefined);
    } catch {
      value = make(undefined);
    }
    cache.set(locale, value);
  }
  return value;
}
