/**
 * What every importer produces, and how one becomes a row: every field held to the rules the
 * API applies to a posted comment (`validate.ts`), what cannot be kept as it is reported.
 *
 * @module
 */
import type { AuthorRole, CommentKind, NewStoredComment, StoredStatus } from '../store/comment-store.js';
import { LIMITS } from '../validate.js';
import type { ChangeReason, Problem, SkipReason } from './report.js';

/** One comment read from an export file. */
export interface ImportRecord {
  id: string;
  threadId: string;
  parentId: string | null;
  authorName: string;
  authorWebsite: string | null;
  /** Markdown. */
  body: string;
  status: StoredStatus;
  kind: CommentKind;
  /** A verified role, from the export's own users (never from a name). */
  role?: AuthorRole | null;
  /** The ids the comment had where it came from (a WordPress `comment_id`). */
  aliases?: string[];
  score?: number;
  /** Pinned (kept only on a comment that is top-level once threaded). */
  pinned?: boolean;
  /** ISO 8601; null when the file gives no date that parses. */
  createdAt: string | null;
  /** The date as the file writes it, for the report. */
  dateText?: string;
  updatedAt?: string | null;
  authorHash?: string | null;
  /** A problem the reader found already (a field of the wrong type); the comment is skipped. */
  problem?: Problem<SkipReason>;
}

/** An http(s) URL or null: imported websites follow the same rule as posted ones. */
export function cleanWebsite(value: string | null | undefined): string | null {
  const raw = (value ?? '').trim();
  if (raw === '' || raw.length > LIMITS.websiteMax) return null;
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password ? url.href : null;
  } catch {
    return null;
  }
}

/** The thread id of a page URL: its path, as the widget derives it from a canonical link. */
export function threadIdFromUrl(link: string, fallback: string): string {
  try {
    return new URL(link).pathname || fallback;
  } catch {
    return link.trim() || fallback;
  }
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const NAME_CONTROL = /[\u0000-\u001f\u007f]/g;

/** The row for a record that passed the checks, placed under `parentId` (null: top level). */
export function toRow(
  record: ImportRecord,
  parentId: string | null,
  rootId: string,
  change: (problem: Problem<ChangeReason>) => void,
): NewStoredComment {
  let authorName = record.authorName.replace(NAME_CONTROL, ' ').trim();
  if (authorName.length > LIMITS.nameMax) {
    change({ reason: 'name-shortened', message: `name is ${authorName.length} characters long; kept its first ${LIMITS.nameMax}` });
    authorName = authorName.slice(0, LIMITS.nameMax).trim();
  }
  const authorWebsite = cleanWebsite(record.authorWebsite);
  if (authorWebsite === null && (record.authorWebsite ?? '').trim() !== '') {
    const shown = record.authorWebsite!.trim();
    change({
      reason: 'website-dropped',
      message: `website "${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}" is not an http or https address of at most ${LIMITS.websiteMax} characters; dropped`,
    });
  }
  return {
    id: record.id,
    threadId: record.threadId,
    parentId,
    rootId,
    authorName,
    authorWebsite,
    body: record.body.replace(/\r\n?/g, '\n').replace(CONTROL, ''),
    status: record.status,
    kind: record.kind,
    role: record.role ?? null,
    aliases: record.aliases ?? [],
    score: record.score ?? 0,
    pinned: record.pinned === true && parentId === null,
    createdAt: record.createdAt!,
    updatedAt: record.updatedAt ?? null,
    editTokenHash: null,
    authorHash: record.authorHash ?? null,
  };
}
