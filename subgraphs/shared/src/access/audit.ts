import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@caregraph/schema';

/** Group names and uuids need no quoting inside a PostgreSQL array literal. */
const literal = (values: Set<string>) => `{${[...values].join(',')}}`;

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
    // One row per child, the rest of the row sent once: the child ids travel as one array parameter (array
    // literals, since the query layer would expand a JS array into a list of parameters).
    await em.getConnection().execute(
      `insert into "audit"."access_event" (request_id, subgraph, sub, role, la, agency, purpose, child_id, field_groups, denied)
       select ?, ?, ?, ?, ?, ?, ?, child_id, ?::text[], ?::text[] from unnest(?::uuid[]) as child_id`,
      [
        meta.requestId, meta.subgraph, principal.sub, principal.role, principal.la, principal.agency ?? null, principal.purpose ?? null,
        literal(this.groups), literal(this.denied), literal(this.children),
      ],
    );
  }
}
