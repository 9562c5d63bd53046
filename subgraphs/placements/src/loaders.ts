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
    /** Only the carers this principal may see (row rule "own carers", applied by the kit's AccessControl). */
    carerById: loaderById(async (ids) => {
      const carers = await readRows(em, Carer, { id: { $in: [...ids] } });
      const linked = await carersLinkedToChildrenInScope(em, access, carers.map((c) => c.id));
      return carers.filter((c) => access.keepCarer({ carerId: c.id, linkedToChildInScope: linked.has(c.id) }));
    }, (c) => c.id),
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

/** The carers (of those given) with whom some child in this principal's scope is or was placed: one statement. */
async function carersLinkedToChildrenInScope(em: EntityManager, access: AccessControl, carerIds: string[]): Promise<Set<string>> {
  if (carerIds.length === 0) return new Set();
  const scope = access.childFilter('p.child_id');
  const rows: { carer_id: string }[] = await em.getConnection().execute(
    `select distinct p.carer_id from "placements"."placement" p where p.carer_id = any(?::text[]) and ${scope.sql}`,
    [`{${carerIds.join(',')}}`, ...scope.params],
  );
  return new Set(rows.map((r) => String(r.carer_id)));
}

export type PlacementsLoaders = ReturnType<typeof createLoaders>;
