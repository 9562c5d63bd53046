import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ROW_RULES, allows, groupOf, rowFilterOf, type MarkedSpan, type Principal, type VoiceRow } from '@caregraph/schema';
import { CodedError, ForbiddenError } from '../errors.js';
import { AuditLog, type AuditMeta } from './audit.js';
import { Idempotency } from './idempotency.js';
import { runPrepared } from './prepared.js';
import { createScopeLoader, scopeConditionOf, scopeFilter, type ScopeCondition } from './scope.js';

/** Builds the access control of one request; the kit's default is the policy (`AccessControl.create`). */
export type AccessControlFactory = (principal: Principal, em: EntityManager, request: RequestMeta) => Promise<AccessControl>;

/** Which request this is, for its audit entries: the hub-assigned id, and the client's own id for correlation only. */
export interface RequestMeta {
  subgraph: string;
  requestId: string;
  correlationId?: string;
  /** The client's `Idempotency-Key` (at most 200 characters): a retry returns the first outcome. */
  idempotencyKey?: string;
}

/**
 * Every access decision of one request, for one principal: the field grants and the row rules of the one
 * policy (schema/src/policy), applied here and nowhere else. Resolvers, loaders and routes ask this object;
 * none of them reads the policy or decides on its own.
 */
export class AccessControl {
  readonly audit = new AuditLog();
  /** The writes of this request, in order: a retry of the same request meets them in the same order. */
  private writes = 0;
  private readonly idempotency: Idempotency;
  private readonly scope: DataLoader<string, boolean>;
  private readonly decided = new Map<string, boolean>();

  protected constructor(
    readonly principal: Principal,
    protected readonly em: EntityManager,
    /** A partner's groups under its valid agreement (none otherwise). */
    private readonly agreementGroups: readonly string[],
    private readonly condition: ScopeCondition,
    protected readonly request: RequestMeta,
  ) {
    this.idempotency = new Idempotency(principal.sub, request.idempotencyKey);
    this.scope = createScopeLoader(em, principal, condition, {
      entries: (source) => this.audit.readEntryInsert(this.auditMeta(), source),
      written: (childIds) => this.audit.markLogged(childIds),
    });
  }

  /**
   * The policy's access control for this principal. A partner's agreement is read once here: its field groups
   * and its cohort count only while the agreement is valid and names the token's agency (row rule "agreement").
   */
  static async create(principal: Principal, em: EntityManager, request: RequestMeta): Promise<AccessControl> {
    let groups: string[] = [];
    let condition = scopeConditionOf(principal);
    if (principal.role === 'partner_agency') {
      const rows: { agency: string; field_groups: string[]; valid_from: Date; valid_to: Date; now: Date }[] = principal.agreement
        ? await runPrepared<{ agency: string; field_groups: string[]; valid_from: Date; valid_to: Date; now: Date }>(
            em,
            `select agency, field_groups, valid_from, valid_to, now() as now from "access"."agreement" where id = ?`,
            [principal.agreement],
          )
        : [];
      const row = rows[0];
      const valid = ROW_RULES.agreement(principal, row && { agency: row.agency, validFrom: new Date(row.valid_from), validTo: new Date(row.valid_to) }, row ? new Date(row.now) : new Date());
      if (valid) groups = row!.field_groups;
      else condition = 'none';
    }
    return new AccessControl(principal, em, groups, condition, request);
  }

  /**
   * Field-level decision for a schema coordinate, recorded for the audit trail. It depends only on the principal,
   * so it is made once per coordinate per request (resolvers ask it for every row).
   */
  field(coordinate: string): boolean {
    let ok = this.decided.get(coordinate);
    if (ok === undefined) {
      ok = this.allows(coordinate);
      const group = groupOf(coordinate);
      if (group && group !== 'keys') {
        if (ok) this.audit.groupRead(group);
        else this.audit.groupDenied(group);
      }
      this.decided.set(coordinate, ok);
    }
    return ok;
  }

  /**
   * The coordinates the request's document selects, decided (and recorded) before execution, so the read
   * entries can be written together with the scope check (`requested.ts`).
   */
  declare(coordinates: readonly string[], fingerprint?: string): void {
    if (fingerprint) this.idempotency.fingerprint = fingerprint;
    for (const coordinate of coordinates) this.field(coordinate);
    this.audit.declared = true;
  }

  /** The policy's grant, without recording it. */
  protected allows(coordinate: string): boolean {
    return allows(this.principal.role, coordinate, this.agreementGroups);
  }

  /** May this principal see this child now? One SQL statement per batch; a yes is audited as a read, a no as a refusal. */
  async canSeeChild(childId: string): Promise<boolean> {
    const ok = await this.scope.load(childId);
    if (ok) this.audit.childRead(childId);
    else this.audit.refused(childId);
    return ok;
  }

  /** The same answer, whether the child does not exist or is not in scope, so ids cannot be probed. */
  async requireChild(childId: string): Promise<void> {
    if (!(await this.canSeeChild(childId))) throw new ForbiddenError('Not permitted to see this child');
  }

  /**
   * A write about one child: the child must be in scope (a refusal is audited), then `change` runs in one
   * transaction together with the write's audit entry, so both are committed or neither.
   */
  async write<T>(about: string | readonly string[], change: (tx: EntityManager) => Promise<T>): Promise<T> {
    const childIds = typeof about === 'string' ? [about] : [...about];
    for (const childId of childIds) await this.requireChild(childId);
    return this.transact(change, () => childIds);
  }

  /** A write that creates a child's record: no scope to check yet; its audit entry goes with the transaction. */
  writeNew<T>(change: (tx: EntityManager) => Promise<T>, childIdOf: (result: T) => string): Promise<T> {
    return this.transact(change, (result) => [childIdOf(result)]);
  }

