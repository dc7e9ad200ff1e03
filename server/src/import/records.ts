/**
 * What every importer produces, and how it becomes rows: parents before their replies, each
 * reply's top-level comment found, replies to comments missing from the file lifted to the
 * top level, cycles broken, and every field held to the limits the API enforces.
 *
 * @module
 */
import type { CommentKind, NewStoredComment, StoredStatus } from '../store/comment-store.js';
import { LIMITS } from '../validate.js';

/** One comment read from an export file. */
export interface ImportRecord {
  id: string;
  threadId: string;
  parentId: string | null;
  authorName: string;
  authorWebsite: string | null;
  body: string;
  status: StoredStatus;
  kind: CommentKind;
  score?: number;
  createdAt: string;
  updatedAt?: string | null;
  authorHash?: string | null;
}

/** What an import did, for the CLI's report. */
export interface ImportReport {
  read: number;
  imported: number;
  /** Already in the database (same id): an import can be run again safely. */
  skipped: number;
  /** Replies whose parent was not in the file: imported as top-level comments. */
  orphans: number;
  byStatus: Record<string, number>;
  byKind: Record<string, number>;
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

/** Orders records so that parents come first and turns them into rows. */
export function toRows(records: readonly ImportRecord[]): { rows: NewStoredComment[]; orphans: number } {
  const byId = new Map<string, ImportRecord>();
  for (const record of records) if (!byId.has(record.id)) byId.set(record.id, record);
  let orphans = 0;
  const parentOf = new Map<string, string | null>();
  for (const record of byId.values()) {
    const parent = record.parentId !== null && byId.get(record.parentId)?.threadId === record.threadId ? record.parentId : null;
    if (record.parentId !== null && parent === null) orphans++;
    parentOf.set(record.id, parent);
  }
  // Break cycles: walking up from any comment must reach a top-level one.
  for (const id of byId.keys()) {
    const seen = new Set<string>([id]);
    let current = parentOf.get(id) ?? null;
    while (current !== null) {
      if (seen.has(current)) {
        parentOf.set(current, null);
        orphans++;
        break;
      }
      seen.add(current);
      current = parentOf.get(current) ?? null;
    }
  }
  const rootOf = (id: string): string => {
    let current = id;
    for (let parent = parentOf.get(current); parent; parent = parentOf.get(current)) current = parent;
    return current;
  };
  const depth = (id: string): number => {
    let d = 0;
    for (let parent = parentOf.get(id); parent; parent = parentOf.get(parent)) d++;
    return d;
  };
  const ordered = [...byId.values()].sort((a, b) => depth(a.id) - depth(b.id) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const rows = ordered.map(
    (record): NewStoredComment => ({
      id: record.id.slice(0, LIMITS.idMax),
      threadId: record.threadId.slice(0, LIMITS.threadIdMax),
      parentId: parentOf.get(record.id) ?? null,
      rootId: rootOf(record.id),
      authorName: record.authorName.replace(CONTROL, '').trim().slice(0, LIMITS.nameMax),
      authorWebsite: cleanWebsite(record.authorWebsite),
      body: record.body.replace(/\r\n?/g, '\n').replace(CONTROL, ''),
      status: record.status,
      kind: record.kind,
      score: record.score ?? 0,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt ?? null,
      editTokenHash: null,
      authorHash: record.authorHash ?? null,
    }),
  );
  return { rows, orphans };
}
