/**
 * What an import did, comment by comment: how many were read and stored, every comment skipped
 * and every comment stored with a change (a reply lifted to the top level, a shortened name),
 * each with its id and the reason, the tallies by status, kind and role, and the old ids the
 * store could not keep. The CLI prints it as text ({@link formatReport}) or whole as JSON
 * ({@link ImportReport.toJSON}).
 *
 * @module
 */
import type { ImportResult, NewStoredComment, SkippedAlias } from '../store/comment-store.js';
import { LIMITS } from '../validate.js';

/** Why a comment was skipped. */
export type SkipReason =
  | 'duplicate-id'
  | 'id-missing'
  | 'id-too-long'
  | 'id-invalid'
  | 'thread-missing'
  | 'thread-too-long'
  | 'thread-invalid'
  | 'date-invalid'
  | 'date-out-of-range'
  | 'body-too-long'
  | 'body-empty'
  | 'deleted'
  | 'invalid-record';

/** What was changed on a comment that was stored. */
export type ChangeReason = 'parent-missing' | 'parent-skipped' | 'parent-other-thread' | 'reply-cycle' | 'name-shortened' | 'website-dropped';

export interface Problem<R extends string = SkipReason> {
  reason: R;
  /** One sentence for a person: what is wrong with this comment. */
  message: string;
}

export interface ReportEntry<R extends string = SkipReason> extends Problem<R> {
  id: string;
}

/** How a reason reads in the summary. */
const REASONS: Record<SkipReason | ChangeReason, string> = {
  'duplicate-id': 'id used by an earlier comment of the file',
  'id-missing': 'no id',
  'id-too-long': `id longer than ${LIMITS.idMax} characters`,
  'id-invalid': 'id with control characters',
  'thread-missing': 'no page (thread)',
  'thread-too-long': `page (thread id) longer than ${LIMITS.threadIdMax} characters`,
  'thread-invalid': 'page (thread id) with control characters',
  'date-invalid': 'no date, or not a date',
  'date-out-of-range': 'date outside 1970–2100',
  'body-too-long': `body longer than ${LIMITS.bodyMax.toLocaleString('en')} characters`,
  'body-empty': 'empty body',
  deleted: 'deleted where it came from, and nothing answers it',
  'invalid-record': 'not a comment record',
  'parent-missing': 'reply to a comment not in the file: now top-level',
  'parent-skipped': 'reply to a skipped comment: now top-level',
  'parent-other-thread': 'reply to a comment on another page: now top-level',
  'reply-cycle': 'replies that answer each other in a circle: one is now top-level',
  'name-shortened': `name shortened to ${LIMITS.nameMax} characters`,
  'website-dropped': 'website dropped (not an http or https address)',
};

const count = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export class ImportReport {
  /** Comments read from the file. */
  read = 0;
  /** Comments the store stored. */
  imported = 0;
  /** Comments whose id the database held already (an import run again stores them once). */
  alreadyStored = 0;
  readonly skipped: Array<ReportEntry<SkipReason>> = [];
  readonly changed: Array<ReportEntry<ChangeReason>> = [];
  readonly skippedByReason: Record<string, number> = {};
  readonly changedByReason: Record<string, number> = {};
  /** Of the comments handed to the store. */
  readonly byStatus: Record<string, number> = {};
  readonly byKind: Record<string, number> = {};
  readonly byRole: Record<string, number> = {};
  /** Old ids (aliases) stored, and those the store could not keep. */
  aliases = 0;
  readonly skippedAliases: SkippedAlias[] = [];
  private readonly started = performance.now();
  private finishedAt: number | null = null;

  constructor(
    readonly file: string,
    readonly format: string,
  ) {}

  skip(id: string, problem: Problem<SkipReason>): void {
    this.skipped.push({ id, ...problem });
    count(this.skippedByReason, problem.reason);
  }

  change(id: string, change: Problem<ChangeReason>): void {
    this.changed.push({ id, ...change });
    count(this.changedByReason, change.reason);
  }

  /** Adds what the store did with a batch of rows. */
  stored(rows: readonly NewStoredComment[], result: ImportResult): void {
    for (const row of rows) {
      count(this.byStatus, row.status);
      count(this.byKind, row.kind);
      if (row.role) count(this.byRole, row.role);
    }
    this.imported += result.imported;
    this.alreadyStored += result.skipped;
    this.aliases += result.aliases;
    this.skippedAliases.push(...result.skippedAliases);
  }

  finish(): this {
    this.finishedAt = performance.now();
    return this;
  }

  get seconds(): number {
    return Math.round(((this.finishedAt ?? performance.now()) - this.started) / 100) / 10;
  }

  /** The whole report, every skipped and changed comment included (`import --json`). */
  toJSON(): Record<string, unknown> {
    return {
      file: this.file,
      format: this.format,
      read: this.read,
      imported: this.imported,
      alreadyStored: this.alreadyStored,
      skipped: this.skipped.length,
      changed: this.changed.length,
      skippedByReason: this.skippedByReason,
      changedByReason: this.changedByReason,
      byStatus: this.byStatus,
      byKind: this.byKind,
      byRole: this.byRole,
      aliases: { stored: this.aliases, skipped: this.skippedAliases },
      skippedComments: this.skipped,
      changedComments: this.changed,
      seconds: this.seconds,
      // The process's peak resident memory (getrusage's maxrss, in KiB).
      peakMemoryBytes: process.resourceUsage().maxRSS * 1024,
    };
  }
}

