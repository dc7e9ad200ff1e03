/**
 * Which failures of a store mean "the database cannot be used right now" rather than a bug:
 * PostgreSQL restarting, shutting down, refusing or dropping connections, a network fault on
 * the way to it, and SQLite's full disk or I/O errors. The API answers those with a 503 and
 * `Retry-After` (`app.ts`), and the next request tries again: the pool replaces broken
 * connections, so the server serves again as soon as the database is back, with no restart.
 *
 * @module
 */

/** PostgreSQL SQLSTATE classes and codes of an unusable connection or server. */
const POSTGRES_UNAVAILABLE = /^(08|57P0[1-4]|53300|53400)/;
/** Node's network errors on the way to the database. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** SQLite's: the disk is full, an I/O error, the database is locked longer than the busy timeout. */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|IOERR|BUSY|CANTOPEN)/;

/** Whether `error` says the database cannot be used right now (see the module). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (POSTGRES_UNAVAILABLE.test(code) || NETWORK.has(code) || SQLITE_UNAVAILABLE.test(code))) return true;
  // pg's own, without a code: the connection ended under a query, or the pool timed out.
  return typeof message === 'string' && /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(message);
}

/** How many seconds a client should wait before trying again. */
export const UNAVAILABLE_RETRY_SECONDS = 5;
