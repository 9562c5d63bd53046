import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Episode } from './episode.entity.js';
import { Placement } from '../placement/placement.entity.js';
import type { Context } from '../context.js';

@Resolver(() => Episode)
export class EpisodeResolver {
  @FieldResolver(() => Placement, { nullable: true, description: 'The placement this episode falls in.' })
  placement(@Root() episode: Episode, @Ctx() ctx: Context) {
    return ctx.loaders.placementById.load(episode.placement.id);
  }
}
