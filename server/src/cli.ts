#!/usr/bin/env node
/**
 * `comment-thread-server`: starts the server (default), imports and exports comments, or
 * copies a running SQLite database (`backup`).
 * Bad options print one line and exit with status 2; `--help` lists every option.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, parseConfig, parseDb, readOptions, USAGE } from './config.js';
import { startServer, type RunningServer } from './server.js';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (argv.includes('--version')) {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(version);
    return 0;
  }
  // `import --json` prints the whole import report as JSON; the flag takes no value.
  const json = argv.includes('--json');
  const { values, rest } = readOptions(argv.filter((arg) => arg !== '--json'), process.env);
  const command = rest[0] ?? 'serve';
  if (json && command !== 'import') throw new ConfigError('--json is only for import (import --format … FILE --json prints the whole report as JSON).');
  const format = values.get('--format')?.[0] ?? null;
  if (command === 'serve') {
    if (rest.length > 1) throw new ConfigError(`Unexpected argument "${rest[1]}"; see --help.`);
    if (format !== null) throw new ConfigError('--format is only for import (import --format wordpress|disqus|json FILE); the server takes no --format.');
    const config = parseConfig(values);
    // Listening for the signals before starting: one that comes while the server starts ends
    // it as soon as it has, cleanly, rather than killing it mid-start.
    let started: Promise<RunningServer> | null = null;
    const stop = (): void => {
      void started?.then((server) => server.close()).then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    started = startServer(config);
    const server = await started;
    console.log(`comment-thread-server: listening on ${server.url} (${config.db.startsWith('sqlite:') ? config.db : 'postgres'})`);
    return -1;
  }
  if (command === 'import' || command === 'export') {
    const { runTransfer } = await import('./transfer.js');
    if (command === 'export' && format !== null && format !== 'json') throw new ConfigError(`export writes --format json only, not "${format}".`);
    return runTransfer(command, rest.slice(1), format, parseDb(values.get('--db')?.[0] ?? 'sqlite:./comments.db'), { json });
  }
  if (command === 'backup') {
    if (rest.length > 2) throw new ConfigError(`Unexpected argument "${rest[2]}"; see --help.`);
    const { backupSqlite } = await import('./backup.js');
    const done = await backupSqlite(parseDb(values.get('--db')?.[0] ?? 'sqlite:./comments.db'), rest[1]);
    console.log(`comment-thread-server: backed up ${done.comments} comments to ${done.file} (${(done.bytes / 1e6).toFixed(1)} MB, ${done.ms} ms; integrity check ok)`);
    return 0;
  }
  throw new ConfigError(`Unknown command "${command}"; see --help.`);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`comment-thread-server: ${error.message}`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`comment-thread-server: ${message}`);
    process.exit(1);
  },
);
