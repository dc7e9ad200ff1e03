/**
 * An import from start to end, in bounded memory: the source reads its file once to check it
 * (encoding, XML) and to learn what the comments need (the export's users, the Disqus threads),
 * so that a broken file is refused before anything is stored; then it reads it again and hands
 * the comments over a group at a time (a WordPress post's). Each comment is checked against the
 * API's rules (`checks.ts`) and threaded (`threading.ts`); the rows go to the store in
 * transactions of {@link BATCH} rows, parents always before their replies.
 *
 * @module
 */
import type { CommentStore, NewStoredComment } from '../store/comment-store.js';
import { problemOf } from './checks.js';
import type { Progress } from './progress.js';
import { toRow, type ImportRecord } from './records.js';
import type { ImportReport, Problem } from './report.js';
import { Threading } from './threading.js';

/** Rows per `importComments` transaction. */
export const BATCH = 1000;

/** An export file, read by one of the importers. */
export interface ImportSource {
  /** `wordpress`, `disqus` or `json`. */
  readonly format: string;
  /**
   * Whether each group holds every reply to its comments (WordPress: a post's comments), so
   * that replies still waiting at its end have no parent in the file.
   */
  readonly grouped: boolean;
  /** Reads the whole file once to check it; resolves with the number of comments in it. */
  check(progress: (bytes: number) => void): Promise<number>;
  /** Reads the comments, a group at a time, waiting for each to be taken. */
  read(take: (group: ImportRecord[]) => Promise<void>): Promise<void>;
}

/**
 * Imports a source's comments into a store, after its {@link ImportSource.check} found
 * `total` comments in the file; `report` (made before the check, whose time it counts) says
 * what happened.
 */
export async function importSource(store: CommentStore, source: ImportSource, total: number, report: ImportReport, progress: Progress): Promise<ImportReport> {
  const seen = new Set<string>();
  let batch: NewStoredComment[] = [];
  const threading = new Threading((record, parentId, rootId, change) => {
    if (change) report.change(record.id, change);
    batch.push(toRow(record, parentId, rootId, (c) => report.change(record.id, c)));
  });
  const flush = async (all: boolean): Promise<void> => {
    while (batch.length >= (all ? 1 : BATCH)) {
      const rows = batch.slice(0, BATCH);
      batch = batch.slice(BATCH);
      report.stored(rows, await store.importComments(rows));
    }
  };
  const duplicate = (id: string): Problem => ({ reason: 'duplicate-id', message: `id ${id} is used by an earlier comment of the file` });
  await source.read(async (group) => {
    for (const record of group) {
      report.read++;
      const problem = record.id !== '' && seen.has(record.id) ? duplicate(record.id) : problemOf(record);
      seen.add(record.id);
      if (problem) {
        report.skip(record.id || `(comment ${report.read})`, problem);
        threading.skip(record.id, problem);
      } else {
        threading.add(record);
      }
    }
    if (source.grouped) {
      threading.settle();
      threading.forget();
    }
    await flush(false);
    progress.comments(report.read, total);
  });
  threading.settle();
  await flush(true);
  progress.end();
  return report.finish();
}
