/**
 * Ids, secrets and their comparison. Secrets (edit tokens, author keys) are stored only as
 * SHA-256 hashes, client addresses only as keyed hashes; the admin token is compared in
 * constant time.
 *
 * @module
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new comment id: 16 random bytes, base64url (22 characters). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** SHA-256 of a secret, hex: what the database keeps instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The edit token of a comment. With an idempotency key it is derived from the server secret,
 * the comment id and the key, so a retried post (same key) gets the same token back although
 * only its hash is stored; without one it is random.
 */
export function editToken(serverSecret: string, commentId: string, idempotencyKey?: string | null): string {
  if (!idempotencyKey) return randomBytes(24).toString('base64url');
  return createHmac('sha256', serverSecret).update(`edit-token\0${commentId}\0${idempotencyKey}`).digest('base64url');
}

/**
 * What a client network (`client-address.ts`) is stored as: an HMAC under the server secret,
 * so the database holds no addresses, and a copy of it without the secret cannot be matched
 * against a list of addresses.
 */
export function addressHash(serverSecret: string, network: string): string {
  return createHmac('sha256', serverSecret).update(`address\0${network}`).digest('hex');
}

/**
 * SHA-256 of the parts of a request, hex: two requests with the same fingerprint asked for
 * the same thing. JSON keeps the parts apart (no two lists of strings encode alike).
 */
export function fingerprint(parts: ReadonlyArray<string | null>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Compares two secrets in constant time (for equal lengths; a length mismatch is false). */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
