/**
 * Validation of what visitors send. The limits are the widget's (`LIMITS` in the widget
 * package), so a comment the form accepts is one the server accepts; the widget's
 * `test/node/limits.test.mjs` holds the shared ones equal.
 *
 * @module
 */
import { invalid } from './errors.js';
import { EMAIL_MAX, isEmail } from './mail/address.js';

export const LIMITS = {
  bodyMax: 5000,
  nameMax: 80,
  websiteMax: 300,
  threadIdMax: 500,
  idMax: 100,
  idempotencyKeyMax: 200,
  authorKeyMax: 200,
} as const;

/** A new comment after validation. */
export interface CreateInput {
  threadId: string;
  parentId: string | null;
  authorName: string;
  authorWebsite: string | null;
  body: string;
  /** The honeypot field was filled: a bot. */
  honeypot: boolean;
  /** The address the author gave (`author.email`, trimmed), only for mail; null for none. */
  authorEmail: string | null;
  /** The author wants mail about replies (`notifyReplies: true`; needs an address). */
  notifyReplies: boolean;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function text(value: unknown, field: string, max: number, { required = false, trim = true } = {}): string {
  if (value === undefined || value === null) {
    if (required) throw invalid(field, `${field} is required.`);
    return '';
  }
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string.`);
  const result = trim ? value.trim() : value;
  if (required && result.trim() === '') throw invalid(field, `${field} must not be empty.`);
  if (result.length > max) throw invalid(field, `${field} is ${result.length} characters long; the limit is ${max}.`);
  if (CONTROL.test(result)) throw invalid(field, `${field} contains control characters.`);
  return result;
}

/** An absolute http(s) URL without credentials, or null for none. */
export function website(value: unknown): string | null {
  const raw = text(value, 'author.website', LIMITS.websiteMax);
  if (raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('author.website', 'author.website must be an absolute http or https URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid('author.website', 'author.website must be an http or https URL.');
  }
  if (url.username || url.password) throw invalid('author.website', 'author.website must not contain a user name or password.');
  return url.href;
}

/** A thread id, sent as `field` (`threadId` in a new comment). */
export function threadId(value: unknown, field = 'threadId'): string {
  return text(value, field, LIMITS.threadIdMax, { required: true, trim: false });
}

export function body(value: unknown): string {
  const result = text(value, 'body', LIMITS.bodyMax, { required: true, trim: false });
  return result.replace(/\r\n?/g, '\n');
}

export function createInput(json: unknown): CreateInput {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('body', 'The request body must be a JSON object.');
  const input = json as Record<string, unknown>;
  const author = (input.author ?? {}) as Record<string, unknown>;
  if (typeof author !== 'object' || Array.isArray(author)) throw invalid('author', 'author must be an object.');
  const parentId = input.parentId === undefined || input.parentId === null ? null : text(input.parentId, 'parentId', LIMITS.idMax, { required: true });
  return {
    threadId: threadId(input.threadId),
    parentId,
    authorName: text(author.name, 'author.name', LIMITS.nameMax),
    authorWebsite: website(author.website),
    body: body(input.body),
    honeypot: typeof input.honeypot === 'string' && input.honeypot.trim() !== '',
    ...mailWish(author.email, input.notifyReplies),
  };
}

/** `author.email` and `notifyReplies`: an address (checked loosely), and mail about replies only with one. */
function mailWish(email: unknown, notify: unknown): Pick<CreateInput, 'authorEmail' | 'notifyReplies'> {
  const address = text(email, 'author.email', EMAIL_MAX);
  if (address !== '' && !isEmail(address)) throw invalid('author.email', 'author.email must be an e-mail address: one @, no spaces.');
  if (notify !== undefined && notify !== null && typeof notify !== 'boolean') throw invalid('notifyReplies', 'notifyReplies must be true or false.');
  if (notify === true && address === '') throw invalid('author.email', 'To be e-mailed of replies, give your e-mail address (author.email).');
  return { authorEmail: address === '' ? null : address, notifyReplies: notify === true };
}

/** An optional header value with a length limit (idempotency and author keys). */
export function headerKey(value: string | undefined, name: string, max: number): string | null {
  if (value === undefined || value === '') return null;
  if (value.length > max || !/^[\x21-\x7e]+$/.test(value)) throw invalid(name, `The ${name} header must be 1 to ${max} visible ASCII characters.`);
  return value;
}
