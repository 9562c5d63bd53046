import { pino, type Logger } from 'pino';

/**
 * Structured logs. Logs carry ids, codes and timings, never personal data: anything that might hold it
 * (variables, request bodies, auth headers) is redacted before it is written.
 */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['variables', 'req.headers.authorization', 'headers.authorization', '*.variables', 'body'],
      censor: '[redacted]',
    },
  });
}
export type { Logger };

/**
 * What of an error may be logged: its class, PostgreSQL's SQLSTATE and constraint name, and the stack's
 * code locations. Never the message: database and driver messages quote the values they choke on.
 */
export function loggableError(err: unknown): Record<string, unknown> {
  const e = err as { name?: string; code?: string; constraint?: string; stack?: string } | undefined;
  return {
    type: e?.name ?? typeof err,
    code: e?.code,
    constraint: e?.constraint,
    at: e?.stack?.split('\n').slice(1, 6).map((l) => l.trim()),
  };
}
