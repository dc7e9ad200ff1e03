/** Date formatting for comment headers, through `Intl`, with formatters cached per locale. */
import { intlCached as cached } from './intl.js';

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const fullFormats = new Map<string, Intl.DateTimeFormat>();

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * "3 days ago", "yesterday", "in 2 minutes" (a clock set ahead), "now": the largest whole unit
 * of the time between `date` and `now`. Under a minute is "now".
 */
export function relativeTime(date: Date, now: Date, locale = ''): string {
  const format = cached(relativeFormats, locale, (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }));
  const seconds = (date.getTime() - now.getTime()) / 1000;
  const abs = Math.abs(seconds);
  for (const [unit, size] of UNITS) {
    if (abs >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}

/** The full date and time, for a tooltip: "28 November 2026 at 14:05". */
export function fullDate(date: Date, locale = ''): string {
  return cached(fullFormats, locale, (l) => new Intl.DateTimeFormat(l, { dateStyle: 'long', timeStyle: 'short' })).format(date);
}

/** Parses an ISO 8601 date, or returns `null` for anything that is not one. */
export function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
