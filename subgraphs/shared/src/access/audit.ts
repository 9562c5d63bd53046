import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@caregraph/schema';
import { runPrepared } from './prepared.js';

/** Group names and uuids need no quoting inside a PostgreSQL array literal. */
const literal = (values: Iterable<string>) => `{${[...values].join(',')}}`;

/** What kind of access an entry records (policy.md, "Audit, precisely"). */
export type AccessKind = 'read' | 'refused' | 'write' | 'playback';

/**
 * What one request did in one subgraph: which children it read, which it was refused, what it wrote, which
 * field groups were read and denied. One entry per request × child × subgraph (and one per refused attempt
 * with no child), written as one insert: for reads when the response is ready (if it cannot be written the
 * response is withheld), for writes inside the write's own transaction (both or neither).
 */
export class AuditLog {
  private readonly read = new Set<string>();
  /** Children whose read entry is already written (with the scope check's statement). */
  private readonly logged = new Set<string>();
  private readonly refusedChildren = new Set<string>();
  private readonly groups = new Set<string>();
  private readonly denied = new Set<string>();
  private playback = false;
  /** A write's entry was committed with it in this request. */
  wroteAny = false;

  childRead(childId: string): void {
    this.read.add(childId);
  }

  /**
   * The insert of read entries for the children a SELECT yields (`source`, with a `child_id` column), as one
   * statement fragment: the scope check writes its audit entries in its own statement. Children already written
   * in this request are left out. `null` while the request's field groups are not yet declared (plain routes).
   */
  readEntryInsert(meta: AuditMeta, source: string): { sql: string; params: unknown[] } | null {
    if (!this.declared) return null;
    return {
      sql: `insert into "audit"."access_event" (request_id, correlation_id, kind, subgraph, sub, role, la, team, agency, purpose, child_id, field_groups, denied)
            select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, s.child_id, ?::text[], ?::text[] from ${source} s where not (s.child_id = any(?::uuid[]))`,
      params: [...entryValues(meta, this.playback ? 'playback' : 'read', this.groups, this.denied), literal(this.logged)],
    };
  }

  /** The request's field groups are all known (declared from its document): entries may be written early. */
  declared = false;

  /** These children's read entries were written by the statement that checked their scope. */
  markLogged(childIds: Iterable<string>): void {
    for (const id of childIds) {
      this.logged.add(id);
      this.read.add(id);
    }
  }

  refused(childId?: string): void {
    if (childId) this.refusedChildren.add(childId);
  }

  /** The child was in scope, but what was asked of it was refused (e.g. a recording the child did not share). */
  refuseRead(childId: string): void {
    if (this.logged.has(childId)) return;
    this.read.delete(childId);
    this.refusedChildren.add(childId);
  }

  /** The read is a recording's playback (voice route). */
  markPlayback(): void {
    this.playback = true;
  }

  groupRead(group: string): void {
    this.groups.add(group);
  }

  groupDenied(group: string): void {
    this.denied.add(group);
  }

  /** Entries still to write for this request (reads and refusals; writes went with their transaction). */
  private entries(): { kind: AccessKind; childIds: string[] }[] {
    const refused = [...this.refusedChildren].filter((c) => !this.read.has(c));
    const out: { kind: AccessKind; childIds: string[] }[] = [];
    const unlogged = [...this.read].filter((c) => !this.logged.has(c));
    if (unlogged.length) out.push({ kind: this.playback ? 'playback' : 'read', childIds: unlogged });
    if (refused.length) out.push({ kind: 'refused', childIds: refused });
    return out;
  }

  async flush(em: EntityManager, meta: AuditMeta): Promise<void> {
    const entries = this.entries();
    // A refused attempt at something that names no child (a denied root field) is an entry of its own.
    if (entries.length === 0 && this.logged.size === 0 && this.denied.size > 0 && !this.wroteAny) {
      entries.push({ kind: 'refused', childIds: [] });
    }
    for (const e of entries) await insert(em, meta, e.kind, e.childIds, this.groups, this.denied);
    for (const c of this.read) this.logged.add(c);
    this.read.clear();
    this.refusedChildren.clear();
    this.denied.clear();
  }

  /** Records a write (who, what kind, which child) inside the write's transaction `tx`. */
  async flushWrite(tx: EntityManager, meta: AuditMeta, childIds: string[]): Promise<void> {
    await insert(tx, meta, 'write', childIds, this.groups, []);
    this.wroteAny = true;
  }
}

export interface AuditMeta {
  principal: Principal;
  subgraph: string;
  requestId: string;
  correlationId?: string;
}

/** An entry's values but the child, in the insert's column order. */
function entryValues(meta: AuditMeta, kind: AccessKind, groups: Iterable<string>, denied: Iterable<string>): unknown[] {
  const { principal } = meta;
  return [
    meta.requestId, meta.correlationId ?? null, kind, meta.subgraph, principal.sub, principal.role, principal.la, principal.team ?? null, principal.agency ?? null,
    principal.purpose ?? null, literal(groups), literal(denied),
  ];
}

async function insert(em: EntityManager, meta: AuditMeta, kind: AccessKind, childIds: string[], groups: Iterable<string>, denied: Iterable<string>) {
  // One row per child, the rest of the row sent once: the child ids travel as one array parameter (array
  // literals, since the query layer would expand a JS array into a list of parameters). No child: one row.
  const children = childIds.length ? 'unnest(?::uuid[]) as t(child_id)' : '(select ?::uuid as child_id) as t';
  await runPrepared(
    em,
    `insert into "audit"."access_event" (request_id, correlation_id, kind, subgraph, sub, role, la, team, agency, purpose, child_id, field_groups, denied)
     select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, child_id, ?::text[], ?::text[] from ${children}`,
    [...entryValues(meta, kind, groups, denied), childIds.length ? literal(childIds) : null],
    { inTransaction: true },
  );
}
