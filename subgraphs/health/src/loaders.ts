import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderByGroup, loaderById, readRows, type AccessControl } from '@caregraph/kit';
import { HealthAssessment } from './health-assessment/health-assessment.entity.js';
import { Immunisation } from './immunisation/immunisation.entity.js';
import { ImmunisationStatus } from './immunisation/immunisation-status.entity.js';
import { DentalCheck } from './dental-check/dental-check.entity.js';
import { SdqScore } from './sdq/sdq-score.entity.js';
import { GpRegistration } from './gp-registration/gp-registration.entity.js';
import { HealthCondition } from './condition/health-condition.entity.js';
import { Allergy } from './allergy/allergy.entity.js';
import { Medication } from './medication/medication.entity.js';
import { createChronologyLoader } from './child/child.chronology.js';

/** One set per request (see RequestContext); each loader is one SQL statement per batch. */
export function createLoaders(em: EntityManager, access: AccessControl) {
  const of = (ids: readonly string[]) => ({ childId: { $in: [...ids] } });
  const byChild = (r: { childId: string }) => r.childId;
  return {
    assessmentsByChild: loaderByGroup(
      (ids) => readRows(em, HealthAssessment, of(ids), { orderBy: { dueOn: 'asc', id: 'asc' } }),
      byChild,
    ),
    immunisationsByChild: loaderByGroup(
      (ids) => readRows(em, Immunisation, of(ids), { orderBy: { dateGiven: 'asc', id: 'asc' } }),
      byChild,
    ),
    immunisationStatusByChild: loaderById((ids) => readRows(em, ImmunisationStatus, of(ids)), byChild),
    dentalChecksByChild: loaderByGroup(
      (ids) => readRows(em, DentalCheck, of(ids), { orderBy: { checkedOn: 'asc', id: 'asc' } }),
      byChild,
    ),
    sdqScoresByChild: loaderByGroup(
      (ids) => readRows(em, SdqScore, of(ids), { orderBy: { assessedOn: 'asc', id: 'asc' } }),
      byChild,
    ),
    currentGpByChild: loaderById((ids) => readRows(em, GpRegistration, { ...of(ids), registeredTo: null }), byChild),
    conditionsByChild: loaderByGroup(
      (ids) => readRows(em, HealthCondition, of(ids), { orderBy: { diagnosedOn: 'asc', id: 'asc' } }),
      byChild,
    ),
    allergiesByChild: loaderByGroup((ids) => readRows(em, Allergy, of(ids), { orderBy: { id: 'asc' } }), byChild),
    medicationsByChild: loaderByGroup(
      (ids) => readRows(em, Medication, of(ids), { orderBy: { startDate: 'asc', id: 'asc' } }),
      byChild,
    ),
    /** A child's health events: one `union all` statement per batch, over the kinds this principal may see. */
    chronologyByChild: createChronologyLoader(em, access),
  };
}

export type HealthLoaders = ReturnType<typeof createLoaders>;
