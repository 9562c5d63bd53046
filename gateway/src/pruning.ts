import { createHash } from 'node:crypto';
import {
  Kind, getNamedType, isObjectType, print,
  type DefinitionNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';

/** Stands in for a selection set whose every field was pruned (a selection set may not be empty). */
export const PLACEHOLDER = '__caregraph_pruned';

/**
 * Where pruned fields are, as a tree of response keys (aliases, no list indices). A fragment's tree is built
 * once and shared by every spread of it (`spreads`), so the tree, like the pruning, is linear in the
 * document's size however often fragments spread each other.
 */
export interface PrunedPaths {
  /** Response keys removed at this level. */
  denied: string[];
  /** Fields with a selection set below which something was removed. */
  fields: Map<string, PrunedPaths>;
  /** The trees of fragments spread at this level. */
  spreads: Set<PrunedPaths>;
}

export interface Pruned {
  document: DocumentNode;
  queryHash: string;
  paths: PrunedPaths;
}

const emptyPaths = (): PrunedPaths => ({ denied: [], fields: new Map(), spreads: new Set() });

/**
 * Removes the fields a principal's role can never see before the gateway plans the query (as the Apollo
 * Router does with its authorization directives): no subgraph is asked for them. Returns null when
 * nothing is removed, so the common query keeps its cached plan.
 *
 * Each fragment definition is pruned once, in place (its type condition fixes the type of its fields wherever
 * it is spread), and the pruned document keeps its spreads: inlining fragments instead would grow
 * exponentially with fragments that spread others twice.
 */
export function pruneOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  isDenied: (coordinate: string) => boolean,
): Pruned | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return null;
  const definitions = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  /** Pruned fragments by name, in the order first reached (null while being pruned: validation refuses cycles). */
  const fragments = new Map<string, { definition: FragmentDefinitionNode; paths: PrunedPaths } | null>();
  let removed = 0;

  const fragment = (name: string): PrunedPaths | null => {
    if (fragments.has(name)) return fragments.get(name)?.paths ?? null;
    const def = definitions.get(name);
    if (!def) return null;
    fragments.set(name, null);
    const type = schema.getType(def.typeCondition.name.value) as GraphQLCompositeType;
    const paths = emptyPaths();
    const selectionSet = prune(def.selectionSet, type, paths);
    fragments.set(name, { definition: { ...def, selectionSet }, paths });
    return paths;
  };

  function prune(set: SelectionSetNode, parent: GraphQLCompositeType, paths: PrunedPaths): SelectionSetNode {
    const selections: SelectionNode[] = [];
    for (const s of set.selections) {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const spread = fragment(s.name.value);
        if (spread && (spread.denied.length || spread.fields.size || spread.spreads.size)) paths.spreads.add(spread);
        selections.push(s);
        continue;
      }
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const type = (s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent) as GraphQLCompositeType;
        selections.push({ ...s, selectionSet: prune(s.selectionSet, type, paths) });
        continue;
      }
      if (s.name.value.startsWith('__') || !isObjectType(parent)) {
        selections.push(s);
        continue;
      }
      const key = s.alias?.value ?? s.name.value;
      if (isDenied(`${parent.name}.${s.name.value}`)) {
        paths.denied.push(key);
        removed++;
        continue;
      }
      const field = parent.getFields()[s.name.value];
      if (!s.selectionSet || !field) {
        selections.push(s);
        continue;
      }
      const below = paths.fields.get(key) ?? emptyPaths();
      selections.push({ ...s, selectionSet: prune(s.selectionSet, getNamedType(field.type) as GraphQLCompositeType, below) });
      if (below.denied.length || below.fields.size || below.spreads.size) paths.fields.set(key, below);
    }
    if (selections.length === 0) {
      const placeholder: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: PLACEHOLDER }, name: { kind: Kind.NAME, value: '__typename' } };
      selections.push(placeholder);
    }
    return { ...set, selections };
  }

  const paths = emptyPaths();
  const selectionSet = prune(operation.selectionSet, root, paths);
  if (removed === 0) return null;
  // Only the chosen operation and the fragments it reaches: the others are not part of this request.
  const reached = [...fragments.values()].flatMap((f): DefinitionNode[] => (f ? [f.definition] : []));
  const pruned: DocumentNode = { kind: Kind.DOCUMENT, definitions: [{ ...operation, selectionSet }, ...reached] };
  const text = print(pruned);
  return { document: pruned, queryHash: createHash('sha256').update(text).digest('hex'), paths };
}

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

/** Puts each pruned field back as null with one FORBIDDEN error at its path, and drops the placeholders. */
export function restorePruned(data: Record<string, Json> | null | undefined, paths: PrunedPaths) {
  const errors: { message: string; path: (string | number)[]; extensions: { code: 'FORBIDDEN' } }[] = [];
  if (!data) return errors;
  const reported = new Set<string>();
  const visit = (value: Json, node: PrunedPaths, path: (string | number)[]) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, node, [...path, i]));
    for (const key of node.denied) {
      value[key] = null;
      const at = [...path, key];
      const id = JSON.stringify(at);
      if (reported.has(id)) continue;
      reported.add(id);
      errors.push({ message: `Not permitted to read this field`, path: at, extensions: { code: 'FORBIDDEN' } });
    }
    for (const [key, below] of node.fields) visit(value[key] ?? null, below, [...path, key]);
    for (const spread of node.spreads) visit(value, spread, path);
  };
  visit(data, paths, []);
  const strip = (value: Json) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(strip);
    delete value[PLACEHOLDER];
    Object.values(value).forEach(strip);
  };
  strip(data);
  return errors;
}
