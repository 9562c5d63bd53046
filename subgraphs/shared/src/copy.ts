import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type Knex = ReturnType<ReturnType<EntityManager['getConnection']>['getKnex']>;
interface KnexClient {
  acquireConnection(): Promise<ClientBase>;
  releaseConnection(connection: ClientBase): Promise<unknown>;
}

/** The knex bound to the caller's transaction, or the pool's when there is none. */
export const knexOf = (em: EntityManager): Knex => (em.getTransactionContext() ?? em.getConnection().getKnex()) as Knex;

/**
 * The pg connection the caller's statements run on: a transaction's own (nested savepoints share it), or
 * one borrowed from the pool, released by `done`.
 */
export async function connectionOf(em: EntityManager): Promise<{ connection: ClientBase; done(): Promise<void> }> {
  const inTransaction = em.getTransactionContext() != null;
  const client = (knexOf(em) as unknown as { client: KnexClient }).client;
  const connection = await client.acquireConnection();
  return { connection, done: async () => void (inTransaction ? undefined : await client.releaseConnection(connection)) };
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/** A value's text as one field of COPY's text format (backslash, newline, CR and tab escaped). */
const field = (text: string) => (SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]!) : text);

const ELEMENT_SPECIAL = /["\\]/;
const ELEMENT_SPECIALS = /["\\]/g;
const quoted = (text: string) => (ELEMENT_SPECIAL.test(text) ? `"${text.replace(ELEMENT_SPECIALS, '\\$&')}"` : `"${text}"`);

/** One value as an element of a PostgreSQL array literal: NULL, or its text form double-quoted. */
function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = plain(value);
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? text : quoted(text);
}

/** The text PostgreSQL's input function for the column takes (what a `::type` cast from text would take). */
function plain(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      if (value instanceof Date) return value.toISOString();
      if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
      if (Array.isArray(value)) return `{${value.map(element).join(',')}}`;
      return JSON.stringify(value);
  }
}

export type Encoder = (value: unknown) => string;

/** The COPY text encoder for a column of `type` (format_type form): json columns take any value as JSON text. */
export function encoderFor(type: string): Encoder {
  if (type === 'json' || type === 'jsonb') return (v) => (v === null || v === undefined ? '\\N' : field(JSON.stringify(v)));
  return (v) => (v === null || v === undefined ? '\\N' : typeof v === 'number' ? String(v) : field(typeof v === 'string' ? v : plain(v)));
}

/**
 * COPY text collected line by line straight into a growing buffer: concatenating a batch into one string and
 * encoding that cost seeding more than building the rows (the long string is flattened, then copied again).
 */
export class CopyBuffer {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private length = 0;

  /** One row's line, fields tab-separated, with its newline. */
  line(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.length + text.length * 3 > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + text.length * 3));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(text, this.length);
  }

  get bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** Streams COPY text (one line per row) into `table (columns)` on the caller's connection, so in its transaction. */
export async function copyInto(em: EntityManager, table: string, columns: string[], text: string | Buffer): Promise<void> {
  if (text.length === 0) return;
  const { connection, done } = await connectionOf(em);
  try {
    const sql = `copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`;
    await pipeline(Readable.from([text]), connection.query(copyFrom(sql)));
  } finally {
    await done();
  }
}
