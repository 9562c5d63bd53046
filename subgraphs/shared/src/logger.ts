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
