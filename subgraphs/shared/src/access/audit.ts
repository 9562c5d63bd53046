import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@caregraph/schema';

/**
 * What one request read in one subgraph: which children, which field groups, what was denied. Written as
 * one multi-row insert when the response is ready; if it cannot be written, the response is withheld.
 */
export class AuditLog {
  private readonly children = new Set<string>();
  private readonly groups = new Set<string>();
  private readonly denied = new Set<string>();

  childRead(childId: string): void {
    this.children.add(childId);
  }

  groupRead(group: string): void {
    this.groups.add(group);
  }

  groupDenied(group: string): void {
    this.denied.add(group);
  }

  get isEmpty(): boolean {
    return this.children.size === 0;
  }

  async flush(em: EntityManager, meta: { principal: Principal; subgraph: string; requestId: string }): Promise<void> {
    if (this.isEmpty) return;
    const { principal } = meta;
    const groups = `{${[...this.groups].join(',')}}`;
    const denied = `{${[...this.denied].join(',')}}`;
    const rows = [...this.children];
    await em.getConnection().execute(
      `insert into "audit"."access_event" (request_id, subgraph, sub, role, la, agency, purpose, child_id, field_groups, denied) values ${rows
        .map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .join(', ')}`,
      rows.flatMap((childId) => [
        meta.requestId, meta.subgraph, principal.sub, principal.role, principal.la, principal.agency ?? null,
        principal.purpose ?? null, childId, groups, denied,
      ]),
    );
  }
}
