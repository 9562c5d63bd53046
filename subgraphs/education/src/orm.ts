import type { OrmSettings } from '@caregraph/kit';
import { School } from './school/school.entity.js';
import { SchoolEnrolment } from './enrolment/school-enrolment.entity.js';
import { AttendanceTerm } from './attendance/attendance-term.entity.js';
import { Exclusion } from './exclusion/exclusion.entity.js';
import { SenProvisionRecord } from './sen/sen-provision-record.entity.js';
import { Ehcp } from './ehcp/ehcp.entity.js';
import { PersonalEducationPlan } from './pep/personal-education-plan.entity.js';
import { migrations } from './migrations/index.js';

/** The PostgreSQL schema this subgraph owns; no other subgraph reads it. */
export const SCHEMA = 'education';

export const entities = [School, SchoolEnrolment, AttendanceTerm, Exclusion, SenProvisionRecord, Ehcp, PersonalEducationPlan];

export function ormSettings(databaseUrl: string, onQuery?: (sql: string) => void): OrmSettings {
  return { databaseUrl, schema: SCHEMA, entities, migrations, onQuery };
}
