/** Date formatting for comment headers, through `Intl`, with formatters cached per locale. */
import { intlCached as cached } from './intl.js';

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const fullFormats = new Map<string, Intl.DateTimeFormat>();
/** Relative phrases made, by locale, value and unit: a long thread says "3 days ago" many times. */
const phrases = new Map<string, string>();

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
  const seconds = (date.getTime() - now.getTime()) / 1000;
  const abs = Math.abs(seconds);
  const [unit, size] = UNITS.find(([, length]) => abs >= length) ?? ['second', Infinity];
  const value = size === Infinity ? 0 : Math.trunc(seconds / size);
  const key = `${locale}|${value}|${unit}`;
  let phrase = phrases.get(key);
  if (phrase === undefined) {
    phrase = cached(relativeFormats, locale, (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' })).format(value, unit);
    phrases.set(key, phrase);
  }
  return phrase;
}

/** The full date and time, for a tooltip: "28 November 2026 at 14:05". */
export function fullDate(date: Date, locale = ''): string {
  return cached(fullFormats, locale, (l) => new Intl.DateTimeFormat(l, { dateStyle: 'long', timeStyle: 'short' })).format(date);
}

/**
 * How dates are shown: `relative` ("3 days ago"), `absolute` ("9 June 2010 at 14:05"), or
 * `auto`: relative for the last week, absolute before.
 */
export type DateFormat = 'relative' | 'absolute' | 'auto';

/** Up to this age (and for dates ahead of the clock), `auto` shows a date relative to now. */
const RECENT_MS = 7 * 24 * 3600 * 1000;

/** A comment's date as its header shows it, in the given {@link DateFormat} (`auto` for anything else). */
export function shownDate(date: Date, now: Date, locale: string, format: DateFormat | string): string {
  const absolute = format === 'absolute' || (format !== 'relative' && now.getTime() - date.getTime() > RECENT_MS);
  return absolute ? fullDate(date, locale) : relativeTime(date, now, locale);
}

/** Parses an ISO 8601 date, or returns `null` for anything that is not one. */
export function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
