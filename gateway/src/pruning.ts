import { createHash } from 'node:crypto';
import {
  Kind, getNamedType, isObjectType, print,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';

/** Stands in for a selection set whose every field was pruned (a selection set may not be empty). */
export const PLACEHOLDER = '__caregraph_pruned';

export interface Pruned {
  document: DocumentNode;
  queryHash: string;
  /** Response paths (aliases, no list indices) of the removed fields. */
  paths: string[][];
}

function inlineFragments(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): SelectionSetNode {
  return {
    ...set,
    selections: set.selections.map((s): SelectionNode => {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const def = fragments.get(s.name.value)!;
        return { kind: Kind.INLINE_FRAGMENT, typeCondition: def.typeCondition, directives: s.directives, selectionSet: inlineFragments(def.selectionSet, fragments) };
      }
      return s.selectionSet ? { ...s, selectionSet: inlineFragments(s.selectionSet, fragments) } : s;
    }),
  };
}

/**
 * Removes the fields a principal's role can never see before the gateway plans the query (as the Apollo
 * Router does with its authorization directives): no subgraph is asked for them. Returns null when
 * nothing is removed, so the common query keeps its cached plan.
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
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const paths: string[][] = [];
  const prune = (set: SelectionSetNode, parent: GraphQLCompositeType, path: string[]): SelectionSetNode => {
    const selections: SelectionNode[] = [];
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const type = (s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent) as GraphQLCompositeType;
        selections.push({ ...s, selectionSet: prune(s.selectionSet, type, path) });
        continue;
      }
      if (s.kind !== Kind.FIELD || s.name.value.startsWith('__') || !isObjectType(parent)) {
        selections.push(s);
        continue;
      }
      const key = s.alias?.value ?? s.name.value;
      if (isDenied(`${parent.name}.${s.name.value}`)) {
        paths.push([...path, key]);
        continue;
      }
      const field = parent.getFields()[s.name.value];
      selections.push(s.selectionSet && field ? { ...s, selectionSet: prune(s.selectionSet, getNamedType(field.type) as GraphQLCompositeType, [...path, key]) } : s);
    }
    if (selections.length === 0) {
      const placeholder: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: PLACEHOLDER }, name: { kind: Kind.NAME, value: '__typename' } };
      selections.push(placeholder);
    }
    return { ...set, selections };
  };
  const selectionSet = prune(inlineFragments(operation.selectionSet, fragments), root, []);
  if (paths.length === 0) return null;
  const pruned: DocumentNode = { kind: Kind.DOCUMENT, definitions: [{ ...operation, selectionSet }] };
  const text = print(pruned);
  return { document: pruned, queryHash: createHash('sha256').update(text).digest('hex'), paths };
}

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

/** Puts each pruned field back as null with one FORBIDDEN error at its path, and drops the placeholders. */
export function restorePruned(data: Record<string, Json> | null | undefined, paths: string[][]) {
  const errors: { message: string; path: (string | number)[]; extensions: { code: 'FORBIDDEN' } }[] = [];
  if (!data) return errors;
  const visit = (value: Json, template: string[], path: (string | number)[]) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, template, [...path, i]));
    const [head, ...rest] = template as [string, ...string[]];
    if (rest.length > 0) return visit(value[head] ?? null, rest, [...path, head]);
    value[head] = null;
    errors.push({ message: `Not permitted to read this field`, path: [...path, head], extensions: { code: 'FORBIDDEN' } });
  };
  for (const template of paths) visit(data, template, []);
  const strip = (value: Json) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(strip);
    delete value[PLACEHOLDER];
    Object.values(value).forEach(strip);
  };
  strip(data);
  return errors;
}
