import pg from 'pg';
import { migrateSubgraph, serviceDatabaseUrl, SERVICE_ROLE } from '@caregraph/kit';
import { children } from '@caregraph/children';
import { createTestDatabase } from '../helpers/database.js';

/**
 * policy.md, "Audit, precisely": the services' database login cannot alter or drop the audit table or its
 * trigger (it is not a superuser and does not own it), and no service path can change or delete an entry.
 */
const PASSWORD = 'service-role-test-password';
let db: { url: string; drop(): Promise<void> };
let service: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrateSubgraph(children, db.url, { servicePassword: PASSWORD });
  service = new pg.Client({ connectionString: serviceDatabaseUrl(db.url, PASSWORD) });
  await service.connect();
});
afterAll(async () => {
  await service?.end();
  await db?.drop();
});

const CHILD = '33333333-3333-4333-8333-333333333333';
const code = async (sql: string) => service.query(sql).then(() => 'ok', (err: { code?: string }) => err.code);

describe('the services’ database login', () => {
  it('is itself, not a superuser, and owns no table of the audit schema', async () => {
    const { rows } = await service.query(`select current_user as me, rolsuper from pg_roles where rolname = current_user`);
    expect(rows[0]).toEqual({ me: SERVICE_ROLE, rolsuper: false });
    const owned = await service.query(`select tablename from pg_tables where schemaname = 'audit' and tableowner = current_user`);
    expect(owned.rows).toEqual([]);
  });

  it('may write and read an audit entry', async () => {
    await service.query(
      `insert into audit.access_event (request_id, kind, subgraph, sub, role, la, child_id, field_groups, denied)
       values ('00000000-0000-4000-8000-000000000001', 'read', 'children', 'sw-1', 'social_worker', 'E09000017', $1, '{identity}', '{}')`,
      [CHILD],
    );
    const { rows } = await service.query(`select count(*)::int as n from audit.access_event where child_id = $1`, [CHILD]);
    expect(rows[0].n).toBe(1);
  });

  it('cannot change, delete or truncate an entry, nor drop the trigger or the table (42501: insufficient privilege)', async () => {
    expect(await code(`update audit.access_event set sub = 'someone-else'`)).toBe('42501');
    expect(await code(`delete from audit.access_event`)).toBe('42501');
    expect(await code(`truncate audit.access_event`)).toBe('42501');
    expect(await code(`drop trigger access_event_append_only on audit.access_event`)).toBe('42501');
    expect(await code(`alter table audit.access_event disable trigger access_event_append_only`)).toBe('42501');
    expect(await code(`drop table audit.access_event`)).toBe('42501');
    expect(await code(`drop function audit.refuse_change()`)).toBe('42501');
  });

  it('cannot change the schemas it works in', async () => {
    expect(await code(`drop table children.child`)).toBe('42501');
    expect(await code(`create table children.extra (id int)`)).toBe('42501');
    expect(await code(`create role someone superuser`)).toBe('42501');
  });

  it('still cannot delete an entry as the owner: the trigger refuses it', async () => {
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    try {
      await expect(owner.query(`delete from audit.access_event`)).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });
});
