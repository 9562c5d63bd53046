import { createOrm, migrateSubgraph, readRows, type SubgraphDefinition } from '@caregraph/kit';
import { children } from '@caregraph/children';
import { placements } from '@caregraph/placements';
import { education } from '@caregraph/education';
import { health } from '@caregraph/health';
import { storyBatches } from '@caregraph/demo';
import { ReferenceKind, type EntityMetadata } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase } from './helpers/database.js';

/**
 * The loaders read rows with `readRows` (unmanaged instances) instead of `em.find`: for every entity of every
 * subgraph, on demo data, both must give the same rows in the same order with the same values, getters included.
 */
const DEFINITIONS = [children, placements, education, health] as SubgraphDefinition[];

function view(meta: EntityMetadata, entity: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of meta.props) {
    if (p.persist === false && p.kind === ReferenceKind.SCALAR && !p.getter) continue;
    const value = entity[p.name];
    if (p.kind === ReferenceKind.SCALAR) out[p.name] = value;
    else if (p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner)) {
      out[p.name] = value == null ? value : (value as Record<string, unknown>)[p.targetMeta!.primaryKeys[0]!];
    }
  }
  for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(meta.class.prototype))) {
    if (d.get && !name.startsWith('__') && !meta.properties[name]) out[`get ${name}`] = entity[name];
  }
  return out;
}

describe.each(DEFINITIONS.map((d) => [d.name, d] as const))('%s', (_name, def) => {
  let orm: MikroORM;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    await migrateSubgraph(def, db.url);
    orm = await createOrm({ ...def.ormSettings(db.url), poolMax: 2 });
    for (const batch of storyBatches(20)) await def.seedDemo(orm.em.fork() as EntityManager, batch);
  });
  afterAll(async () => {
    await orm?.close(true);
    await drop?.();
  });

  it('readRows gives what em.find gives, for every entity', async () => {
    const compared: string[] = [];
    for (const meta of Object.values(orm.getMetadata().getAll())) {
      if (meta.embeddable || meta.virtual || meta.abstract) continue;
      const orderBy = Object.fromEntries(meta.primaryKeys.map((k) => [k, 'asc'])) as never;
      const managed = await orm.em.fork().find(meta.class, {}, { orderBy });
      const plain = await readRows(orm.em.fork() as EntityManager, meta.class, {}, { orderBy });
      expect(plain).toHaveLength(managed.length);
      // Row by row, so a difference is reported as one small diff rather than a diff of thousands of rows.
      plain.forEach((row, i) => expect([meta.className, view(meta, row as never)]).toEqual([meta.className, view(meta, managed[i] as never)]));
      expect(plain.every((e) => e instanceof meta.class)).toBe(true);
      compared.push(`${meta.className} ${plain.length}`);
    }
    console.log(`readRows = em.find (${def.name}): ${compared.join(', ')}`);
  });
});
