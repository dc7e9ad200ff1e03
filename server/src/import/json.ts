/**
 * The JSON export format, which imports back exactly (`export`, `import --format json`):
 *
 * ```json
 * { "format": "comment-thread", "version": 1, "exportedAt": "2026-11-28T10:00:00.000Z",
 *   "comments": [ { "id": "…", "threadId": "/posts/hello", "parentId": null,
 *     "author": { "name": "Ann", "website": "https://ann.example/" }, "body": "Markdown",
 *     "createdAt": "…", "updatedAt": null, "status": "published", "kind": "comment",
 *     "score": 0, "authorHash": null } ] }
 * ```
 *
 * `status` is one of published, pending, spam, rejected, deleted; `kind` one of comment,
 * pingback, trackback; `score` an integer (the `top` order); `authorHash` the SHA-256 of the
 * author's browser key (never the key). Edit tokens are not exported: they expire within
 * minutes anyway. Nor are client addresses: their keyed hashes mean nothing without the
 * server secret. The README's "Import and export" paragraph shows this schema too; keep the
 * two in step.
 *
 * @module
 */
import type { StoredComment } from '../store/comment-store.js';
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
    })),
  };
}

const STATUSES = new Set(['published', 'pending', 'spam', 'rejected', 'deleted']);
const KINDS = new Set(['comment', 'pingback', 'trackback']);

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
  return file.comments.map((c, i) => {
    const where = `comments[${i}]`;
    if (typeof c?.id !== 'string' || typeof c.threadId !== 'string' || typeof c.body !== 'string') throw new Error(`${where} needs string id, threadId and body.`);
    if (Number.isNaN(Date.parse(c.createdAt))) throw new Error(`${where}.createdAt is not a date.`);
    if (!STATUSES.has(c.status)) throw new Error(`${where}.status "${c.status}" is not one of ${[...STATUSES].join(', ')}.`);
    if (!KINDS.has(c.kind)) throw new Error(`${where}.kind "${c.kind}" is not one of ${[...KINDS].join(', ')}.`);
    return {
      id: c.id,
      threadId: c.threadId,
      parentId: typeof c.parentId === 'string' ? c.parentId : null,
      authorName: typeof c.author?.name === 'string' ? c.author.name : '',
      authorWebsite: typeof c.author?.website === 'string' ? c.author.website : null,
      body: c.body,
      status: c.status,
      kind: c.kind,
      score: Number.isInteger(c.score) ? c.score : 0,
      createdAt: new Date(c.createdAt).toISOString(),
      updatedAt: c.updatedAt ? new Date(c.updatedAt).toISOString() : null,
      authorHash: typeof c.authorHash === 'string' ? c.authorHash : null,
    };
  });
}
