/**
 * API errors: every failure leaves the server as JSON `{ "error": { "code", "message" } }`
 * with a fitting status, never as a stack trace.
 *
 * @module
 */

/** Machine-readable error codes of the API (the widget's `AdapterError` codes map from them). */
export type ApiErrorCode =
  | 'invalid'
  | 'not-found'
  | 'method-not-allowed'
  | 'forbidden'
  | 'closed'
  | 'unauthorized'
  | 'csrf'
  | 'conflict'
  | 'payload-too-large'
  | 'rate-limited'
  | 'unavailable'
  | 'internal'
  // A guest's post without the proof-of-work a server started with --proof-of-work asks for
  // (`proof-of-work.ts`), or with one that is wrong, expired, or spent by another post.
  | 'proof-required'
  | 'proof-invalid'
  | 'proof-expired'
  | 'proof-used';

/** A failure with its HTTP status and a message written for the person who will read it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  /** Seconds, for 429 and 503. */
  readonly retryAfter?: number;
  /** Which input field was wrong, for 400. */
  readonly field?: string;
  /** The methods a path has, for 405 (the `Allow` header). */
  readonly allow?: string;

  constructor(status: number, code: ApiErrorCode, message: string, extra: { retryAfter?: number; field?: string; allow?: string } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (extra.retryAfter !== undefined) this.retryAfter = extra.retryAfter;
    if (extra.field !== undefined) this.field = extra.field;
    if (extra.allow !== undefined) this.allow = extra.allow;
  }

  toJSON(): { error: { code: ApiErrorCode; message: string; field?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

/** 400 with the field that was wrong. */
export const invalid = (field: string, message: string): ApiError => new ApiError(400, 'invalid', message, { field });
