/**
 * `import` and `export` subcommands. The formats come in a later change; until then the
 * command says so plainly.
 *
 * @module
 */
import { ConfigError } from './config.js';

export async function runTransfer(command: 'import' | 'export', _files: string[], _format: string | null, _db: string): Promise<number> {
  throw new ConfigError(`${command} is not available in this version yet.`);
}
