/**
 * The `import` and `export` subcommands.
 *
 *   comment-thread-server import --format wordpress|disqus|json FILE [--db URL] [--json]
 *   comment-thread-server export [--db URL] > comments.json
 *
 * An import checks the whole file first (its encoding, its XML), so a broken file is refused
 * before anything is stored; then it streams the comments into the store in batches, with
 * progress on standard error, and prints what it did: how many comments it stored, and every
 * comment it skipped or changed, with the reason (the first ten of each in the text summary,
 * all of them with `--json`). Imports are idempotent: comments already in the database (same
 * id) are left as they are, so a file can be imported again after fixing a problem.
 *
 * @module
 */
import { stat } from 'node:fs/promises';
import { ConfigError } from './config.js';
import { disqusSource } from './import/disqus.js';
import { importSource, type ImportSource } from './import/importer.js';
import { jsonSource, toExport } from './import/json.js';
import { Progress } from './import/progress.js';
import { formatReport, ImportReport } from './import/report.js';
import { wordPressSource } from './import/wordpress.js';
import { openStore } from './open-store.js';

const FORMATS: Record<string, (path: string) => ImportSource> = {
  wordpress: wordPressSource,
  disqus: disqusSource,
  json: jsonSource,
};

export interface TransferOptions {
  /** `import --json`: print the whole report as JSON instead of the summary. */
  json?: boolean;
}

async function runImport(file: string, format: string, db: string, { json = false }: TransferOptions): Promise<number> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const source = FORMATS[format]!(file);
  const progress = new Progress(process.stderr, file);
  const report = new ImportReport(file, format);
  let total: number;
  try {
    total = await source.check((bytes) => progress.checking(bytes, size));
  } catch (error) {
    progress.end();
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
  const store = await openStore(db);
  try {
    await importSource(store, source, total, report, progress);
    console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
  } finally {
    await store.close();
  }
  return 0;
}

export async function runTransfer(command: 'import' | 'export', files: string[], format: string | null, db: string, options: TransferOptions = {}): Promise<number> {
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
  return runImport(files[0]!, format, db, options);
}
