/**
 * A row of the outbox (`outbox`) as both stores read it.
 *
 * @module
 */
import type { OutboxEntry, OutboxItem } from './comment-store.js';

/** The columns of `outbox`; PostgreSQL gives a BIGSERIAL as a string and dates as Dates. */
export interface OutboxRow {
  id: number | string;
  kind: OutboxItem['kind'];
  target: string;
  event: string;
  payload: string;
  status: OutboxEntry['status'];
  attempts: number;
  next_at: string | Date;
  last_result: string | null;
  created_at: string | Date;
  done_at: string | Date | null;
}

const iso = (value: string | Date): string => (value instanceof Date ? value.toISOString() : value);

export function outboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: Number(row.id),
    kind: row.kind,
    target: row.target,
    event: row.event,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    nextAt: iso(row.next_at),
    lastResult: row.last_result,
    createdAt: iso(row.created_at),
    doneAt: row.done_at === null ? null : iso(row.done_at),
  };
}
