import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ForbiddenError, parseId } from '@caregraph/kit';
import { Placement } from './placement.entity.js';
import { EndPlacementInput, StartPlacementInput } from './placement.inputs.js';
import { endPlacement, startPlacement } from './placement.service.js';
import { Carer } from '../carer/carer.entity.js';
import { ChildRef } from '../child/child.ref.js';
import type { Context } from '../context.js';
import { visiblePlacement } from '../scope.js';

@Resolver(() => Placement)
export class PlacementResolver {
  @Query(() => Placement, { nullable: true })
  async placement(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Placement | null> {
    return visiblePlacement(ctx, await ctx.loaders.placementById.load(parseId(id)));
  }

  @Mutation(() => Placement, {
    nullable: true, description: 'Moves a child into a placement: closes the current episode (REC X1) and opens the next, or starts a period of care (RNE S).',
  })
  async startPlacement(@Arg('input', () => StartPlacementInput) input: StartPlacementInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    return startPlacement((change) => ctx.access.write(childId, change), input, { la: ctx.principal.la });
  }

  @Mutation(() => Placement, { nullable: true, description: 'The child leaves care: ends the current placement and the period of care. Returns the ended placement.' })
  async endPlacement(@Arg('input', () => EndPlacementInput) input: EndPlacementInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    return endPlacement((change) => ctx.access.write(childId, change), input, { la: ctx.principal.la });
  }

  @FieldResolver(() => ChildRef, { nullable: true, description: 'The child placed.' })
  child(@Root() placement: Placement): ChildRef {
    return { id: placement.childId };
  }

  @FieldResolver(() => Carer, { nullable: true, description: 'The carer, when the placement has one.' })
  async carer(@Root() placement: Placement, @Ctx() ctx: Context) {
    if (!placement.carer) return null;
    // A household this principal may not see (row rule "own carers") is a denial like any other: null + FORBIDDEN.
    const carer = await ctx.loaders.carerById.load(placement.carer.id);
    if (!carer) throw new ForbiddenError('Not permitted to see this carer');
    return carer;
  }
}

/** Resolves only when the placement's child is in scope; otherwise (or when unknown) null + FORBIDDEN. */
export async function resolvePlacementReference(ref: { id: string }, ctx: Context) {
  return visiblePlacement(ctx, await ctx.loaders.placementById.load(parseId(ref.id)));
}
