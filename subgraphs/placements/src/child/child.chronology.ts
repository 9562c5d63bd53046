import type { EntityManager } from '@mikro-orm/postgresql';
import { ChronologyDomain, ChronologyKind, type AccessControl, createDomainEventsLoader } from '@caregraph/kit';
import * as C from '@caregraph/schema';

/**
 * The placements subgraph's part of a child's chronology (`Child.placementEvents`, which the children
 * subgraph calls with the page's bounds). Each event kind comes from one field of this subgraph, and appears only if the
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
/** A move names the home or the carers' household where the reader may read the carer's name. */
const CARER_NAME_SOURCE = 'Carer.name';

/** Code meanings, passed once per statement as jsonb (code -> meaning) so SQL writes the titles. */
const MEANINGS = {
  legal_status: C.LEGAL_STATUS,
  reason_ceased: C.REASON_EPISODE_CEASED,
  placement_type: C.PLACEMENT_TYPE,
  reason_change: C.REASON_PLACEMENT_CHANGE,
};

/**
 * One SELECT per kind, each giving (child_id, day, at, kind, item_type, item_id, title, body, extra), in that
 * order, for the children in `any(?::uuid[])` (the only placeholder). A move names the home or the carers'
 * household only for a reader of the carer's name; no title or body gives an address or a postcode (their own
 * field group governs those).
 */
const BRANCHES: Record<PlacementEventKind, (mayRead: (coordinate: string) => boolean) => string> = {
  ENTERED_CARE: (mayRead) => `
    select e.child_id, e.start_date, null::timestamptz, 'ENTERED_CARE', 'Episode', e.id::text,
           'Came into care', ${mayRead(LEGAL_STATUS_SOURCE) ? `'Legal status: ' || (m.legal_status ->> e.legal_status)` : 'null::text'}, null::jsonb
      from "placements"."episode" e cross join meaning m
     where e.child_id = any(?::uuid[]) and e.reason_new_episode = 'S'`,
  LEFT_CARE: () => `
    select e.child_id, e.end_date, null::timestamptz, 'LEFT_CARE', 'Episode', e.id::text, 'Left care', m.reason_ceased ->> e.reason_ceased, null::jsonb
      from "placements"."episode" e cross join meaning m
     where e.child_id = any(?::uuid[]) and e.end_date is not null and e.reason_ceased <> 'X1'`,
  // The reason for a move is recorded on the placement it ended: the previous one.
  PLACEMENT_STARTED: (mayRead) => `
    select p.child_id, p.start_date, null::timestamptz, 'PLACEMENT_STARTED', 'Placement', p.id::text,
           ${mayRead(CARER_NAME_SOURCE) ? `coalesce('Moved to ' || c.name, 'Moved to: ' || (m.placement_type ->> p.placement_type))` : `'Moved to: ' || (m.placement_type ->> p.placement_type)`},
           nullif(concat_ws('. ', ${mayRead(CARER_NAME_SOURCE) ? `case when c.name is not null then m.placement_type ->> p.placement_type end` : 'null'},
             'Reason for the move: ' || (m.reason_change ->> lag(p.reason_for_change) over (partition by p.child_id order by p.start_date, p.id))), ''),
           null::jsonb
      from "placements"."placement" p cross join meaning m left join "placements"."carer" c on c.id = p.carer_id
     where p.child_id = any(?::uuid[])`,
  PLACEMENT_ENDED: (mayRead) => `
    select p.child_id, p.end_date, null::timestamptz, 'PLACEMENT_ENDED', 'Placement', p.id::text,
           ${mayRead(CARER_NAME_SOURCE) ? `coalesce('Left ' || c.name, 'Placement ended: ' || (m.placement_type ->> p.placement_type))` : `'Placement ended: ' || (m.placement_type ->> p.placement_type)`},
           'Reason for the change: ' || (m.reason_change ->> p.reason_for_change), null::jsonb
      from "placements"."placement" p cross join meaning m left join "placements"."carer" c on c.id = p.carer_id
     where p.child_id = any(?::uuid[]) and p.end_date is not null`,
};

/** One per request: see createDomainEventsLoader (kit). */
export function createChronologyLoader(em: EntityManager, access: AccessControl) {
  return createDomainEventsLoader(em, access, { domain: ChronologyDomain.PLACEMENTS, sources: PLACEMENT_EVENT_SOURCES, branches: BRANCHES, meanings: MEANINGS });
}
