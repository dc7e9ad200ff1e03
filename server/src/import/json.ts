/**
 * The JSON export format, which imports back exactly (`export`, `import --format json`):
 *
 * ```json
 * { "format": "comment-thread", "version": 1, "exportedAt": "2026-11-28T10:00:00.000Z",
 *   "comments": [ { "id": "…", "threadId": "/posts/hello", "parentId": null,
 *     "author": { "name": "Ann", "website": "https://ann.example/" }, "body": "Markdown",
 *     "createdAt": "…", "updatedAt": null, "status": "published", "kind": "comment",
 *     "score": 0, "authorHash": null, "role": null, "aliases": [] } ] }
 * ```
 *
 * `status` is one of published, pending, spam, rejected, deleted; `kind` one of comment,
 * pingback, trackback, webmention; `score` an integer (the `top` order; the votes that made
 * it are not exported, so votes cast after an import add to it); `pinned: true` only on a
 * pinned top-level comment (absent otherwise); `authorHash` the
 * SHA-256 of the author's browser key (never the key); `role` a verified role (`author`,
 * `moderator`) or null; `aliases` the comment's old ids in its thread. A comment not in this
 * shape is skipped and reported, as an imported comment against the API's rules is. Edit tokens are not exported: they expire within
 * minutes anyway. Nor are client addresses: their keyed hashes mean nothing without the
 * server secret. The README's "Import and export" paragraph shows this schema too; keep the
 * two in step.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { AuthorRole, StoredComment } from '../store/comment-store.js';
import type { ImportSource } from './importer.js';
import type { ImportRecord } from './records.js';

export interface ExportFile {
  format: 'comment-thread';
  version: 1;
  exportedAt: string;
  comments: ExportedComment[];
}

export interface ExportedComment {
  id: string;
  threadId: string;
  parentId: string | null;
  author: { name: string; website: string | null };
  body: string;
  createdAt: string;
  updatedAt: string | null;
  status: StoredComment['status'];
  kind: StoredComment['kind'];
  score: number;
  authorHash: string | null;
  /** A verified role (`author`, `moderator`), or null. */
  role: AuthorRole | null;
  /** Old ids the comment is known by in its thread (an import's source ids). */
  aliases: string[];
  /** Present, and true, only for a pinned comment. */
  pinned?: true;
}

export function toExport(comments: readonly StoredComment[], exportedAt = new Date()): ExportFile {
  return {
    format: 'comment-thread',
    version: 1,
    exportedAt: exportedAt.toISOString(),
    comments: comments.map((c) => ({
      id: c.id,
      threadId: c.threadId,
      parentId: c.parentId,
      author: { name: c.authorName, website: c.authorWebsite },
      body: c.body,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      status: c.status,
      kind: c.kind,
      score: c.score,
      authorHash: c.authorHash,
      role: c.role,
      aliases: [...c.aliases],
      ...(c.pinned ? { pinned: true as const } : {}),
    })),
  };
}

const STATUSES = new Set(['published', 'pending', 'spam', 'rejected', 'deleted']);
const KINDS = new Set(['comment', 'pingback', 'trackback', 'webmention']);
const ROLES = new Set(['author', 'moderator']);
const INT32 = 2 ** 31;

/** One exported comment as a record; what is not the export's shape is the record's problem. */
function record(c: Partial<ExportedComment> | null, index: number): ImportRecord {
  const item = (typeof c === 'object' && c !== null ? c : {}) as Partial<ExportedComment>;
  const where = `comments[${index}]`;
  const wrong = (message: string): ImportRecord['problem'] => ({ reason: 'invalid-record', message: `${where}: ${message}` });
  const created = typeof item.createdAt === 'string' && !Number.isNaN(Date.parse(item.createdAt)) ? new Date(item.createdAt).toISOString() : null;
  const updated = typeof item.updatedAt === 'string' && !Number.isNaN(Date.parse(item.updatedAt)) ? new Date(item.updatedAt).toISOString() : null;
  const problem =
    typeof item.id !== 'string' || typeof item.threadId !== 'string' || typeof item.body !== 'string'
      ? wrong('needs string id, threadId and body')
      : !STATUSES.has(item.status as string)
        ? wrong(`status "${item.status}" is not one of ${[...STATUSES].join(', ')}`)
        : !KINDS.has(item.kind as string)
          ? wrong(`kind "${item.kind}" is not one of ${[...KINDS].join(', ')}`)
          : item.role != null && !ROLES.has(item.role)
            ? wrong(`role "${item.role}" is not one of ${[...ROLES].join(', ')}`)
            : item.score !== undefined && !(Number.isInteger(item.score) && item.score >= -INT32 && item.score < INT32)
              ? wrong(`score ${item.score} is not a whole number within 32 bits`)
              : typeof item.updatedAt === 'string' && updated === null
                ? wrong(`updatedAt "${item.updatedAt}" is not a date`)
                : item.pinned !== undefined && typeof item.pinned !== 'boolean'
                  ? wrong(`pinned ${JSON.stringify(item.pinned)} is not true or false`)
                  : undefined;
  return {
    id: typeof item.id === 'string' ? item.id : where,
    threadId: typeof item.threadId === 'string' ? item.threadId : '',
    parentId: typeof item.parentId === 'string' ? item.parentId : null,
    authorName: typeof item.author?.name === 'string' ? item.author.name : '',
    authorWebsite: typeof item.author?.website === 'string' ? item.author.website : null,
    body: typeof item.body === 'string' ? item.body : '',
    status: item.status as ImportRecord['status'],
    kind: item.kind as ImportRecord['kind'],
    role: item.role ?? null,
    aliases: Array.isArray(item.aliases) ? item.aliases.filter((a): a is string => typeof a === 'string') : [],
    score: item.score ?? 0,
    pinned: item.pinned === true,
    createdAt: created,
    dateText: typeof item.createdAt === 'string' ? item.createdAt : undefined,
    updatedAt: updated,
    authorHash: typeof item.authorHash === 'string' ? item.authorHash : null,
    ...(problem ? { problem } : {}),
  };
}

/** Reads a JSON export; a comment that is not in its shape is skipped and reported, never the file. */
export function parseJsonExport(bytes: Uint8Array): ImportRecord[] {
  let file: Partial<ExportFile>;
  try {
    file = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Partial<ExportFile>;
  } catch (error) {
    throw new Error(`This is not a JSON export: ${(error as Error).message}`);
  }
  if (file?.format !== 'comment-thread' || file.version !== 1 || !Array.isArray(file.comments)) {
    throw new Error('This is not a comment-thread JSON export (format "comment-thread", version 1, comments[]).');
  }
  return file.comments.map(record);
}

/** A JSON export as an import source: read whole (it is this server's own format). */
export function jsonSource(path: string): ImportSource {
  let records: ImportRecord[] = [];
  return {
    format: 'json',
    grouped: false,
    async check(progress) {
      const bytes = await readFile(path);
      progress(bytes.length);
      records = parseJsonExport(bytes);
      return records.length;
    },
    async read(take) {
      const all = records;
      records = [];
      await take(all);
    },
  };
}
