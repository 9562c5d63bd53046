import type { Logger } from './logger.js';

/**
 * One line per request, written when the response ends (or the client goes away). It names the request, never
 * its content: no variables, no body, no query text, no token, no child or person id, no client address.
 */
export interface AccessEntry {
  requestId: string;
  /** The caller's own id for the request, if it sent one (bounded, printable); a join key for its logs only. */
  correlationId?: string;
  method: string;
  /** The route pattern (`POST /graphql`, `PUT /voice-entries/:id/audio`), never the concrete path. */
  route: string;
  operation?: string;
  role?: string;
  status: number;
  durationMs: number;
  /** Distinct error codes in the response (GraphQL `extensions.code`). */
  codes: string[];
  /** The client closed the connection before the response was complete. */
  aborted?: boolean;
}

export function logAccess(log: Logger, entry: AccessEntry): void {
  log.info({ access: entry }, 'request');
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const FIRST_OPERATION_NAME = /^\s*(?:#[^\n]*\n\s*)*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]{0,99})/;

/**
 * The GraphQL operation name of a parsed request body: its `operationName`, else the first named operation in
 * the document. A GraphQL name or nothing: client-chosen text that is not a name is never logged.
 */
export function operationNameOf(body: unknown): string | undefined {
  const b = (Array.isArray(body) ? body[0] : body) as { operationName?: unknown; query?: unknown } | undefined;
  if (!b || typeof b !== 'object') return undefined;
  if (typeof b.operationName === 'string') return NAME.test(b.operationName) ? b.operationName : undefined;
  if (typeof b.query === 'string') return FIRST_OPERATION_NAME.exec(b.query.slice(0, 2000))?.[1];
  return undefined;
}

/** Distinct `extensions.code` values of a GraphQL response body, read only when the body has errors. */
export function errorCodesOf(body: string): string[] {
  if (!body.includes('"errors"')) return [];
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
    const codes = new Set<string>();
    for (const e of parsed.errors ?? []) codes.add(typeof e?.extensions?.code === 'string' ? e.extensions.code : 'UNCODED');
    return [...codes];
  } catch {
    return [];
  }
}
