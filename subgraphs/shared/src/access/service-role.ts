/**
 * The services' own database login (policy.md, "Audit, precisely"): not a superuser, owning nothing, with only
 * the rights a request needs. Migrations run as the owner of the schemas (the admin URL); the services connect
 * as this role, so the audit trail's append-only trigger cannot be dropped, nor an entry changed or deleted,
 * from a service's connection: the audit table grants it `select, insert` and nothing else.
 */
export const SERVICE_ROLE = 'caregraph_service';

/** The subgraphs' own schemas, read and written through the ORM. */
const DATA_SCHEMAS = ['children', 'placements', 'education', 'health'];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Creates (or updates the password of) the service login and grants it what it needs on every schema that
 * exists now. Idempotent; run after migrating, with the owner's connection. Roles are cluster-wide, so two
 * processes may race to create it: the loser's "already exists" is ignored.
 */
export async function ensureServiceRole(run: Sql, password: string): Promise<void> {
  {
    const rows = await run(`select 1 from pg_roles where rolname = ?`, [SERVICE_ROLE]);
    if (rows.length === 0) {
      await run(`create role ${ident(SERVICE_ROLE)} login nosuperuser nocreatedb nocreaterole noinherit password ${literal(password)}`).catch((err: { code?: string }) => {
        if (err.code !== '42710' && err.code !== '23505') throw err;
      });
    }
    await run(`alter role ${ident(SERVICE_ROLE)} with login nosuperuser nocreatedb nocreaterole password ${literal(password)}`);
    const present = (await run(`select nspname from pg_namespace where nspname = any(?::text[])`, [`{${[...DATA_SCHEMAS, 'access', 'audit'].join(',')}}`])) as { nspname: string }[];
    const has = new Set(present.map((r) => r.nspname));
    const role = ident(SERVICE_ROLE);
    const grants: string[] = [];
    for (const schema of DATA_SCHEMAS.filter((s) => has.has(s))) {
      grants.push(
        `grant usage on schema ${ident(schema)} to ${role}`,
        `grant select, insert, update, delete on all tables in schema ${ident(schema)} to ${role}`,
        `grant usage, select on all sequences in schema ${ident(schema)} to ${role}`,
      );
    }
    if (has.has('access')) {
      grants.push(
        `grant usage on schema "access" to ${role}`,
        `grant select, insert, update on "access"."relationship", "access"."agreement" to ${role}`,
        `grant select on "access"."mikro_orm_migrations" to ${role}`,
        `grant select, insert, update on "access"."idempotency" to ${role}`,
        `grant usage, select on all sequences in schema "access" to ${role}`,
      );
    }
    if (has.has('audit')) {
      grants.push(
        `revoke all on "audit"."access_event" from ${role}`,
        `grant usage on schema "audit" to ${role}`,
        `grant select, insert on "audit"."access_event" to ${role}`,
        `grant usage on sequence "audit"."access_event_id_seq" to ${role}`,
      );
    }
    // Concurrent GRANTs on one object may fail with "tuple concurrently updated": retry a few times.
    for (const statement of grants) await withRetry(() => run(statement));
  }
}

/** Runs one statement on the owner's connection (`?` placeholders). */
export type Sql = (sql: string, params?: unknown[]) => Promise<unknown[]>;

async function withRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= attempts || (err as { code?: string }).code !== 'XX000') throw err;
      await new Promise((r) => setTimeout(r, 20 * i));
    }
  }
}

/** The same database, reached as the service login. */
export function serviceDatabaseUrl(adminUrl: string, password: string): string {
  const url = new URL(adminUrl);
  url.username = SERVICE_ROLE;
  url.password = password;
  return url.toString();
}
