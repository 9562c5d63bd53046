import { type ClassType, Directive, Field, ObjectType } from 'type-graphql';
import { BadUserInputError } from './errors.js';

export const MAX_PAGE_SIZE = 100;

@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** A Relay-style connection type for `node`. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => node)
    node!: T;

    @Field()
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

export function pageSize(first: number | null | undefined): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  }
  return n;
}

/** Opaque cursors: base64url of the keyset position. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, isValid: (key: string) => boolean): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isValid(key)) throw new BadUserInputError('after is not a valid cursor', 'after');
  return key;
}

/** Turns `limit + 1` fetched rows into a page. */
export function toConnection<T>(rows: T[], limit: number, keyOf: (row: T) => string) {
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}

