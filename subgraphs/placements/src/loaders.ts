import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderByGroup, loaderById, readRows, type AccessControl } from '@caregraph/kit';
import { Carer } from './carer/carer.entity.js';
import { Placement } from './placement/placement.entity.js';
import { Episode } from './episode/episode.entity.js';
import { createChronologyLoader } from './child/child.chronology.js';

/** One set per request (see RequestContext); each loader is one SQL statement per batch. */
export function createLoaders(em: EntityManager, access: AccessControl) {
  const ofChildren = (ids: readonly string[]) => ({ childId: { $in: [...ids] } });
  return {
    placementById: loaderById((ids) => readRows(em, Placement, { id: { $in: [...ids] } }), (p) => p.id),
    carerById: loaderById((ids) => readRows(em, Carer, { id: { $in: [...ids] } }), (c) => c.id),
    placementsByChild: loaderByGroup(
      (ids) => readRows(em, Placement, ofChildren(ids), { orderBy: { startDate: 'asc', id: 'asc' } }),
      (p) => p.childId,
    ),
    episodesByChild: loaderByGroup(
      (ids) => readRows(em, Episode, ofChildren(ids), { orderBy: { startDate: 'asc', id: 'asc' } }),
      (e) => e.childId,
    ),
    currentPlacementsByCarer: loaderByGroup(
      (ids) => readRows(em, Placement, { carer: { $in: [...ids] }, endDate: null }, { orderBy: { startDate: 'asc', id: 'asc' } }),
      (p) => p.carer!.id,
    ),
    /** A child's placement events: one `union all` statement per batch, over the kinds this principal may see. */
    chronologyByChild: createChronologyLoader(em, access),
  };
}

export type PlacementsLoaders = ReturnType<typeof createLoaders>;
