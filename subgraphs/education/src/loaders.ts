import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderByGroup, loaderById, readRows, type AccessControl } from '@caregraph/kit';
import { School } from './school/school.entity.js';
import { SchoolEnrolment } from './enrolment/school-enrolment.entity.js';
import { AttendanceTerm } from './attendance/attendance-term.entity.js';
import { Exclusion } from './exclusion/exclusion.entity.js';
import { SenProvisionRecord } from './sen/sen-provision-record.entity.js';
import { Ehcp } from './ehcp/ehcp.entity.js';
import { PersonalEducationPlan } from './pep/personal-education-plan.entity.js';
import { createChronologyLoader } from './child/child.chronology.js';

/** One set per request (see RequestContext); each loader is one SQL statement per batch. */
export function createLoaders(em: EntityManager, access: AccessControl) {
  const of = (ids: readonly string[]) => ({ childId: { $in: [...ids] } });
  return {
    schoolByUrn: loaderById((urns) => readRows(em, School, { urn: { $in: [...urns] } }), (s) => s.urn),
    enrolmentsByChild: loaderByGroup(
      (ids) => readRows(em, SchoolEnrolment, of(ids), { orderBy: { startDate: 'asc', id: 'asc' } }),
      (r) => r.childId,
    ),
    attendanceByChild: loaderByGroup(
      // Term codes sort alphabetically in school-year order (AUTUMN, SPRING, SUMMER).
      (ids) => readRows(em, AttendanceTerm, of(ids), { orderBy: { academicYear: 'asc', term: 'asc' } }),
      (r) => r.childId,
    ),
    exclusionsByChild: loaderByGroup(
      (ids) => readRows(em, Exclusion, of(ids), { orderBy: { startDate: 'asc', id: 'asc' } }),
      (r) => r.childId,
    ),
    senByChild: loaderByGroup(
      (ids) => readRows(em, SenProvisionRecord, of(ids), { orderBy: { startDate: 'asc', id: 'asc' } }),
      (r) => r.childId,
    ),
    ehcpByChild: loaderById((ids) => readRows(em, Ehcp, of(ids)), (r) => r.childId),
    pepsByChild: loaderByGroup(
      (ids) => readRows(em, PersonalEducationPlan, of(ids), { orderBy: { heldOn: 'asc', id: 'asc' } }),
      (r) => r.childId,
    ),
    /** A child's education events: one `union all` statement per batch, over the kinds this principal may see. */
    chronologyByChild: createChronologyLoader(em, access),
  };
}

export type EducationLoaders = ReturnType<typeof createLoaders>;