  /** One write's transaction: its idempotency claim first (a retry gets the first outcome), the change, its audit entry. */
  private transact<T>(change: (tx: EntityManager) => Promise<T>, childIdsOf: (result: T) => string[]): Promise<T> {
    const seq = this.writes++;
    return this.em.transactional(async (em) => {
      const tx = em as EntityManager;
      const once = await this.idempotency.claim(tx, seq);
      if (once.replay) return once.replay as T;
      const result = await change(tx);
      await this.audit.flushWrite(tx, this.auditMeta(), childIdsOf(result));
      await once.record(result);
      return result;
    });
  }

  private auditMeta(): AuditMeta {
    return { principal: this.principal, ...this.request };
  }

  /** Keeps the rows whose child is in scope (one statement for the whole list). */
  async filterByChild<T>(rows: T[], childIdOf: (row: T) => string): Promise<T[]> {
    const visible = await Promise.all(rows.map((r) => this.scope.load(childIdOf(r))));
    return rows.filter((row, i) => {
      if (visible[i]) this.audit.childRead(childIdOf(row));
      return visible[i];
    });
  }

  /**
   * A page of children (`sql` already restricted with `childFilter`, `limit + 1` rows), read in one statement with
   * the read entries of its first `limit` rows in the page's order `orderBy` (over its rows `p`; the extra row only
   * tells whether there is a next page).
   */
  async readChildPage(sql: string, params: readonly unknown[], limit: number, orderBy = 'p.id'): Promise<Record<string, unknown>[]> {
    const insert = this.audit.readEntryInsert(this.auditMeta(), `(select p.id as child_id from page p order by ${orderBy} limit ${Number(limit)})`);
    // Not named: its rows are the caller's `*`, which a migration may widen under a running service.
    if (!insert) return runPrepared(this.em, sql, params, { named: false });
    const rows = await runPrepared(
      this.em,
      `with page as (${sql}), logged as (${insert.sql} returning 1) select * from page p order by ${orderBy}`,
      [...params, ...insert.params],
      { named: false },
    ).catch(() => {
      throw new CodedError('SERVICE_UNAVAILABLE', 'The audit trail is unavailable, so no record can be read');
    });
    this.audit.markLogged(rows.slice(0, limit).map((r) => String(r.id)));
    return rows;
  }

  /** Which audit entries this principal may list (row rule "audit trail"), as a WHERE fragment over entries `e`. */
  auditTrailFilter(): { sql: string; params: unknown[] } {
    const filter = rowFilterOf(this.principal.role, 'Query.accessEvents');
    const rows = ROW_RULES.auditTrail(this.principal, filter === 'ownActions' || filter === 'teamActions' ? filter : undefined);
    if (rows === 'none') return { sql: 'false', params: [] };
    if (rows && 'sub' in rows) return { sql: 'e.sub = ? and e.la = ?', params: [rows.sub, this.principal.la] };
    if (rows && 'team' in rows) return { sql: 'e.team = ? and e.la = ?', params: [rows.team, this.principal.la] };
    // Entries naming no child (refused attempts at a root field) are seen with the rest, within the LA.
    const scope = this.childFilter('e.child_id');
    return { sql: `(${scope.sql} or (e.child_id is null and e.la = ?))`, params: [...scope.params, this.principal.la] };
  }

  /** A WHERE fragment for list queries over children (`column` holds the child id). */
  childFilter(column: string): { sql: string; params: string[] } {
    return scopeFilter(this.principal, column, this.condition);
  }

  /** Row rule "since 16" where this role's grant of `coordinate` carries it: keeps the dated items it allows. */
  keepDated<T>(coordinate: string, items: T[], dateOf: (item: T) => { date: string; dateOfBirth: string }): T[] {
    if (rowFilterOf(this.principal.role, coordinate) !== 'sinceAge16') return items;
    return items.filter((item) => ROW_RULES.sinceAge16(dateOf(item)));
  }

  /** Row rule "voice as chosen". */
  mayHear(entry: VoiceRow): boolean {
    return ROW_RULES.voiceAsChosen(this.principal, entry);
  }

  /** Row rule "own record": the care leaver whose record this is (the author of its voice entries and annotations). */
  isOwnRecord(childId: string): boolean {
    return ROW_RULES.ownRecord(this.principal, childId);
  }

  /** Row rule "own carers", over carers with whether each is linked to a child this principal may see. */
  keepCarer(carer: { carerId: string; linkedToChildInScope: boolean }): boolean {
    return ROW_RULES.ownCarers(this.principal, carer);
  }

  /** Row rule "own school", before an education write at `urn`. A refusal is audited. */
  requireSchool(urn: string, childId: string): void {
    if (ROW_RULES.ownSchool(this.principal, urn)) return;
    this.audit.refused(childId);
    throw new ForbiddenError('Not permitted to make this change at that school');
  }

  /** Row rule "third-party redaction": the fields as this reader may see them, and the kinds withheld. */
  redact<K, F extends Record<string, string | null>>(item: { fields: F; source: string; spans: readonly MarkedSpan<K>[] }) {
    return ROW_RULES.thirdPartyRedaction(this.principal, item);
  }

  /** Row rule on family members: addresses, contact details and dates of birth withheld from the care leaver. */
  withholdsFamilyContact(): boolean {
    return ROW_RULES.familyContactWithheld(this.principal);
  }

  /** Writes this request's read and refusal entries (the response is withheld if this fails). */
  flushAudit(): Promise<void> {
    return this.audit.flush(this.em, this.auditMeta());
  }
}
