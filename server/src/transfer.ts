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
import type { CommentStore, ImportResult, SkippedAlias } from './store/comment-store.js';
import { LIMITS } from './validate.js';

const FORMATS: Record<string, (bytes: Uint8Array) => ImportRecord[]> = {
  wordpress: parseWordPress,
  disqus: parseDisqus,
  json: parseJsonExport,
};

/** What an import did, with the aliases (old ids) it kept and those it could not. */
export type ImportOutcome = ImportReport & Pick<ImportResult, 'aliases' | 'skippedAliases'>;

/** Imports records into a store; the report says what happened. */
export async function importRecords(store: CommentStore, records: readonly ImportRecord[]): Promise<ImportOutcome> {
  const { rows, orphans } = toRows(records);
  const { imported, skipped, aliases, skippedAliases } = await store.importComments(rows);
  const tally = (key: 'status' | 'kind'): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const row of rows) counts[row[key]] = (counts[row[key]] ?? 0) + 1;
    return counts;
  };
  return { read: records.length, imported, skipped, orphans, byStatus: tally('status'), byKind: tally('kind'), aliases, skippedAliases };
}

/** Skipped aliases listed in the import's report; the rest are counted. */
const LISTED_ALIASES = 10;

function describeSkippedAlias(skipped: SkippedAlias): string {
  const what = `old id "${skipped.alias}" of ${skipped.commentId} (thread ${skipped.threadId})`;
  if (skipped.reason === 'taken') return `${what}: already the id or old id of ${skipped.takenBy} there`;
  if (skipped.reason === 'invalid') return `${what}: not an id (1 to ${LIMITS.idMax} characters, no control characters)`;
  return `${what}: the comment was not imported (its id is taken in another thread)`;
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
    if (report.skippedAliases.length > 0) {
      const shown = report.skippedAliases.slice(0, LISTED_ALIASES).map((skipped) => `  ${describeSkippedAlias(skipped)}`);
      const more = report.skippedAliases.length - shown.length;
      console.log(
        [`${report.skippedAliases.length} old ids were not kept, so links to them will not find their comments:`, ...shown, ...(more > 0 ? [`  and ${more} more`] : [])].join('\n'),
      );
    }
  } finally {
    await store.close();
  }
  return 0;
}
