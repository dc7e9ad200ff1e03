/**
 * The API's rules, applied to an imported comment: an import stores nothing a visitor could not
 * have posted. Ids and thread ids within their limits and without control characters, a body
 * of at most `LIMITS.bodyMax` characters of Markdown and not empty (but for a deleted
 * placeholder), and dates from 1970 to 2100: a date the stores and cursors cannot order (a
 * JavaScript date of year 275760) never gets in.
 *
 * @module
 */
import { LIMITS } from '../validate.js';
import type { ImportRecord } from './records.js';
import type { Problem, SkipReason } from './report.js';

const number = (n: number): string => n.toLocaleString('en');

/**
 * HTML longer than this is not converted: its Markdown could not fit in `LIMITS.bodyMax`
 * characters anyway, short of being nearly all markup, and parsing it would take memory for
 * nothing.
 */
export const MAX_HTML = 40 * LIMITS.bodyMax;

/** The problem of a comment whose HTML is too long to convert, or null. */
export function htmlTooLong(html: string): Problem | null {
  if (html.length <= MAX_HTML) return null;
  return { reason: 'body-too-long', message: `body is ${number(html.length)} characters of HTML; the limit is ${number(LIMITS.bodyMax)} characters` };
}

/** The first moment an imported date may be, and the first it may no longer be. */
export const EARLIEST = Date.UTC(1970, 0, 1);
export const LATEST = Date.UTC(2101, 0, 1);

const CONTROL = /[\u0000-\u001f\u007f]/;

function identifier(value: string, what: string, max: number, reasons: [SkipReason, SkipReason, SkipReason]): Problem | null {
  if (value === '') return { reason: reasons[0], message: `${what} is missing` };
  if (value.length > max) return { reason: reasons[1], message: `${what} is ${number(value.length)} characters long; the limit is ${number(max)}` };
  if (CONTROL.test(value)) return { reason: reasons[2], message: `${what} contains control characters` };
  return null;
}

function date(value: string | null | undefined, text: string | undefined, what: string): Problem | null {
  if (value === null || value === undefined) return { reason: 'date-invalid', message: `${what} ${text ? `"${text}" is not a date` : 'is missing'}` };
  const time = Date.parse(value);
  if (Number.isNaN(time)) return { reason: 'date-invalid', message: `${what} "${text ?? value}" is not a date` };
  if (time < EARLIEST || time >= LATEST) return { reason: 'date-out-of-range', message: `${what} ${text ?? value} is outside 1970–2100` };
  return null;
}

/** Why the record cannot be stored as it is, or null when it can. */
export function problemOf(record: ImportRecord): Problem | null {
  return (
    record.problem ??
    identifier(record.id, 'id', LIMITS.idMax, ['id-missing', 'id-too-long', 'id-invalid']) ??
    identifier(record.threadId, 'page (thread id)', LIMITS.threadIdMax, ['thread-missing', 'thread-too-long', 'thread-invalid']) ??
    date(record.createdAt, record.dateText, 'date') ??
    (record.updatedAt ? date(record.updatedAt, undefined, 'date of the last edit') : null) ??
    (record.body.length > LIMITS.bodyMax
      ? { reason: 'body-too-long', message: `body is ${number(record.body.length)} characters long; the limit is ${number(LIMITS.bodyMax)}` }
      : null) ??
    (record.body.trim() === '' && record.status !== 'deleted' ? { reason: 'body-empty', message: 'body is empty' } : null)
  );
}
