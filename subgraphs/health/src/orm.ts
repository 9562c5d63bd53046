import type { OrmSettings } from '@caregraph/kit';
import { HealthAssessment } from './health-assessment/health-assessment.entity.js';
import { Immunisation } from './immunisation/immunisation.entity.js';
import { ImmunisationStatus } from './immunisation/immunisation-status.entity.js';
import { DentalCheck } from './dental-check/dental-check.entity.js';
import { SdqScore } from './sdq/sdq-score.entity.js';
import { GpRegistration } from './gp-registration/gp-registration.entity.js';
import { HealthCondition } from './condition/health-condition.entity.js';
import { Allergy } from './allergy/allergy.entity.js';
import { Medication } from './medication/medication.entity.js';
import { Oc2Outcome } from './ssda903/oc2-outcome.entity.js';
import { migrations } from './migrations/index.js';

/** The PostgreSQL schema this subgraph owns; no other subgraph reads it. */
export const SCHEMA = 'health';

export const entities = [
  HealthAssessment, Immunisation, ImmunisationStatus, DentalCheck, SdqScore, GpRegistration, HealthCondition, Allergy, Medication, Oc2Outcome,
];

export function ormSettings(databaseUrl: string, onQuery?: (sql: string) => void): OrmSettings {
  return { databaseUrl, schema: SCHEMA, entities, migrations, onQuery };
}
