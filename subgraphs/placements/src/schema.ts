import { buildFederatedSchema } from '@caregraph/kit';
import { ChildPlacementsResolver, resolveChildReference } from './child/child.ref.js';
import { PlacementResolver, resolvePlacementReference } from './placement/placement.resolver.js';
import { EpisodeResolver } from './episode/episode.resolver.js';
import { CarerResolver, resolveCarerReference } from './carer/carer.resolver.js';

export function buildSchema() {
  return buildFederatedSchema(
    { resolvers: [ChildPlacementsResolver, PlacementResolver, EpisodeResolver, CarerResolver] },
    {
      Child: { __resolveReference: resolveChildReference },
      Placement: { __resolveReference: resolvePlacementReference },
      Carer: { __resolveReference: resolveCarerReference },
    },
  );
}
