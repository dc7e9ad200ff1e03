/**
 * The address a request was made at, as the client saw it. Behind reverse proxies the server
 * believes (`--trust-proxy`), that is their forwarded scheme and host (`X-Forwarded-Proto`,
 * `X-Forwarded-Host`): the feeds' own links, and whether a sign-in cookie is `Secure`.
 *
 * @module
 */
import type { Context } from 'hono';

/** The request's URL as the client saw it: through believed proxies, their forwarded scheme and host. */
export function requestedAt(c: Context, behindProxy: boolean): URL {
  const url = new URL(c.req.url);
  if (!behindProxy) return url;
  const first = (name: string): string | undefined => c.req.header(name)?.split(',')[0]?.trim() || undefined;
  const proto = first('x-forwarded-proto');
  const host = first('x-forwarded-host');
  const scheme = proto === 'http' || proto === 'https' ? proto : url.protocol.slice(0, -1);
  // A host, with its port if any (the host setter would keep the server's own port otherwise).
  const authority = host && /^[\w.-]+(:\d{1,5})?$|^\[[\da-f:.]+\](:\d{1,5})?$/i.test(host) ? host : url.host;
  return new URL(`${scheme}://${authority}${url.pathname}${url.search}`);
}
