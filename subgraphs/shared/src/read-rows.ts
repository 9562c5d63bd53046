import { ReferenceKind, type EntityClass, type EntityMetadata, type FilterQuery, type ObjectQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

interface Reader {
  prototype: object;
  converters: [string, (value: unknown) => unknown][];
  references: [string, string][];
}
const readers = new WeakMap<EntityMetadata, Reader>();

/**
 * The entity's prototype (its getters, `instanceof`), with MikroORM's change-tracking setters shadowed by plain
 * data properties: assigning a column then makes an own property instead of creating the entity's helper.
 */
function readPrototype(meta: EntityMetadata): object {
  const shadows: PropertyDescriptorMap = {};
  for (const prop of meta.props) {
    const d = Object.getOwnPropertyDescriptor(meta.prototype, prop.name);
    if (d?.set && !d.get) shadows[prop.name] = { value: undefined, writable: true, configurable: true };
  }
  return Object.create(meta.prototype, shadows);
}

function readerFor(em: EntityManager, meta: EntityMetadata): Reader {
  let reader = readers.get(meta);
  if (!reader) {
    const platform = em.getPlatform();
    reader = {
      prototype: readPrototype(meta),
      converters: meta.props
        .filter((p) => p.customType && p.kind === ReferenceKind.SCALAR && p.persist !== false)
        .map((p) => [p.name, (v: unknown) => p.customType!.convertToJSValue(v, platform)]),
      references: meta.relations
        .filter((p) => p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner))
        .map((p) => [p.name, p.targetMeta!.primaryKeys[0]!]),
    };
    readers.set(meta, reader);
  }
  return reader;
}

/**
 * Rows for read-only resolvers (the loaders): the same SQL and the same values as `em.find`, as instances of
 * the entity class (so its getters work), but not managed: no identity map, no unit of work, no change
 * tracking. A relation holds its primary key only, as an unloaded reference would. Materialising managed
 * entities was 29-44% of a subgraph's CPU in the benchmark, for objects that are serialised and dropped.
 * Never flush what this returns: mutations load through `em` as usual.
 */
export async function readRows<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: { orderBy?: QueryOrderMap<T> } = {},
): Promise<T[]> {
  const rows = await em.getDriver().find<T>(entity.name, where as ObjectQuery<T>, { orderBy: options.orderBy ?? {}, ctx: em.getTransactionContext() });
  return asReadRows(em, entity, rows as Record<string, unknown>[]);
}

/** `readRows` for rows a query builder already mapped to property names (`qb.execute('all')`). */
export function asReadRows<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: Record<string, unknown>[]): T[] {
  const { prototype, converters, references } = readerFor(em, em.getMetadata().get(entity.name) as EntityMetadata);
  return rows.map((r) => {
    for (const [name, convert] of converters) if (r[name] != null) r[name] = convert(r[name]);
    for (const [name, pk] of references) if (r[name] != null) r[name] = { [pk]: r[name] };
    return Object.assign(Object.create(prototype), r) as T;
  });
}
