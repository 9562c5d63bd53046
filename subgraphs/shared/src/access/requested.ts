import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * Every field coordinate a request's document selects (`Type.field`, through fragments and `_entities`), so the
 * field groups it reads and is denied are known before execution: the audit entry can then be written in the
 * same statement as the scope check (access-control.ts). Depends on the document only: decided once per parsed
 * document (Apollo keeps one DocumentNode per distinct query text).
 */
const cache = new WeakMap<DocumentNode, readonly string[]>();

export function requestedCoordinates(schema: GraphQLSchema, document: DocumentNode): readonly string[] {
  let found = cache.get(document);
  if (!found) {
    const coordinates = new Set<string>();
    const info = new TypeInfo(schema);
    visit(document, visitWithTypeInfo(info, {
      Field(node) {
        const parent = info.getParentType();
        if (parent && !node.name.value.startsWith('__')) coordinates.add(`${parent.name}.${node.name.value}`);
      },
    }));
    cache.set(document, (found = [...coordinates]));
  }
  return found;
}
