import type { EntityManager } from '@mikro-orm/postgresql';
import { insertAll } from '@caregraph/kit';
import { addDays, addYears, ageOn, DEMO_TODAY, Rng, type ChildStory } from '@caregraph/demo';
import type { HealthConditionCategory, HealthProfessionalRole, Vaccine } from './codes.js';
import * as schedule from './health-assessment/schedule.js';
import { HealthAssessment } from './health-assessment/health-assessment.entity.js';
import { Immunisation } from './immunisation/immunisation.entity.js';
import { ImmunisationStatus } from './immunisation/immunisation-status.entity.js';
import { DentalCheck } from './dental-check/dental-check.entity.js';
import { SdqScore } from './sdq/sdq-score.entity.js';
import { GpRegistration } from './gp-registration/gp-registration.entity.js';
import { HealthCondition } from './condition/health-condition.entity.js';
import { Allergy } from './allergy/allergy.entity.js';
import { Medication } from './medication/medication.entity.js';

type Row = Record<string, unknown>;

/** The schedule's date steps, remembered: a 100,000-child seed repeats each of them many times over. */
function remembered<A extends (string | number)[], R>(fn: (...args: A) => R): (...args: A) => R {
  const results = new Map<string, R>();
  return (...args) => {
    const key = args.join('|');
    let result = results.get(key);
    if (result === undefined) results.set(key, (result = fn(...args)));
    return result;
  };
}
const addMonths = remembered(schedule.addMonths);
const initialAssessmentDue = remembered(schedule.initialAssessmentDue);
const reviewIntervalMonths = remembered((dateOfBirth: string, on: string) => schedule.reviewIntervalMonths(dateOfBirth, on));
const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

/** GP practices in and around the demo authority (ODS codes in the local E87 range). */
const PRACTICES = Array.from({ length: 40 }, (_, i) => {
  const rng = Rng.for('gp-practice', i);
  const place = rng.pick(['Uxbridge', 'Hayes', 'Ruislip', 'Northwood', 'Slough', 'Watford', 'Reading', 'Luton', 'Yiewsley', 'Harefield']);
  const kind = rng.pick(['Medical Centre', 'Surgery', 'Health Centre', 'Family Practice']);
  return { practiceName: `${place} ${kind}`, odsCode: `E87${String(600 + i * 7).padStart(3, '0')}` };
});

/** The routine schedule by age in days, with the year a vaccine joined it (older children never had it). */
const SCHEDULE: { vaccine: keyof typeof Vaccine; ageDays: number; since: number }[] = [
  { vaccine: 'DTAP_IPV_HIB_HEPB', ageDays: 56, since: 1990 }, { vaccine: 'ROTAVIRUS', ageDays: 56, since: 2013 },
  { vaccine: 'MENB', ageDays: 56, since: 2015 }, { vaccine: 'DTAP_IPV_HIB_HEPB', ageDays: 84, since: 1990 },
  { vaccine: 'ROTAVIRUS', ageDays: 84, since: 2013 }, { vaccine: 'PCV', ageDays: 84, since: 2006 },
  { vaccine: 'DTAP_IPV_HIB_HEPB', ageDays: 112, since: 1990 }, { vaccine: 'MENB', ageDays: 112, since: 2015 },
  { vaccine: 'HIB_MENC', ageDays: 366, since: 2006 }, { vaccine: 'MMR', ageDays: 366, since: 1988 },
  { vaccine: 'PCV', ageDays: 366, since: 2006 }, { vaccine: 'MENB', ageDays: 366, since: 2015 },
  { vaccine: 'MMR', ageDays: 1217, since: 1996 }, { vaccine: 'DTAP_IPV', ageDays: 1217, since: 1990 },
  { vaccine: 'HPV', ageDays: 4560, since: 2008 }, { vaccine: 'TD_IPV', ageDays: 5110, since: 1994 },
  { vaccine: 'MENACWY', ageDays: 5110, since: 2015 },
];

