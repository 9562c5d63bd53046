import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Carer } from './carer.entity.js';
import { parseCarerId } from './carer-id.js';
import { Placement } from '../placement/placement.entity.js';
import type { Context } from '../context.js';

@Resolver(() => Carer)
export class CarerResolver {
  /** No child data of its own (currentPlacements is filtered by scope). */
  @Query(() => Carer, { nullable: true })
  carer(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Carer | null> {
    return ctx.loaders.carerById.load(parseCarerId(id));
  }

  /** Only the placements of children in the principal's scope (one scope statement for the whole list). */
  @FieldResolver(() => [Placement], { nullable: true, description: 'The placements with this carer that have not ended, oldest first.' })
  async currentPlacements(@Root() carer: Carer, @Ctx() ctx: Context) {
    const placements = await ctx.loaders.currentPlacementsByCarer.load(carer.id);
    return ctx.access.filterByChild(placements, (p) => p.childId);
  }
}

/** A carer holds no child data of its own: no scope check here, but its currentPlacements are filtered. */
export function resolveCarerReference(ref: { id: string }, ctx: Context) {
  return ctx.loaders.carerById.load(parseCarerId(ref.id));
}
