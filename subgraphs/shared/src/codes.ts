import { registerEnumType } from 'type-graphql';
import type { CodeList } from '@caregraph/schema';

/**
 * Exposes a DfE code list as a GraphQL enum (each value documented with its meaning) and returns the
 * object type-graphql and MikroORM use for it. Call once per list, at module scope of the owning subgraph.
 */
export function codeEnum<T extends CodeList>(list: T, name: string, description: string): { [K in keyof T]: K } {
  const values = Object.fromEntries(Object.keys(list).map((k) => [k, k])) as { [K in keyof T]: K };
  registerEnumType(values, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.entries(list).map(([k, d]) => [k, { description: d }])) as never,
  });
  return values;
}
