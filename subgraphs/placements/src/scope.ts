import { ForbiddenError } from '@caregraph/kit';
import type { Context } from './context.js';
import type { Placement } from './placement/placement.entity.js';

/** The subgraph name recorded as the writer of the relationship tuples this subgraph owns. */
export const WRITER = 'placements';

/**
 * A placement is visible only to those who may see its child (one scope statement per batch). An unknown id
 * gets the same FORBIDDEN as a placement out of scope, so placement ids cannot be probed either.
 */
export async function visiblePlacement(ctx: Context, placement: Placement | null): Promise<Placement | null> {
  if (!placement) throw new ForbiddenError('Not permitted to see this child');
  await ctx.access.requireChild(placement.childId);
  return placement;
}
