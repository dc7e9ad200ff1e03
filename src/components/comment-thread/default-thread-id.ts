/**
 * The thread id a `<comment-thread>` without `thread-id` uses: the path of the page's canonical
 * URL (`<link rel="canonical">`) when it has one, so `/post?utm=x` and `/post` share a thread,
 * else `location.pathname`.
 */
export function defaultThreadId(doc: Document = document): string {
  const canonical = doc.querySelector<HTMLLinkElement>('link[rel~="canonical"][href]');
  if (canonical) {
    try {
      return new URL(canonical.getAttribute('href')!, doc.baseURI).pathname;
    } catch {
      // An unparseable canonical URL: fall back to the address of the page itself.
    }
  }
  return doc.location?.pathname || '/';
}
