/**
 * E-mail addresses as the server takes them: checked loosely (the mail server is the judge of
 * the rest), compared without regard to case, and known to the database of unsubscriptions
 * only by a keyed hash.
 *
 * @module
 */
import { createHmac } from 'node:crypto';

/** Longest address accepted (RFC 5321's limit of a path). */
export const EMAIL_MAX = 254;

/**
 * Whether `value` can be an address: 3 to {@link EMAIL_MAX} characters, exactly one `@` with
 * something on each side, no spaces, no control characters, no angle brackets or commas (so
 * that it is one address, never a name and address or a list).
 */
export function isEmail(value: string): boolean {
  return value.length <= EMAIL_MAX && /^[^@\s<>,\u0000-\u001f\u007f]+@[^@\s<>,\u0000-\u001f\u007f]+$/u.test(value);
}

/** What two addresses are compared by: case aside (a mailbox's case rarely matters, and never for us). */
export function addressKey(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * What the table of unsubscriptions keeps of an address: an HMAC under the server secret of
 * its {@link addressKey}, so that the database holds no list of addresses, and an unsubscribe
 * link carries no address.
 */
export function addressHashOf(serverSecret: string, address: string): string {
  return createHmac('sha256', serverSecret).update(`mail-address\0${addressKey(address)}`).digest('base64url');
}

/** Which of `rows` (id and address) have the address `email`, as {@link addressKey} compares them. */
export function idsWithEmail(rows: ReadonlyArray<{ id: string; author_email: string }>, email: string): string[] {
  const key = addressKey(email);
  return rows.filter((row) => addressKey(row.author_email) === key).map((row) => row.id);
}
