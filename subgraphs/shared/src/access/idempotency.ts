import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError } from '../errors.js';

/** What a claim gives a write: the first outcome to return again, or how to record this one. */
export interface Claim {
  replay?: unknown;
  record(result: unknown): Promise<void>;
}

const NOTHING: Claim = { record: async () => undefined };

/**
 * Exactly-once writes from the client's view. A request's n-th write claims (principal, key, n) inside its own
 * transaction before it changes anything: a retry of a committed write finds the claim and gets the first
 * outcome back (the entity as it is now, or the value it returned); a concurrent retry waits on the claim's row
 * until the first transaction ends; a write that failed left no claim, so its retry runs. A key reused for a
 * different request is a CONFLICT.
 */
export class Idempotency {
  /** Identifies the request (its operation and variables), so a key cannot replay another request's outcome. */
  fingerprint = '';

  constructor(private readonly sub: string, private readonly key: string | undefined) {}

  async claim(tx: EntityManager, seq: number): Promise<Claim> {
    if (!this.key) return NOTHING;
    const run = (sql: string, params: unknown[]) => tx.getConnection().execute(sql, params, 'all', tx.getTransactionContext());
    const taken: unknown[] = await run(
      `insert into "access"."idempotency" (sub, key, seq, request_hash, result) values (?, ?, ?, ?, 'null'::jsonb) on conflict do nothing returning 1`,
      [this.sub, this.key, seq, this.fingerprint],
    );
    if (taken.length === 0) {
      const [row] = (await run(`select request_hash, result from "access"."idempotency" where sub = ? and key = ? and seq = ?`, [this.sub, this.key, seq])) as {
        request_hash: string; result: Stored;
      }[];
      if (!row || row.request_hash !== this.fingerprint) throw new ConflictError('This Idempotency-Key was used for a different request');
      return { replay: await replay(tx, row.result), record: async () => undefined };
    }
    return {
      record: async (result) => {
        await run(`update "access"."idempotency" set result = ?::jsonb where sub = ? and key = ? and seq = ?`, [JSON.stringify(stored(tx, result)), this.sub, this.key, seq]);
      },
    };
  }
}

/** An entity is kept by name and id (read again on replay, as the first write left it or as it is now); anything else by value. */
type Stored = { entity: string; id: string } | { value: unknown };

function stored(tx: EntityManager, result: unknown): Stored {
  const name = (result as object | null)?.constructor?.name;
  const id = (result as { id?: unknown } | null)?.id;
  if (name && typeof id === 'string' && tx.getMetadata().find(name)) return { entity: name, id };
  return { value: result ?? null };
}

async function replay(tx: EntityManager, s: Stored): Promise<unknown> {
  if ('entity' in s) return tx.findOne(s.entity, { id: s.id } as never);
  return s.value;
}