const CONDITIONS: {
  description: string; category: keyof typeof HealthConditionCategory; fromAge: number; medication?: { name: string; dose: string };
}[] = [
  { description: 'Asthma', category: 'RESPIRATORY', fromAge: 2, medication: { name: 'Salbutamol inhaler', dose: '100 micrograms, 2 puffs when needed' } },
  { description: 'Eczema', category: 'SKIN', fromAge: 0, medication: { name: 'Emollient cream', dose: 'Apply twice daily' } },
  { description: 'Attention deficit hyperactivity disorder', category: 'NEURODEVELOPMENTAL', fromAge: 6, medication: { name: 'Methylphenidate', dose: '18 mg once daily' } },
  { description: 'Autism spectrum condition', category: 'NEURODEVELOPMENTAL', fromAge: 3 },
  { description: 'Anxiety, supported by CAMHS', category: 'MENTAL_HEALTH', fromAge: 8 },
  { description: 'Low mood', category: 'MENTAL_HEALTH', fromAge: 12, medication: { name: 'Sertraline', dose: '50 mg once daily' } },
  { description: 'Epilepsy', category: 'NEUROLOGICAL', fromAge: 1, medication: { name: 'Levetiracetam', dose: '250 mg twice daily' } },
  { description: 'Glue ear with mild hearing loss', category: 'SENSORY', fromAge: 1 },
  { description: 'Speech and language delay', category: 'DEVELOPMENTAL', fromAge: 2 },
  { description: 'Mild learning disability', category: 'LEARNING_DISABILITY', fromAge: 4 },
];

const ALLERGIES = [
  { substance: 'Penicillin', severity: 'MODERATE' }, { substance: 'Peanuts', severity: 'SEVERE' },
  { substance: 'Tree nuts', severity: 'SEVERE' }, { substance: 'Eggs', severity: 'MILD' }, { substance: 'Cow’s milk', severity: 'MILD' },
  { substance: 'Latex', severity: 'MODERATE' }, { substance: 'Wasp and bee stings', severity: 'SEVERE' }, { substance: 'House dust mite', severity: 'MILD' },
] as const;

const OUTCOMES = [
  'Growing and developing well. Immunisations checked. Health plan: continue routine care.',
  'Well overall. Referred to optician after a failed vision screen; health plan updated.',
  'Sleep difficulties discussed with carers; bedtime routine advice given. Review sleep at next assessment.',
  'Emotional wellbeing discussed; SDQ reviewed with the social worker. CAMHS referral not needed at present.',
  'Dental check overdue: carers to book. Diet and exercise advice given.',
  'Speech and language therapy referral made. Otherwise well.',
];

/** Statutory assessments: the initial one, then reviews on schedule while in care; some late, a few missed. */
function assessments(s: ChildStory, rng: Rng, end: string, rows: Row[]): string | null {
  const limit = min(end, DEMO_TODAY);
  let kind: 'INITIAL' | 'REVIEW' = 'INITIAL';
  let due = initialAssessmentDue(s.careStart);
  let lastDone: string | null = null;
  const falls = (on: string) => on <= limit && (s.careEnd == null || on < s.careEnd);
  while (falls(due)) {
    const isLast = !falls(addMonths(due, reviewIntervalMonths(s.dateOfBirth, due)));
    const initial = kind === 'INITIAL';
    // A child who left care had their last review; a missed review is one a later review overtook.
    const missed = !initial && !(isLast && s.careEnd != null) && rng.chance(0.06);
    let completedOn: string | null = null;
    if (!missed) {
      const late = rng.chance(initial ? 0.2 : 0.12);
      completedOn = late ? addDays(due, rng.int(1, initial ? 12 : 60)) : addDays(due, -rng.int(0, initial ? 15 : 30));
      // The review before leaving care is not done early, so no further one falls due before the 18th birthday.
      if (isLast && s.careEnd != null && completedOn < due) completedOn = due;
      if (completedOn < s.careStart) completedOn = s.careStart;
      if (completedOn > limit) completedOn = s.careEnd != null ? limit : null;
    }
    const under5 = ageOn(s.dateOfBirth, due) < 5;
    const role: keyof typeof HealthProfessionalRole = initial ? 'DOCTOR' : under5 ? rng.pick(['HEALTH_VISITOR', 'NURSE']) : rng.pick(['NURSE', 'NURSE', 'DOCTOR']);
    rows.push({
      id: rng.uuid(), childId: s.id, kind, dueOn: due, completedOn,
      completedByRole: completedOn ? role : null, outcome: completedOn ? rng.pick(OUTCOMES) : null,
    });
    if (completedOn) lastDone = completedOn;
    const from = completedOn ?? due;
    due = addMonths(from, reviewIntervalMonths(s.dateOfBirth, from));
    kind = 'REVIEW';
  }
  return lastDone;
}

