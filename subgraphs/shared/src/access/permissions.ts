import { isObjectType, type GraphQLSchema } from 'graphql';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { ForbiddenError } from '../errors.js';
import type { AccessControl } from './access-control.js';

/** Federation plumbing that the gateway must always reach. */
const FEDERATION = new Set(['Query._entities', 'Query._service', '_Service.sdl']);

/**
 * graphql-shield rules generated from the policy for every field of this subgraph's schema. A field's
 * decision depends only on the principal (never on parent or args), so the `contextual` cache is safe:
 * one decision per coordinate per request. Anything not covered is denied.
 */
export function permissionsFor(schema: GraphQLSchema) {
  const tree: Record<string, Record<string, unknown>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${field}`;
      (tree[type.name] ??= {})[field] = FEDERATION.has(coordinate)
        ? allow
        : rule(`field:${coordinate}`, { cache: 'contextual' })(
            (_parent, _args, ctx: { access: AccessControl }) => ctx.access.field(coordinate) || new ForbiddenError(`Not permitted to read ${coordinate}`),
          );
    }
  }
  return shield(tree as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: () => new ForbiddenError(),
    debug: false,
  });
}
