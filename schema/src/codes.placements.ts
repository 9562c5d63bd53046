/** Code lists owned by the placements subgraph (see codes.ts for the shared ones). */

/** What kind of carer a child is placed with: a fostering household or a registered children's home. */
export const CARER_KIND = {
  FOSTER: 'Foster carer household (approved by a fostering service)',
  RESIDENTIAL: 'Residential children’s home (registered with Ofsted)',
} as const;
