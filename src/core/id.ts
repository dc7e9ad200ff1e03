/**
 * A random, URL-safe id. Uses `crypto.randomUUID` where the page is a secure context and
 * `crypto.getRandomValues` elsewhere (a plain-http intranet page), never `Math.random`.
 */
export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
