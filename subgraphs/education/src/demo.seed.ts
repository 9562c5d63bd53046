import type { EntityManager } from '@mikro-orm/postgresql';
import { grantRelations, insertAll, type RelationTuple } from '@caregraph/kit';
import { addDays, daysBetween, DEMO_TODAY, SCHOOLS, type ChildStory, type Rng, type School as DemoSchool } from '@caregraph/demo';
import type { ExclusionReason, SenNeed } from './codes.js';
import { academicYearLabel, academicYearOf, termDates, TERMS, type Term } from './school-year.js';
import { School } from './school/school.entity.js';
import { SchoolEnrolment } from './enrolment/school-enrolment.entity.js';
import { AttendanceTerm } from './attendance/attendance-term.entity.js';
import { Exclusion } from './exclusion/exclusion.entity.js';
import { SenProvisionRecord } from './sen/sen-provision-record.entity.js';
import { Ehcp } from './ehcp/ehcp.entity.js';
import { PersonalEducationPlan } from './pep/personal-education-plan.entity.js';

type Need = keyof typeof SenNeed;
type Reason = keyof typeof ExclusionReason;
type Row = Record<string, unknown>;

const PRIMARY = SCHOOLS.filter((s) => !s.name.endsWith('High School'));
const SECONDARY = SCHOOLS.filter((s) => !s.name.endsWith('Primary School'));
// Weighted towards the needs most often recorded for looked-after children (SEMH first).
const NEEDS: Need[] = ['SEMH', 'SEMH', 'SEMH', 'SEMH', 'SLCN', 'SLCN', 'MLD', 'MLD', 'ASD', 'ASD', 'SPLD', 'OTH'];
const REASONS: Reason[] = ['DB', 'DB', 'DB', 'VA', 'VA', 'PA', 'PP', 'VP', 'DM', 'DA', 'BU', 'OT'];
const TARGETS = {
  primary: [
    'Read every day with carer and reach the expected standard in reading by the summer.',
    'Learn times tables to 12, practising three times a week.',
    'Join an after-school club to build friendships.',
    'Use the calm corner and the worry box when feeling upset in class.',
    'Improve handwriting and use full stops and capital letters in every piece of writing.',
  ],
  secondary: [
    'Attend at least 95% of sessions this term.',
    'Complete weekly maths tutoring and move up one grade at the next assessment.',
    'Meet the careers adviser and talk through options choices.',
    'Hand in homework on time, using homework club twice a week.',
    'Work with the mentor on staying in lessons when frustrated.',
    'Revise with the online platform for 30 minutes three evenings a week before mocks.',
  ],
};
const PP_USES = [
  'One-to-one maths tutoring', 'Small-group reading intervention', 'Music lessons', 'Laptop for homework',
  'Therapeutic mentoring', 'Residential school trip', 'Speech and language sessions',
];
const VIEWS = [
  'I like my school and my teacher is kind.', 'Maths is hard but the tutor helps.', 'I want to stay at this school.',
  "I don't like being taken out of lessons for meetings.", 'I want to do football club after school.',
  'I want to be a vet so I need to get better at science.', 'I would like more help with reading.',
];

const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/** A school day: weekend dates move to the Monday after, or the Friday before at the end of a range. */
function weekday(date: string, latest: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (day !== 0 && day !== 6) return date;
  const monday = addDays(date, day === 6 ? 2 : 1);
  return monday <= latest ? monday : addDays(date, day === 6 ? -1 : -2);
}

function pickSchool(rng: Rng, ncYear: number, notUrn: string | null): DemoSchool {
  const list = ncYear <= 6 ? PRIMARY : SECONDARY;
  for (;;) {
    const school = rng.pick(list);
    if (school.urn !== notUrn) return school;
  }
}

/** Terms (by start year and term) that overlap [from, to], with the overlapping part. */
function termsWithin(from: string, to: string) {
  const out: { year: number; term: Term; start: string; end: string; full: { start: string; end: string; sessions: number } }[] = [];
  for (let year = academicYearOf(from); year <= academicYearOf(to); year++) {
    for (const term of TERMS) {
      const full = termDates(year, term);
      const start = maxDate(full.start, from);
      const end = minDate(full.end, to);
      if (start <= end) out.push({ year, term, start, end, full });
    }
  }
  return out;
}

