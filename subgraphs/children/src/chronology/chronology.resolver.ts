import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ChronologyArgs, ChronologyEvent, Connection, MAX_CHRONOLOGY_PAGE, chronologyPage, encodeCursor, eventKey } from '@caregraph/kit';
import { Child } from '../child/child.entity.js';
import type { Context } from '../context.js';

export const ChronologyConnection = Connection(ChronologyEvent, 'Chronology');

/**
 * One ordered history from all four subgraphs, built one page at a time. Every subgraph pages its own part
 * with the page's bounds (dates, kinds, the cursor's position, `first + 1`) in one keyset statement per batch of
 * children; the other three are called directly with the reader's forwarded identity (each applies its own
 * policy where its data lives), this subgraph adds its own part, and the at most 4 × (first + 1) events are merged
 * in the chronology's one order (`eventKey`). So an event crosses the gateway once, in the page it belongs to.
 */
@Resolver(() => Child)
export class ChronologyResolver {
  @FieldResolver(() => ChronologyConnection, {
    nullable: true,
    description: `Dated events from every domain the reader may read, oldest first (within a day: coming into care first, an ending before the next start, then by time where known); \`first\` at most ${MAX_CHRONOLOGY_PAGE}.`,
  })
  async chronology(@Root() child: Child, @Ctx() ctx: Context, @Args() args: ChronologyArgs) {
    const page = chronologyPage(args);
    const more = { ...page, first: page.first + 1 };
    const [own, others] = await Promise.all([ctx.loaders.ownEventsByChild(more).load(child.id), ctx.loaders.peerEventsByChild(page).load(child.id)]);
    const events = [...own, ...others]
      .map((event) => ({ event, key: eventKey(event) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const shown = events.slice(0, page.first);
    return {
      edges: shown.map((e) => ({ node: e.event, cursor: encodeCursor(e.key) })),
      pageInfo: { hasNextPage: events.length > page.first, endCursor: shown.length ? encodeCursor(shown.at(-1)!.key) : null },
    };
  }
}
