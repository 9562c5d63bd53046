import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { School } from './school.entity.js';
import { parseUrn } from './urn.js';
import type { Context } from '../context.js';

@Resolver(() => School)
export class SchoolResolver {
  // A school carries no child data: no scope check (the field rules still apply).
  @Query(() => School, { nullable: true, description: 'A school by URN; null when the hub has no record of it.' })
  school(@Arg('urn', () => String) urn: string, @Ctx() ctx: Context): Promise<School | null> {
    return ctx.loaders.schoolByUrn.load(parseUrn(urn));
  }
}

export function resolveSchoolReference(ref: { urn: string }, ctx: Context) {
  return ctx.loaders.schoolByUrn.load(parseUrn(ref.urn));
}
