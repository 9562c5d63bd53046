import type { ApolloServerPlugin } from '@apollo/server';
import { isScalarType, isSpecifiedScalarType, type GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';

/**
 * The supergraph declares the subgraphs' custom scalars by name only, so the gateway's schema accepts any
 * value for them and the subgraph refuses it later (HTTP 400 to the gateway, an uncoded error to the client,
 * after planning and maybe after other subgraphs have run). The subgraphs' own implementations are these
 * (type-graphql's DateTimeISO is graphql-scalars' GraphQLDateTimeISO), so checking with them here refuses
 * exactly what a subgraph would: at validation for a literal, at variable coercion for a variable, both HTTP
 * 400 BAD_USER_INPUT before execution.
 */
const SUBGRAPH_SCALARS: Record<string, GraphQLScalarType> = {
  LocalDate: GraphQLLocalDate,
  DateTimeISO: GraphQLDateTimeISO,
};

/**
 * Gives the gateway schema's opaque scalars the subgraphs' validation, in place (the gateway's executor and
 * Apollo's validation share this schema object). Values still travel to the subgraphs exactly as sent: only
 * the check is borrowed, the parsed value stays what the opaque scalar returned. Returns the scalars it
 * could not check (a new scalar without an entry here is left to the subgraph, whose 400 the gateway maps).
 */
export function checkScalarsLikeSubgraphs(schema: GraphQLSchema): string[] {
  const unchecked: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isScalarType(type) || isSpecifiedScalarType(type)) continue;
    const check = SUBGRAPH_SCALARS[type.name];
    if (!check) {
      unchecked.push(type.name);
      continue;
    }
    if ((type as { checkedLikeSubgraph?: true }).checkedLikeSubgraph) continue;
    const { parseValue, parseLiteral } = type;
    type.parseValue = (value) => {
      check.parseValue(value);
      return parseValue.call(type, value);
    };
    type.parseLiteral = (node, variables) => {
      check.parseLiteral(node, variables);
      return parseLiteral.call(type, node, variables);
    };
    Object.assign(type, { checkedLikeSubgraph: true });
  }
  return unchecked;
}

/** Applies `checkScalarsLikeSubgraphs` to every schema the gateway loads, before it serves a request with it. */
export function scalarChecksPlugin(onUnchecked: (names: string[]) => void): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema }) {
          const unchecked = checkScalarsLikeSubgraphs(apiSchema);
          if (unchecked.length) onUnchecked(unchecked);
        },
      };
    },
  };
}
