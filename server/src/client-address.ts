/**
 * The network a visitor writes from, for blocking. An IPv4 address stands for itself; an
 * IPv6 address for its /64, since one subscriber usually gets a whole /64 and can pick any
 * address in it. IPv4 addresses mapped into IPv6 (`::ffff:192.0.2.1`) count as IPv4.
 *
 * The server sees the address of whatever connects to it: behind a reverse proxy that is the
 * proxy, for every visitor. With `--trust-proxy HOPS` it reads the visitor's address from
 * `X-Forwarded-For` instead ({@link clientAddress}); rate limits and `block-author` (in
 * `app.ts`) use that address.
 *
 * @module
 */
import { isIP, isIPv4, isIPv6 } from 'node:net';

/** Most trusted proxies `--trust-proxy` accepts; longer chains are a misconfiguration. */
export const MAX_TRUSTED_PROXIES = 10;

/**
 * One `X-Forwarded-For` entry as a bare address: `198.51.100.7`, `2001:db8::1`; brackets and
 * a port are dropped (`[2001:db8::1]:443`, `198.51.100.7:5000`, as some routers write them).
 * Null when it is not an IP address.
 */
export function forwardedEntry(entry: string): string | null {
  let text = entry.trim();
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return isIPv6(bracketed[1]!) ? bracketed[1]! : null;
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d{1,5}$/.exec(text);
  if (v4WithPort) text = v4WithPort[1]!;
  return isIP(text) ? text : null;
}

/**
 * The client address a chain of `hops` trusted proxies reports in `X-Forwarded-For`. Each
 * proxy appends the address it was connected from, so the entry `hops` places from the right
 * is the one the outermost trusted proxy saw; entries left of it were written by the client
 * and are never looked at. Null (use the socket address) when `hops` is 0, the header is
 * missing, it has fewer than `hops` entries, or one of the trusted entries is not an address.
 */
export function forwardedAddress(header: string | undefined | null, hops: number): string | null {
  if (!header || !Number.isInteger(hops) || hops < 1) return null;
  const entries = header.split(',');
  if (entries.length < hops) return null;
  const trusted = entries.slice(-hops).map(forwardedEntry);
  return trusted.every((address) => address !== null) ? trusted[0]! : null;
}

/**
 * The address to rate-limit and block: from `X-Forwarded-For` when `hops` proxies are trusted
 * and the header says, else the socket's.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined | null, hops: number): string | undefined {
  return forwardedAddress(forwardedFor, hops) ?? socketAddress;
}

/** The eight 16-bit groups of an IPv6 address, or null if it is not one. */
function ipv6Groups(address: string): number[] | null {
  let text = address.split('%')[0]!; // Drop a zone index (fe80::1%eth0).
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4 && isIPv4(v4[1]!)) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, -v4[1]!.length);
    if (!text.endsWith('::')) text = text.slice(0, -1); // The ':' before the IPv4 part.
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const body = [...head, ...rest];
  if (body.some((n) => Number.isNaN(n))) return null;
  const missing = 8 - tail.length - body.length;
  if (halves.length === 1) return missing === 0 ? [...head, ...tail] : null;
  return missing >= 0 ? [...head, ...Array<number>(missing).fill(0), ...rest, ...tail] : null;
}

/**
 * The network of a remote address: `198.51.100.7`, or `2001:db8:1:2::/64` for any address of
 * that IPv6 /64; null when the address is missing or not an IP address.
 */
export function clientNetwork(address: string | undefined | null): string | null {
  if (!address) return null;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return null;
  const groups = ipv6Groups(address);
  if (!groups) return null;
  // ::ffff:a.b.c.d, an IPv4 client of a dual-stack socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}
