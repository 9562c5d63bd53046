import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** Socket-level codes of a database that cannot be reached (node and the pg driver). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
/**
 * SQLSTATEs that mean "the server is not there for you now", not "your statement is wrong": class 08
 * (connection exception), 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many
 * connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;

/**
 * Whether an error means the database is unreachable (down, restarting, refusing connections) rather than a bug
 * or a bad request. MikroORM and knex wrap the driver's error, so the chain of causes is followed.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    const name = typeof e.name === 'string' ? e.name : '';
    if (name === 'ConnectionException' || name === 'KnexTimeoutError') return true;
    // pg's errors when the server goes away under an open connection, or a pooled client it dropped is used
    // again, carry no code.
    // knex's "already complete": a transaction whose connection died was completed (rolled back) under the
    // statement that followed; nothing of it was committed, and a keyed retry is safe either way.
    if (typeof e.message === 'string' && /^Connection terminated|encountered a connection error and is not queryable$|^Transaction query already complete/.test(e.message)) return true;
    e = (e.cause ?? e.previous ?? e.originalError) as Record<string, unknown> | undefined;
  }
  return false;
}

/**
 * Wraps a service's `formatError`: an error caused by an unreachable database is answered
 * SERVICE_UNAVAILABLE at its path (a fault, retryable), not INTERNAL_SERVER_ERROR (a bug).
 */
export function withDatabaseFaults(
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    if (!isDatabaseUnavailable(unwrapResolverError(error))) return formatError(formatted, error);
    return {
      message: 'The database is unavailable; try again shortly',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  };
}
