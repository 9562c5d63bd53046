import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessControl, type RequestMeta } from '@caregraph/kit';
import type { MarkedSpan, Principal, VoiceRow } from '@caregraph/schema';

/**
 * Methods of AccessControl that decide nothing on their own (they ask `allows`, which is overridden, or only
 * record for the audit trail this class never writes), so AllowAllAccess keeps them. Every other method must be
 * overridden here: bench/test/allow-all.test.ts fails when AccessControl gains one that is not.
 */
// `transact` is reached only through `write` and `writeNew`, which the allow-all overrides.
export const NEUTRAL_METHODS = ['constructor', 'field', 'declare', 'isOwnRecord', 'auditMeta', 'transact'];

/**
 * The benchmark's "authorization off" comparison, and nothing else: an access control that allows every
 * coordinate, sees every child, filters no row, redacts nothing and writes no audit entry. It lives in bench/
 * only; product code has no mode that turns the policy off (issue 9). `createSubgraph(def, { accessControl:
 * AllowAllAccess.create })` builds a subgraph with it (bench/src/allow-all-subgraph.ts).
 */
export class AllowAllAccess extends AccessControl {
  static override async create(principal: Principal, em: EntityManager, request: RequestMeta): Promise<AccessControl> {
    // No scope condition is ever used: every scope question is answered here without SQL.
    return new AllowAllAccess(principal, em, [], 'none', request);
  }

  protected override allows(_coordinate: string): boolean {
    return true;
  }

  override async canSeeChild(_childId: string): Promise<boolean> {
    return true;
  }

  override async requireChild(_childId: string): Promise<void> {}

  override async filterByChild<T>(rows: T[], _childIdOf: (row: T) => string): Promise<T[]> {
    return rows;
  }

  override childFilter(_column: string): { sql: string; params: string[] } {
    return { sql: 'true', params: [] };
  }

  /** The page alone: no read entries written with it. */
  override async readChildPage(sql: string, params: readonly unknown[], _limit: number): Promise<Record<string, unknown>[]> {
    return this.em.getConnection().execute(sql, [...params]);
  }

  override auditTrailFilter(): { sql: string; params: unknown[] } {
    return { sql: 'true', params: [] };
  }

  /** The change alone, in its own transaction as the policy's writes are, without an audit entry. */
  override async write<T>(_about: string | readonly string[], change: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.em.transactional((tx) => change(tx as EntityManager));
  }

  override async writeNew<T>(change: (tx: EntityManager) => Promise<T>, _childIdOf: (result: T) => string): Promise<T> {
    return this.em.transactional((tx) => change(tx as EntityManager));
  }

  override keepDated<T>(_coordinate: string, items: T[], _dateOf: (item: T) => { date: string; dateOfBirth: string }): T[] {
    return items;
  }

  override mayHear(_entry: VoiceRow): boolean {
    return true;
  }

  override keepCarer(_carer: { carerId: string; linkedToChildInScope: boolean }): boolean {
    return true;
  }

  override requireSchool(_urn: string, _childId: string): void {}

  override redact<K, F extends Record<string, string | null>>(item: { fields: F; source: string; spans: readonly MarkedSpan<K>[] }): { fields: F; kinds: K[] } {
    return { fields: item.fields, kinds: [] };
  }

  override withholdsFamilyContact(): boolean {
    return false;
  }

  override async flushAudit(): Promise<void> {}
}
