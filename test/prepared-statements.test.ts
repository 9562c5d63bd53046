import { createOrm, migrateSubgraph, runPrepared } from '@caregraph/kit';
import { children } from '@caregraph/children';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createTestDatabase } from './helpers/database.js';

/**
 * `runPrepared` goes under MikroORM (its `execute` inlines parameters, so every statement is new to the server):
 * this pins what it relies on, knex's `options({ name })` reaching the pg driver as a named, prepared statement.
 * One pooled connection, so the statements below all meet the same server session.
 */
let db: { url: string; drop(): Promise<void> };
let orm: MikroORM;
let em: EntityManager;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrateSubgraph(children, db.url);
  orm = await createOrm({ ...children.ormSettings(db.url), poolMax: 1 });
  em = orm.em.fork() as EntityManager;
}, 60_000);
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

const prepared = () => em.getConnection().execute<{ name: string; statement: string }[]>(`select name, statement from pg_prepared_statements`);

describe('runPrepared', () => {
  it('runs a statement as one named prepared statement, reused with other values', async () => {
    const sql = `select ?::int + 1 as n`;
    expect(await runPrepared(em, sql, [1])).toEqual([{ n: 2 }]);
    expect(await runPrepared(em, sql, [41])).toEqual([{ n: 42 }]);
    const named = (await prepared()).filter((s) => s.statement.includes('+ 1 as n'));
    expect(named).toHaveLength(1);
    expect(named[0]!.name).toMatch(/^cg_[0-9a-f]{24}$/);
  });

  it('leaves a statement unnamed when asked (rows of `*`, which a migration may widen)', async () => {
    await runPrepared(em, `select ?::int * 3 as n`, [2], { named: false });
    expect((await prepared()).filter((s) => s.statement.includes('* 3 as n'))).toHaveLength(0);
  });

  it('runs inside the caller’s transaction when asked: rolled back with it', async () => {
    await em.getConnection().execute(`create table public.prepared_probe (n int)`);
    await expect(
      em.transactional(async (tx) => {
        await runPrepared(tx as EntityManager, `insert into public.prepared_probe (n) values (?)`, [7], { inTransaction: true });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await em.getConnection().execute(`select count(*)::int as c from public.prepared_probe`)).toEqual([{ c: 0 }]);
  });
});