/** Writes the health subgraph's part of each story: assessments, immunisations, checks, SDQ, GP and clinical summary. */
export async function seedDemo(em: EntityManager, stories: ChildStory[]): Promise<void> {
  const assessmentRows: Row[] = [], doses: Row[] = [], statuses: Row[] = [], dental: Row[] = [], sdq: Row[] = [];
  const gps: Row[] = [], conditions: Row[] = [], allergies: Row[] = [], medications: Row[] = [];
  for (const s of stories) {
    const rng = s.rng('health');
    const end = min(s.careEnd ?? DEMO_TODAY, DEMO_TODAY);
    const lastAssessed = assessments(s, rng, end, assessmentRows);

    // Immunisations from infancy, as the GP record shows them; a few doses missed.
    let missedDose = false;
    for (const dose of SCHEDULE) {
      const on = addDays(s.dateOfBirth, dose.ageDays + rng.int(0, 21));
      if (on > DEMO_TODAY || Number(on.slice(0, 4)) < dose.since) continue;
      if (rng.chance(s.featured ? 0.02 : 0.05)) missedDose = true;
      else doses.push({ id: rng.uuid(), childId: s.id, vaccine: dose.vaccine, dateGiven: on });
    }
    statuses.push({ childId: s.id, upToDate: !missedDose, asAt: lastAssessed ?? s.careStart });

    // Yearly dental checks from the first birthday, while in care.
    for (let on = addDays(max(s.careStart, addYears(s.dateOfBirth, 1)), rng.int(20, 120)); on <= end; on = addDays(on, rng.int(300, 420))) {
      if (rng.chance(s.featured ? 0.95 : 0.85)) dental.push({ id: rng.uuid(), childId: s.id, checkedOn: on });
    }

    // An SDQ each year in care (OC2): a score at 4-16, SDQ1 outside that range, another reason now and then.
    for (let on = addDays(addYears(s.careStart, 1), rng.int(-30, 30)); on <= end; on = addDays(addYears(on, 1), rng.int(-20, 20))) {
      const age = ageOn(s.dateOfBirth, on);
      const inRange = age >= 4 && age <= 16;
      const reason = !inRange ? 'SDQ1' : rng.chance(0.08) ? rng.pick(['SDQ2', 'SDQ3', 'SDQ4', 'SDQ5'] as const) : null;
      const score = reason ? null : Math.min(40, Math.max(0, Math.round(8 + rng.next() * 12 + rng.next() * 12)));
      sdq.push({ id: rng.uuid(), childId: s.id, assessedOn: on, score, reason });
    }

    // A GP registration at the start of care; a move of placement often means a new practice.
    let practice = rng.pick(PRACTICES);
    let current: Row = { id: rng.uuid(), childId: s.id, ...practice, registeredFrom: min(end, addDays(s.careStart, rng.int(0, 7))), registeredTo: null };
    gps.push(current);
    for (const p of s.placements.slice(1)) {
      if (!rng.chance(0.5)) continue;
      const from = addDays(p.start, rng.int(0, 14));
      if (from > end || from <= (current.registeredFrom as string)) continue;
      let next = rng.pick(PRACTICES);
      while (next === practice) next = rng.pick(PRACTICES);
      current.registeredTo = from;
      practice = next;
      current = { id: rng.uuid(), childId: s.id, ...practice, registeredFrom: from, registeredTo: null };
      gps.push(current);
    }

    // Conditions (sometimes with medication) and allergies: a few children; every featured one.
    const conditionCount = s.featured ? rng.int(2, 3) : rng.chance(0.25) ? 1 : 0;
    for (let k = 0; k < conditionCount; k++) {
      const c = rng.pick(CONDITIONS);
      const earliest = max(s.careStart, addYears(s.dateOfBirth, c.fromAge));
      if (earliest > end) continue;
      const diagnosedOn = min(end, addDays(earliest, rng.int(0, 700)));
      const ongoing = rng.chance(0.7);
      conditions.push({ id: rng.uuid(), childId: s.id, description: c.description, category: c.category, diagnosedOn, ongoing });
      if (c.medication && (s.featured || rng.chance(0.6))) {
        const stopped = !ongoing ? min(end, addDays(diagnosedOn, rng.int(90, 900))) : s.careEnd;
        medications.push({ id: rng.uuid(), childId: s.id, ...c.medication, startDate: diagnosedOn, endDate: stopped != null && stopped < diagnosedOn ? diagnosedOn : stopped });
      }
    }
    const allergyCount = s.featured ? rng.int(1, 2) : rng.chance(0.15) ? 1 : 0;
    const seen = new Set<string>();
    for (let k = 0; k < allergyCount; k++) {
      const a = rng.pick(ALLERGIES);
      if (seen.has(a.substance)) continue;
      seen.add(a.substance);
      allergies.push({ id: rng.uuid(), childId: s.id, substance: a.substance, severity: a.severity });
    }
  }
  await insertAll(em, HealthAssessment, assessmentRows);
  await insertAll(em, Immunisation, doses);
  await insertAll(em, ImmunisationStatus, statuses);
  await insertAll(em, DentalCheck, dental);
  await insertAll(em, SdqScore, sdq);
  await insertAll(em, GpRegistration, gps);
  await insertAll(em, HealthCondition, conditions);
  await insertAll(em, Allergy, allergies);
  await insertAll(em, Medication, medications);
}
