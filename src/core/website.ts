/**
 * Turns what a visitor typed as a website into an absolute http(s) URL, or returns `null` when
 * it cannot be one. A bare host (`example.com`) gets `https://`; any other scheme is refused.
 * An empty input returns `''`.
 */
export function normalizeWebsite(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === '') return '';
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') return null;
  if (url.username || url.password) return null;
  return url.href;
}