function describeSkippedAlias(skipped: SkippedAlias): string {
  const what = `old id "${skipped.alias}" of ${skipped.commentId} (page ${skipped.threadId})`;
  if (skipped.reason === 'taken') return `${what}: already the id or old id of ${skipped.takenBy} there`;
  if (skipped.reason === 'invalid') return `${what}: not an id (1 to ${LIMITS.idMax} characters, no control characters)`;
  return `${what}: the comment was not imported (its id is taken on another page)`;
}

const number = (n: number): string => n.toLocaleString('en');
/** An id as the summary shows it: a very long one cut short (`--json` has it whole). */
const shortId = (id: string): string => (id.length > 60 ? `${id.slice(0, 40)}…` : id);
const plural = (n: number, one: string, many = `${one}s`): string => `${number(n)} ${n === 1 ? one : many}`;

/** The summary the CLI prints: counts by reason, then the first `listed` comments of each list. */
export function formatReport(report: ImportReport, listed = 10): string {
  const lines = [
    `Imported ${number(report.imported)} of ${plural(report.read, 'comment')} from ${report.file} in ${report.seconds} s` +
      ` (peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB).`,
  ];
  if (report.alreadyStored > 0) lines.push(`${plural(report.alreadyStored, 'comment was', 'comments were')} in the database already (same id): left as they are.`);
  const section = <R extends string>(title: string, entries: ReadonlyArray<ReportEntry<R>>, byReason: Record<string, number>): void => {
    if (entries.length === 0) return;
    lines.push(`${title} ${number(entries.length)}:`);
    for (const [reason, n] of Object.entries(byReason).sort((a, b) => b[1] - a[1])) lines.push(`  ${number(n)} × ${REASONS[reason as SkipReason] ?? reason}`);
    for (const entry of entries.slice(0, listed)) lines.push(`  ${shortId(entry.id)}: ${entry.message}`);
    if (entries.length > listed) lines.push(`  … and ${number(entries.length - listed)} more (import --json lists them all)`);
  };
  section('Skipped', report.skipped, report.skippedByReason);
  section('Changed', report.changed, report.changedByReason);
  const list = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .map(([key, n]) => `${number(n)} ${key}`)
      .join(', ') || 'none';
  lines.push(`Status: ${list(report.byStatus)}. Kind: ${list(report.byKind)}. Verified role: ${list(report.byRole)}.`);
  lines.push(`Old ids kept, so that old links find their comments: ${number(report.aliases)}.`);
  if (report.skippedAliases.length > 0) {
    lines.push(`${plural(report.skippedAliases.length, 'old id was', 'old ids were')} not kept, so links to them will not find their comments:`);
    for (const skipped of report.skippedAliases.slice(0, listed)) lines.push(`  ${describeSkippedAlias(skipped)}`);
    if (report.skippedAliases.length > listed) lines.push(`  … and ${number(report.skippedAliases.length - listed)} more (import --json lists them all)`);
  }
  return lines.join('\n');
}
