import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { gql } from 'graphql-tag';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

type ResolverMap = Record<string, Record<string, unknown>>;

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires"])';

/**
 * Builds a Federation 2 subgraph schema from type-graphql resolvers: type-graphql prints the SDL, then
 * @apollo/subgraph adds `_entities`/`_service` and attaches the `__resolveReference` functions.
 * (@apollo/subgraph 2.15 only accepts the array form of buildSubgraphSchema.)
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  references: ResolverMap = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true, validate: false });
  const resolvers = createResolversMap(schema) as ResolverMap;
  for (const [type, fields] of Object.entries(references)) resolvers[type] = { ...resolvers[type], ...fields };
  return buildSubgraphSchema([
    { typeDefs: gql`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`, resolvers: resolvers as never },
  ]);
}
