import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { allows, groupOf, rowFilterOf, type Principal, type RowFilter } from '@caregraph/schema';
import { ForbiddenError } from '../errors.js';
import { AuditLog } from './audit.js';
import { createScopeLoader, scopeFilter } from './scope.js';

/** `off` exists for benchmarks and data-logic tests only; production refuses to start with it. */
export type AuthorizationMode = 'enforced' | 'off';

/** Every access decision a resolver needs, for one principal and one request. */
export class AccessControl {
  readonly audit = new AuditLog();
  private readonly scope: DataLoader<string, boolean>;
  private readonly decided = new Map<string, boolean>();

  constructor(
    readonly principal: Principal,
    private readonly em: EntityManager,
    readonly mode: AuthorizationMode,
    private readonly agreementGroups: readonly string[],
  ) {
    this.scope = createScopeLoader(em, principal);
  }

  static async create(principal: Principal, em: EntityManager, mode: AuthorizationMode): Promise<AccessControl> {
    let groups: string[] = [];
    if (mode === 'enforced' && principal.role === 'partner_agency' && principal.agreement) {
      const rows: { field_groups: string[] }[] = await em.getConnection().execute(
        `select field_groups from "access"."agreement" where id = ? and valid_from <= now() and valid_to > now()`,
        [principal.agreement],
      );
      groups = rows[0]?.field_groups ?? [];
    }
    return new AccessControl(principal, em, mode, groups);
  }

  /**
   * Field-level decision for a schema coordinate, recorded for the audit trail. It depends only on the principal,
   * so it is made once per coordinate per request (resolvers ask it for every row).
   */
  field(coordinate: string): boolean {
    if (this.mode === 'off') return true;
    let ok = this.decided.get(coordinate);
    if (ok === undefined) {
      ok = allows(this.principal.role, coordinate, this.agreementGroups);
      const group = groupOf(coordinate);
      if (group && group !== 'keys') (ok ? this.audit.groupRead(group) : this.audit.groupDenied(group));
      this.decided.set(coordinate, ok);
    }
    return ok;
  }

  rowFilter(coordinate: string): RowFilter | undefined {
    return this.mode === 'off' ? undefined : rowFilterOf(this.principal.role, coordinate);
  }

  /** May this principal see this child now? One SQL statement per batch; a yes is audited as a read. */
  async canSeeChild(childId: string): Promise<boolean> {
    if (this.mode === 'off') return true;
    const ok = await this.scope.load(childId);
    if (ok) this.audit.childRead(childId);
    return ok;
  }

  /** The same answer, whether the child does not exist or is not in scope, so ids cannot be probed. */
  async requireChild(childId: string): Promise<void> {
    if (!(await this.canSeeChild(childId))) throw new ForbiddenError('Not permitted to see this child');
  }

  /** Keeps the rows whose child is in scope (one statement for the whole list). */
  async filterByChild<T>(rows: T[], childIdOf: (row: T) => string): Promise<T[]> {
    const visible = await Promise.all(rows.map((r) => this.canSeeChild(childIdOf(r))));
    return rows.filter((_, i) => visible[i]);
  }

  /** A WHERE fragment for list queries over children (`column` holds the child id). */
  childFilter(column: string): { sql: string; params: string[] } {
    return this.mode === 'off' ? { sql: 'true', params: [] } : scopeFilter(this.principal, column);
  }

  flushAudit(meta: { subgraph: string; requestId: string }): Promise<void> {
    return this.mode === 'off' ? Promise.resolve() : this.audit.flush(this.em, { principal: this.principal, ...meta });
  }
}
