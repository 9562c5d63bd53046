import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  BadUserInputError, ConflictError, NotFoundError, checkPeriod, endRelations, grantRelations, parseId, requireText,
} from '@caregraph/kit';
import { Carer } from '../carer/carer.entity.js';
import { parseCarerId } from '../carer/carer-id.js';
import { Episode } from '../episode/episode.entity.js';
import { isSameCarer, reasonForChangeApplies, reasonNewEpisode, urnForbidden } from '../episode/episode.rules.js';
import { Placement } from './placement.entity.js';
import type { EndPlacementInput, StartPlacementInput } from './placement.inputs.js';
import { parsePostcode, parseUrn } from './placement.validation.js';
import { WRITER } from '../scope.js';

/** Who acts: the local authority the principal acts for, the subject of the looked-after relations it records. */
export interface Actor {
  la: string;
}

/** The open episode (with its placement), if the child is looked after. */
function openEpisode(tx: EntityManager, childId: string) {
  return tx.findOne(Episode, { childId, endDate: null }, { populate: ['placement'] });
}

/** Runs a change in one transaction with its audit entry (`AccessControl.write`). */
export type Writer = <T>(change: (tx: EntityManager) => Promise<T>) => Promise<T>;

/** Two writers racing on one child: the partial unique indexes let only one open episode and placement exist. */
async function racing<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException) throw new ConflictError('the child’s placement changed at the same time; try again');
    throw e;
  }
}

/**
 * Moves a child into a placement. With an open episode, that episode ends the same day (REC X1) and the next
 * one starts with the RNE the change implies; otherwise a new period of care starts (RNE S).
 * Scope follows in the same transaction: the previous carer's access ends on the start date and the new
 * carer's begins; a new period of care makes the child looked after by the LA (and no longer previously so).
 */
export async function startPlacement(write: Writer, input: StartPlacementInput, actor: Actor): Promise<Placement> {
  const childId = parseId(input.childId, 'childId');
  checkPeriod(input.startDate, null, ['startDate']);
  const type = input.placementType;
  const urn = input.urn == null ? null : parseUrn(input.urn);
  if (urn != null && urnForbidden(type)) throw new BadUserInputError('urn must not be given for this placement type', 'urn');
  const carerId = input.carerId == null ? null : parseCarerId(input.carerId, 'carerId');
  const addressLine = input.addressLine == null ? null : requireText(input.addressLine, 'addressLine', 200);
  const postcode = input.postcode == null ? null : parsePostcode(input.postcode, 'postcode');
  const homePostcode = input.homePostcode == null ? null : parsePostcode(input.homePostcode, 'homePostcode');

  return racing(() => write(async (tx) => {
    const carer = carerId == null ? null : await tx.findOne(Carer, { id: carerId });
    if (carerId != null && !carer) throw new NotFoundError('carer');
    const open = await openEpisode(tx, childId);
    let episode: Pick<Episode, 'reasonNewEpisode' | 'legalStatus' | 'categoryOfNeed' | 'homePostcode'>;
    if (open) {
      if (input.startDate <= open.startDate) throw new ConflictError('startDate must be after the current episode began');
      const previous = open.placement;
      if (reasonForChangeApplies(previous.placementType, type)) {
        if (input.reasonForChange == null) throw new BadUserInputError('reasonForChange is required for this placement change', 'reasonForChange');
      } else if (input.reasonForChange != null) {
        throw new BadUserInputError('reasonForChange must not be given when a temporary placement begins or ends', 'reasonForChange');
      }
      const legalStatus = input.legalStatus ?? open.legalStatus;
      episode = {
        reasonNewEpisode: reasonNewEpisode({
          placementChanged: true,
          sameCarer: isSameCarer(previous.carer?.id, carerId),
          legalStatusChanged: legalStatus !== open.legalStatus,
        }),
        legalStatus,
        categoryOfNeed: input.categoryOfNeed ?? open.categoryOfNeed,
        homePostcode: homePostcode ?? open.homePostcode ?? null,
      };
      const reason = input.reasonForChange ?? null;
      open.endDate = input.startDate;
      open.reasonCeased = 'X1';
      open.reasonPlacementChange = reason;
      previous.endDate = input.startDate;
      previous.reasonForChange = reason;
      // Close the open rows before inserting their successors: the one-open-row indexes check each statement.
      await tx.flush();
    } else {
      if (input.legalStatus == null) throw new BadUserInputError('legalStatus is required when a period of care starts', 'legalStatus');
      if (input.categoryOfNeed == null) throw new BadUserInputError('categoryOfNeed is required when a period of care starts', 'categoryOfNeed');
      if (input.reasonForChange != null) throw new BadUserInputError('reasonForChange applies only when a placement changes', 'reasonForChange');
      const last = await tx.findOne(Episode, { childId }, { orderBy: { endDate: 'desc' } });
      if (last?.endDate != null && last.endDate > input.startDate) throw new ConflictError('startDate is before the previous period of care ended');
      episode = { reasonNewEpisode: 'S', legalStatus: input.legalStatus, categoryOfNeed: input.categoryOfNeed, homePostcode };
      // Back in care: looked after again, by whichever LA, so no longer previously looked after.
      await endRelations(tx, { relation: 'previously_looked_after', childId, at: input.startDate });
      await grantRelations(tx, WRITER, [{ relation: 'looked_after', subject: actor.la, childId, from: input.startDate }]);
    }
    // Whoever cared for the child before (none at the start of a period of care) stops seeing them that day.
    await endRelations(tx, { relation: 'carer', childId, at: input.startDate });
    if (carerId != null) await grantRelations(tx, WRITER, [{ relation: 'carer', subject: carerId, childId, from: input.startDate }]);
    const placement = tx.create(Placement, {
      childId, placementType: type, provider: input.provider, carer, urn, addressLine, postcode, startDate: input.startDate,
    });
    tx.create(Episode, {
      ...episode, childId, startDate: input.startDate, placementType: type, provider: input.provider, urn,
      placementPostcode: postcode, placement,
    });
    return placement;
  }));
}

/**
 * The child leaves care: the current placement and the open episode end with a REC other than X1. In the same
 * transaction the carer's and the LA's looked-after access end on the end date, and the child is previously
 * looked after from then on.
 */
export async function endPlacement(write: Writer, input: EndPlacementInput, actor: Actor): Promise<Placement> {
  const childId = parseId(input.childId, 'childId');
  checkPeriod(input.endDate, null, ['endDate']);
  if (input.reasonCeased === 'X1') throw new BadUserInputError('reasonCeased X1 means another episode follows: use startPlacement', 'reasonCeased');
  return racing(() => write(async (tx) => {
    const open = await openEpisode(tx, childId);
    if (!open) throw new ConflictError('the child has no open placement');
    if (input.endDate < open.startDate) throw new ConflictError('endDate is before the current episode began');
    open.endDate = input.endDate;
    open.reasonCeased = input.reasonCeased;
    open.placement.endDate = input.endDate;
    await endRelations(tx, { relation: 'carer', childId, at: input.endDate });
    await endRelations(tx, { relation: 'looked_after', childId, at: input.endDate });
    await grantRelations(tx, WRITER, [{ relation: 'previously_looked_after', subject: actor.la, childId, from: input.endDate }]);
    return open.placement;
  }));
}