/** Writes the education subgraph's part of each story: schools, attendance, suspensions, SEN and PEPs. */
export async function seedDemo(em: EntityManager, stories: ChildStory[]): Promise<void> {
  const onRoll: RelationTuple[] = [];
  const enrolments: Row[] = [], attendance: Row[] = [], exclusions: Row[] = [], sen: Row[] = [], ehcps: Row[] = [], peps: Row[] = [];
  for (const s of stories) {
    const rng = s.rng('education');
    // Reception starts in the September of the school year in which the child turns five.
    const reception = academicYearOf(s.dateOfBirth) + 5;
    const rollOpens = `${reception}-09-01`;
    const year7 = `${reception + 7}-09-01`;
    const year11Ends = termDates(reception + 11, 'SUMMER').end;
    const careTo = s.careEnd ?? DEMO_TODAY;
    const from = maxDate(rollOpens, s.careStart);
    const to = minDate(year11Ends, careTo);
    if (from > to) continue;

    // The school on entry to care: started there during care, kept from before, or changed on entry.
    let firstStart: string;
    if (s.careStart <= rollOpens) firstStart = rollOpens;
    else if (rng.chance(0.4)) firstStart = minDate(weekday(addDays(s.careStart, rng.int(0, 10)), to), to);
    else firstStart = s.careStart >= year7 ? year7 : rollOpens;

    // School moves: the move to secondary, and some placement moves (a summer-holiday move takes effect in September).
    const moves = year7 > firstStart && year7 <= to ? [year7] : [];
    for (const p of s.placements.slice(1)) {
      if (!rng.chance(s.featured ? 0.6 : 0.35)) continue;
      let on = addDays(p.start, rng.int(0, 10));
      const summerEnd = termDates(academicYearOf(on), 'SUMMER').end;
      if (on > summerEnd) on = `${academicYearOf(on) + 1}-09-01`;
      on = weekday(on, to);
      if (on <= firstStart || on > to) continue;
      if (moves.some((m) => Math.abs(daysBetween(m, on)) < 14)) continue;
      moves.push(on);
    }
    moves.sort();
    const starts = [firstStart, ...moves];
    const lastEnd = year11Ends <= careTo ? year11Ends : s.careEnd;
    const spells: { urn: string; start: string; end: string | null; ncYear: number }[] = [];
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      const ncYear = Math.max(0, academicYearOf(start) - reception);
      const school = pickSchool(rng, ncYear, spells.at(-1)?.urn ?? null);
      const end = i + 1 < starts.length ? starts[i + 1]! : lastEnd;
      spells.push({ urn: school.urn, start, end, ncYear });
      enrolments.push({ id: rng.uuid(), childId: s.id, school: school.urn, startDate: start, endDate: end, ncYear, enrolStatus: 'C' });
      // On the school's roll for the enrolment's span: the designated teacher's scope.
      onRoll.push({ relation: 'on_roll', subject: school.urn, childId: s.id, from: start, to: end });
    }
    const urnOn = (date: string) => spells.findLast((e) => e.start <= date)!.urn;

    // Attendance for the last three school years' complete terms while on roll and looked after.
    const tracked = termsWithin(maxDate(firstStart, s.careStart), to);
    const complete = tracked.filter((t) => t.full.end <= to || t.end === lastEnd).slice(-9);
    const persistent = rng.chance(s.featured ? 0.5 : 0.15);
    const baseRate = persistent ? 0.1 + rng.next() * 0.2 : 0.02 + rng.next() * 0.06;
    for (const t of complete) {
      const share = (daysBetween(t.start, t.end) + 1) / (daysBetween(t.full.start, t.full.end) + 1);
      const possible = Math.max(1, Math.round(t.full.sessions * share));
      const absent = Math.min(possible, Math.round(possible * baseRate * (0.5 + rng.next())));
      const unauthorised = Math.round(absent * (persistent ? 0.4 + rng.next() * 0.3 : 0.2 + rng.next() * 0.3));
      attendance.push({
        id: rng.uuid(), childId: s.id, academicYear: academicYearLabel(t.year), term: t.term, sessionsPossible: possible,
        sessionsAuthorisedAbsence: absent - unauthorised, sessionsUnauthorisedAbsence: unauthorised,
      });
    }

    // Suspensions, on school days in term time, from year 2 (infants are rarely suspended).
    const suspendable = tracked.filter((t) => t.year - reception >= 2);
    if (rng.chance(s.featured ? 1 : 0.12) && suspendable.length > 0) {
      for (let k = s.featured ? rng.int(2, 3) : rng.int(1, 3); k > 0; k--) {
        const t = rng.pick(suspendable);
        const on = weekday(addDays(t.start, rng.int(0, daysBetween(t.start, t.end))), t.end);
        const lunchtime = rng.chance(0.1);
        exclusions.push({
          id: rng.uuid(), childId: s.id, school: urnOn(on), category: lunchtime ? 'LNCH' : 'SUSP', reason: rng.pick(REASONS),
          startDate: on, sessions: lunchtime ? 1 : rng.pick([1, 2, 2, 4, 4, 6, 10]),
        });
      }
    }

    // SEN: about a quarter on SEN support, a tenth with an EHC plan (every featured story).
    const senDraw = rng.next();
    const hasEhcp = s.featured || senDraw < 0.1;
    const span = daysBetween(from, to);
    if (hasEhcp || senDraw < 0.35) {
      const primaryNeed = rng.pick(NEEDS);
      const secondaryNeed = rng.chance(0.3) ? rng.pick(NEEDS.filter((n) => n !== primaryNeed)) : null;
      const supportFrom = addDays(from, rng.int(0, Math.floor(span / 3)));
      let supportTo: string | null = lastEnd;
      if (hasEhcp) {
        const requestedOn = addDays(supportFrom, rng.int(90, 400));
        const assessedOn = addDays(requestedOn, rng.int(28, 42));
        const issuedOn = addDays(requestedOn, rng.int(110, 190));
        const issued = issuedOn <= to;
        let lastReviewedOn: string | null = null;
        for (let r = addDays(issuedOn, rng.int(330, 365)); r <= careTo; r = addDays(r, rng.int(330, 365))) lastReviewedOn = r;
        if (requestedOn <= to) {
          ehcps.push({
            id: rng.uuid(), childId: s.id, requestedOn, assessedOn: assessedOn <= to ? assessedOn : null,
            issuedOn: issued ? issuedOn : null, lastReviewedOn: issued ? lastReviewedOn : null,
          });
        }
        if (issued) {
          supportTo = issuedOn;
          sen.push({ id: rng.uuid(), childId: s.id, provision: 'E', primaryNeed, secondaryNeed, startDate: issuedOn, endDate: lastEnd });
        }
      } else if (rng.chance(0.2)) {
        const ended = addDays(supportFrom, rng.int(200, 700));
        if (ended < to) {
          supportTo = ended;
          sen.push({ id: rng.uuid(), childId: s.id, provision: 'N', primaryNeed: null, secondaryNeed: null, startDate: ended, endDate: lastEnd });
        }
      }
      sen.push({
        id: rng.uuid(), childId: s.id, provision: 'K', primaryNeed: hasEhcp ? primaryNeed : rng.chance(0.1) ? 'NSA' : primaryNeed,
        secondaryNeed, startDate: supportFrom, endDate: supportTo,
      });
    }

    // PEPs: one a term while looked after and of school age (the last three years, or all of them when featured).
    const pepTerms = s.featured ? tracked : tracked.slice(-9);
    for (const t of pepTerms) {
      const heldOn = weekday(addDays(t.start, rng.int(10, 40)), t.end);
      if (heldOn > t.end || heldOn > DEMO_TODAY) continue;
      const ncYear = Math.max(0, t.year - reception);
      const pool = ncYear <= 6 ? TARGETS.primary : TARGETS.secondary;
      const first = rng.int(0, pool.length - 1);
      const attendees = ['Designated teacher', 'Social worker', 'Carer', 'Virtual school adviser'];
      if (ncYear >= 3) attendees.push('Child');
      if (hasEhcp || senDraw < 0.35) attendees.push('SENCO');
      const funded = rng.chance(0.8);
      peps.push({
        id: rng.uuid(), childId: s.id, heldOn, targets: `${pool[first]} ${pool[(first + 1) % pool.length]}`,
        pupilPremiumPlusSpend: funded ? rng.int(20, 90) * 10 : null, pupilPremiumPlusUse: funded ? rng.pick(PP_USES) : null,
        childsViews: rng.chance(s.featured ? 0.9 : 0.6) ? rng.pick(VIEWS) : null, attendees,
      });
    }
  }
  // One transaction (a savepoint inside the caller's): the enrolments and their on_roll tuples are written together.
  await em.transactional(async (tx) => {
    // Schools are shared by every batch: written by each, kept once.
    await tx.createQueryBuilder(School).insert(SCHOOLS.map((s) => ({ urn: s.urn, name: s.name }))).onConflict('urn').ignore().execute();
    await insertAll(tx, SchoolEnrolment, enrolments);
    await grantRelations(tx, 'education', onRoll);
    await insertAll(tx, AttendanceTerm, attendance);
    await insertAll(tx, Exclusion, exclusions);
    await insertAll(tx, SenProvisionRecord, sen);
    await insertAll(tx, Ehcp, ehcps);
    await insertAll(tx, PersonalEducationPlan, peps);
  });
}
