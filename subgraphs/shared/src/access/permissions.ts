import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
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

/**
 * The schema a subgraph serves with authorization enforced. Every field goes through graphql-shield unless
 * the request's principal is allowed that coordinate: that decision is made once per coordinate per request
 * (`AccessControl.field`), and an allowed field then runs its own resolver directly. Shield's
 * middleware is asynchronous per field and per row; on a page of 50 children it was a third of a
 * subgraph's CPU (its promises and their garbage), for answers that never change within a request.
 */
export function enforcePermissions(schema: GraphQLSchema): GraphQLSchema {
  const shielded = applyMiddleware(schema, permissionsFor(schema));
  for (const type of Object.values(shielded.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const own = schema.getType(type.name);
    if (!isObjectType(own)) continue;
    for (const [name, field] of Object.entries(type.getFields())) {
      const coordinate = `${type.name}.${name}`;
      const plain: GraphQLFieldResolver<unknown, { access: AccessControl }> = own.getFields()[name]?.resolve ?? defaultFieldResolver;
      const guarded = field.resolve;
      if (!guarded) throw new Error(`graphql-shield left ${coordinate} unguarded`);
      field.resolve = (parent, args, ctx: { access: AccessControl }, info) =>
        ctx.access.field(coordinate) ? plain(parent, args, ctx, info) : guarded(parent, args, ctx, info);
    }
  }
  return shielded;
}
