import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Carer } from './carer.entity.js';
import { parseCarerId } from './carer-id.js';
import { Placement } from '../placement/placement.entity.js';
import type { Context } from '../context.js';

@Resolver(() => Carer)
export class CarerResolver {
  @Query(() => Carer, { nullable: true })
  carer(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Carer | null> {
    return ctx.loaders.carerById.load(parseCarerId(id));
  }

  @FieldResolver(() => [Placement], { nullable: true, description: 'The placements with this carer that have not ended, oldest first.' })
  currentPlacements(@Root() carer: Carer, @Ctx() ctx: Context) {
    return ctx.loaders.currentPlacementsByCarer.load(carer.id);
  }
}

export function resolveCarerReference(ref: { id: string }, ctx: Context) {
  return ctx.loaders.carerById.load(parseCarerId(ref.id));
}
