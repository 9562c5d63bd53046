import { Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { ChronologyArgs, ChronologyEvent, MAX_CHRONOLOGY_PAGE, chronologyPage, parseId } from '@caregraph/kit';
import { Placement } from '../placement/placement.entity.js';
import { Episode } from '../episode/episode.entity.js';
import type { Context } from '../context.js';

/** The child, owned by the children subgraph; this subgraph adds where the child lives and the 903 episodes. */
@Directive('@key(fields: "id")')
@ObjectType('Child')
export class ChildRef {
  @Field(() => ID)
  id!: string;
}

/**
 * Only a child in the principal's scope resolves (batched: one scope statement for all representations);
 * otherwise null + FORBIDDEN, whether or not the child exists. Any well-formed id in scope resolves (a child's
 * existence is the children subgraph's business): no placements, not in care.
 */
export async function resolveChildReference(ref: { id: string }, ctx: Context): Promise<ChildRef> {
  const id = parseId(ref.id);
  await ctx.access.requireChild(id);
  return { id };
}

@Resolver(() => ChildRef)
export class ChildPlacementsResolver {
  @FieldResolver(() => [Placement], { nullable: true, description: 'Placements, oldest first.' })
  placements(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.placementsByChild.load(child.id);
  }

  @FieldResolver(() => Placement, { nullable: true, description: 'The placement the child lives in now (no end date).' })
  async currentPlacement(@Root() child: ChildRef, @Ctx() ctx: Context) {
    const placements = await ctx.loaders.placementsByChild.load(child.id);
    return placements.find((p) => p.endDate == null) ?? null;
  }

  @FieldResolver(() => [Episode], { nullable: true, description: 'SSDA903 episodes, oldest first.' })
  episodes(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.episodesByChild.load(child.id);
  }

  /**
   * The open episode always lies in the open placement (both are opened and closed together), so the
   * placements loader answers this without reading the usually longer episode list.
   */
  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether the child is looked after now (has an open episode).' })
  async inCare(@Root() child: ChildRef, @Ctx() ctx: Context) {
    const placements = await ctx.loaders.placementsByChild.load(child.id);
    return placements.some((p) => p.endDate == null);
  }

  @FieldResolver(() => [ChronologyEvent], {
    nullable: true,
    description: `One page of the child’s care events (came into care, placement moves, left care) in the chronology’s order, at most \`first\` (up to ${MAX_CHRONOLOGY_PAGE + 1}); a kind appears only if the principal may read the field it comes from (episodes, placements). The children subgraph merges these pages into \`chronology\`.`,
  })
  placementEvents(@Root() child: ChildRef, @Ctx() ctx: Context, @Args() args: ChronologyArgs) {
    return ctx.loaders.chronologyByChild(chronologyPage(args, MAX_CHRONOLOGY_PAGE + 1)).load(child.id);
  }
}
