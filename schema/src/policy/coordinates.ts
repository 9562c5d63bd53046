import { Supergraph } from '@apollo/federation-internals';
import { isObjectType, type GraphQLSchema } from 'graphql';

/** The schema clients see (federation plumbing removed) from the composed supergraph. */
export function apiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** Every `Type.field` of every object type a client can select. */
export function coordinatesOf(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.keys(type.getFields())) out.push(`${type.name}.${field}`);
  }
  return out.sort();
}
