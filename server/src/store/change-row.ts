/**
 * A row of the change log (`changes`) as both stores read it.
 *
 * @module
 */
import type { Change } from './comment-store.js';

/** The columns the stores select from `changes`; PostgreSQL gives a BIGSERIAL as a string. */
export interface ChangeRow {
  seq: number | string;
  type: Change['type'];
  thread_id: string;
  comment_id: string;
}

export function fromChangeRow(row: ChangeRow): Change {
  return { seq: Number(row.seq), type: row.type, threadId: row.thread_id, id: row.comment_id };
}
