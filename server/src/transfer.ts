/**
 * The `import` and `export` subcommands.
 *
 *   comment-thread-server import --format wordpress|disqus|json FILE [--db URL]
 *   comment-thread-server export [--db URL] > comments.json
 *
 * Imports are idempotent: comments already in the database (same id) are skipped, so a file
 * can be imported again after fixing a problem.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from './config.js';
import { parseDisqus } from './import/disqus.js';
import { parseJsonExport, toExport } from './import/json.js';
import { toRows, type ImportReport, type ImportRecord } from './import/records.js';
import { parseWordPress } from './import/wordpress.js';
import { openStore } from './open-store.js';
import type { CommentStore } from './store/comment-store.js';

const FORMATS: Record<string, (bytes: Uint8Array) => ImportRecord[]> = {
  wordpress: parseWordPress,
  disqus: parseDisqus,
  json: parseJsonExport,
};

/** Imports records into a store; the report says what happened. */
export async function importRecords(store: CommentStore, records: readonly ImportRecord[]): Promise<ImportReport> {
  const { rows, orphans } = toRows(records);
  const { imported, skipped } = await store.importComments(rows);
  const tally = (key: 'status' | 'kind'): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const row of rows) counts[row[key]] = (counts[row[key]] ?? 0) + 1;
    return counts;
  };
  return { read: records.length, imported, skipped, orphans, byStatus: tally('status'), byKind: tally('kind') };
}

export async function runTransfer(command: 'import' | 'export', files: string[], format: string | null, db: string): Promise<number> {
  if (command === 'export') {
    if (files.length > 0) throw new ConfigError('export writes to standard output: comment-thread-server export > comments.json');
    const store = await openStore(db);
    try {
      process.stdout.write(`${JSON.stringify(toExport(await store.all()), null, 2)}\n`);
    } finally {
      await store.close();
    }
    return 0;
  }
  if (!format || !(format in FORMATS)) throw new ConfigError(`import needs --format wordpress, disqus or json${format ? `, not "${format}"` : ''}.`);
  if (files.length !== 1) throw new ConfigError('import needs exactly one FILE.');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(files[0]!);
  } catch (error) {
    throw new ConfigError(`cannot read ${files[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let records: ImportRecord[];
  try {
    records = FORMATS[format]!(bytes);
  } catch (error) {
    throw new ConfigError(`${files[0]}: ${(error as Error).message}`);
  }
  const store = await openStore(db);
  try {
    const report = await importRecords(store, records);
    const list = (counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
    console.log(
      `Imported ${report.imported} of ${report.read} comments from ${files[0]} (${report.skipped} already there; ` +
        `${report.orphans} replies to missing comments became top-level). Status: ${list(report.byStatus)}. Kind: ${list(report.byKind)}.`,
    );
  } finally {
    await store.close();
  }
  return 0;
}
