import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ForbiddenError } from '@caregraph/kit';
import { Carer } from './carer.entity.js';
import { parseCarerId } from './carer-id.js';
import { Placement } from '../placement/placement.entity.js';
import type { Context } from '../context.js';

@Resolver(() => Carer)
export class CarerResolver {
  /** A household this principal may see (row rule "own carers"); any other id answers like an unknown one. */
  @Query(() => Carer, { nullable: true })
  async carer(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Carer | null> {
    const carer = await ctx.loaders.carerById.load(parseCarerId(id));
    if (!carer) throw new ForbiddenError('Not permitted to see this carer');
    return carer;
  }

  /** Only the placements of children in the principal's scope (one scope statement for the whole list). */
  @FieldResolver(() => [Placement], { nullable: true, description: 'The placements with this carer that have not ended, oldest first.' })
  async currentPlacements(@Root() carer: Carer, @Ctx() ctx: Context) {
    const placements = await ctx.loaders.currentPlacementsByCarer.load(carer.id);
    return ctx.access.filterByChild(placements, (p) => p.childId);
  }
}

/** Through the same loader: only the carers this principal may see (its currentPlacements are filtered by scope too). */
export async function resolveCarerReference(ref: { id: string }, ctx: Context) {
  const carer = await ctx.loaders.carerById.load(parseCarerId(ref.id));
  if (!carer) throw new ForbiddenError('Not permitted to see this carer');
  return carer;
}
