import { PLACEMENT_TYPES_WITHOUT_URN, TEMPORARY_PLACEMENT_TYPES } from '@caregraph/schema';
import type { PlacementTypeCode, ReasonNewEpisodeCode } from '../codes.js';

/** What changed between one episode and the next; the reason for the new episode (RNE) follows from it. */
export interface EpisodeChange {
  placementChanged: boolean;
  /** Both placements are with the same (known) carer. */
  sameCarer: boolean;
  legalStatusChanged: boolean;
}

/** RNE for an episode that follows another the same day (a first episode is always S). */
export function reasonNewEpisode(change: EpisodeChange): ReasonNewEpisodeCode {
  if (!change.placementChanged) return 'L';
  if (change.legalStatusChanged) return change.sameCarer ? 'U' : 'B';
  return change.sameCarer ? 'T' : 'P';
}

export function isSameCarer(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && a === b;
}

/** DfE rule 222: no Ofsted URN for these placement types. */
export function urnForbidden(type: PlacementTypeCode): boolean {
  return (PLACEMENT_TYPES_WITHOUT_URN as readonly string[]).includes(type);
}

export function isTemporary(type: PlacementTypeCode): boolean {
  return (TEMPORARY_PLACEMENT_TYPES as readonly string[]).includes(type);
}

/**
 * DfE rules 225/226: a placement change records why the previous placement ended, except around a temporary
 * (T0-T4) placement, where the reason must be absent both on the way in and on the way out.
 */
export function reasonForChangeApplies(from: PlacementTypeCode, to: PlacementTypeCode): boolean {
  return !isTemporary(from) && !isTemporary(to);
}
