import type { EntityManager } from '@mikro-orm/postgresql';
import { ChronologyDomain, ChronologyKind, type AccessControl, createDomainEventsLoader } from '@caregraph/kit';
import * as C from '@caregraph/schema';

/**
 * The placements subgraph's part of a child's chronology (`Child.placementEvents`, which the children
 * subgraph @requires). Each event kind comes from one field of this subgraph, and appears only if the
 * principal may read that field: the decision is made here, where the data lives, under this subgraph's policy.
 */
export const PLACEMENT_EVENT_SOURCES = {
  [ChronologyKind.ENTERED_CARE]: 'Child.episodes',
  [ChronologyKind.LEFT_CARE]: 'Child.episodes',
  [ChronologyKind.PLACEMENT_STARTED]: 'Child.placements',
  [ChronologyKind.PLACEMENT_ENDED]: 'Child.placements',
} as const satisfies Partial<Record<ChronologyKind, string>>;

export type PlacementEventKind = keyof typeof PLACEMENT_EVENT_SOURCES;

/** The "came into care" body names the legal status, which its own field group governs. */
const LEGAL_STATUS_SOURCE = 'Episode.legalStatus';

/** Code meanings, passed once per statement as jsonb (code -> meaning) so SQL writes the titles. */
const MEANINGS = {
  legal_status: C.LEGAL_STATUS,
  reason_ceased: C.REASON_EPISODE_CEASED,
  placement_type: C.PLACEMENT_TYPE,
  reason_change: C.REASON_PLACEMENT_CHANGE,
};

/**
 * One SELECT per kind, each giving (child_id, day, kind, item_type, item_id, title, body), in that order (the
 * CTE names the columns, so any branch may come first), for the children in `any(?::uuid[])` (the only placeholder). Titles and bodies never name a carer or give an address or postcode:
 * those are third-party and address data that other field groups govern.
 */
const BRANCHES: Record<PlacementEventKind, (allows: (coordinate: string) => boolean) => string> = {
  ENTERED_CARE: (allows) => `
    select e.child_id, e.start_date as day, 'ENTERED_CARE' as kind, 'Episode' as item_type, e.id as item_id,
           'Came into care' as title, ${allows(LEGAL_STATUS_SOURCE) ? `'Legal status: ' || (m.legal_status ->> e.legal_status)` : 'null'} as body
      from "placements"."episode" e cross join meaning m
     where e.child_id = any(?::uuid[]) and e.reason_new_episode = 'S'`,
  LEFT_CARE: () => `
    select e.child_id, e.end_date, 'LEFT_CARE', 'Episode', e.id, 'Left care', m.reason_ceased ->> e.reason_ceased
      from "placements"."episode" e cross join meaning m
     where e.child_id = any(?::uuid[]) and e.end_date is not null and e.reason_ceased <> 'X1'`,
  // The reason for a move is recorded on the placement it ended: the previous one.
  PLACEMENT_STARTED: () => `
    select p.child_id, p.start_date, 'PLACEMENT_STARTED', 'Placement', p.id, 'Moved to: ' || (m.placement_type ->> p.placement_type),
           'Reason for the move: ' || (m.reason_change ->> lag(p.reason_for_change) over (partition by p.child_id order by p.start_date, p.id))
      from "placements"."placement" p cross join meaning m
     where p.child_id = any(?::uuid[])`,
  PLACEMENT_ENDED: () => `
    select p.child_id, p.end_date, 'PLACEMENT_ENDED', 'Placement', p.id, 'Placement ended: ' || (m.placement_type ->> p.placement_type),
           'Reason for the change: ' || (m.reason_change ->> p.reason_for_change)
      from "placements"."placement" p cross join meaning m
     where p.child_id = any(?::uuid[]) and p.end_date is not null`,
};

/** One per request: see createDomainEventsLoader (kit). */
export function createChronologyLoader(em: EntityManager, access: AccessControl) {
  return createDomainEventsLoader(em, access, { domain: ChronologyDomain.PLACEMENTS, sources: PLACEMENT_EVENT_SOURCES, branches: BRANCHES, meanings: MEANINGS });
}
