import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import {
  BadUserInputError, CHRONOLOGY_EVENT_SELECTION, ChronologyDomain, ChronologyEvent, ChronologyKind, Connection, decodeCursor, encodeCursor,
} from '@caregraph/kit';
import { Child } from '../child/child.entity.js';
import type { Context } from '../context.js';

export const ChronologyConnection = Connection(ChronologyEvent, 'Chronology');
const MAX = 200;
const DOMAIN_ORDER = [ChronologyDomain.CHILDREN, ChronologyDomain.PLACEMENTS, ChronologyDomain.EDUCATION, ChronologyDomain.HEALTH];
/** Within a day, the order a reader expects: coming into care first, an ending before the next start, leaving care last. */
const SAME_DAY_ORDER: ChronologyKind[] = [
  ChronologyKind.ENTERED_CARE, ChronologyKind.LEGAL_STATUS_CHANGED, ChronologyKind.PLACEMENT_ENDED, ChronologyKind.PLACEMENT_STARTED,
  ChronologyKind.SCHOOL_LEFT, ChronologyKind.SCHOOL_STARTED,
];
const rank = (kind: ChronologyKind) => (kind === ChronologyKind.LEFT_CARE ? 9 : SAME_DAY_ORDER.includes(kind) ? SAME_DAY_ORDER.indexOf(kind) : 7);
const sortKey = (e: ChronologyEvent) => `${e.date}|${rank(e.kind)}|${DOMAIN_ORDER.indexOf(e.domain)}|${e.id}`;

/**
 * One date-ordered history from all four subgraphs. The other subgraphs' events arrive through @requires,
 * already filtered by their own policy for this reader; this subgraph adds its own and merges.
 */
@Resolver(() => Child)
export class ChronologyResolver {
  @Directive(`@requires(fields: "placementEvents { ${CHRONOLOGY_EVENT_SELECTION} } educationEvents { ${CHRONOLOGY_EVENT_SELECTION} } healthEvents { ${CHRONOLOGY_EVENT_SELECTION} }")`)
  @FieldResolver(() => ChronologyConnection, { nullable: true, description: `Dated events from every domain, oldest first; \`first\` at most ${MAX}.` })
  async chronology(
    @Root() child: Child,
    @Ctx() ctx: Context,
    @Arg('from', () => GraphQLLocalDate, { nullable: true }) from?: string,
    @Arg('to', () => GraphQLLocalDate, { nullable: true }) to?: string,
    @Arg('categories', () => [ChronologyKind], { nullable: true }) categories?: ChronologyKind[],
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX) throw new BadUserInputError(`first must be between 1 and ${MAX}`, 'first');
    if (from && to && to < from) throw new BadUserInputError('to is before from', 'to');
    const own = await ctx.loaders.ownEventsByChild.load(child.id);
    const kinds = categories?.length ? new Set(categories) : null;
    const events = [...own, ...(child.placementEvents ?? []), ...(child.educationEvents ?? []), ...(child.healthEvents ?? [])]
      .filter((e) => (!from || e.date >= from) && (!to || e.date <= to) && (!kinds || kinds.has(e.kind)))
      .map((e) => ({ event: e, key: sortKey(e) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const start = after ? events.findIndex((e) => e.key === decodeCursor(after, (k) => events.some((e) => e.key === k))) + 1 : 0;
    const page = events.slice(start, start + limit);
    return {
      edges: page.map((e) => ({ node: e.event, cursor: encodeCursor(e.key) })),
      pageInfo: { hasNextPage: start + limit < events.length, endCursor: page.length ? encodeCursor(page.at(-1)!.key) : null },
    };
  }
}
