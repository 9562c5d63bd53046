import type { EntityManager } from '@mikro-orm/postgresql';
import { Exemption, grantRelations, insertAll, WithheldContent, type RelationTuple } from '@caregraph/kit';
import {
  addDays, addYears, ageOn, address, DEMO_LA, DEMO_TODAY, familyName, givenName, IROS, PERSONAL_ADVISERS,
  SOCIAL_WORKERS, type ChildStory,
} from '@caregraph/demo';
import { Ethnicity } from './codes.js';
import { Child } from './child/child.entity.js';
import { LegalStatusPeriod } from './legal-status/legal-status-period.entity.js';
import { Allocation } from './allocation/allocation.entity.js';
import { FamilyMember } from './family/family-member.entity.js';
import { CaseNote } from './case-note/case-note.entity.js';
import { MissingEpisode } from './missing/missing-episode.entity.js';
import { CareLeaverStatus } from './care-leaver/care-leaver-status.entity.js';
import { allocationTuples } from './allocation/allocation.service.js';
import { seedVoiceEntries } from './voice/voice.seed.js';

const ETHNICITIES = Object.keys(Ethnicity) as (keyof typeof Ethnicity)[];

function nhsNumber(seed: number): string {
  for (let n = seed; ; n++) {
    const base = String(400_000_000 + (n % 599_999_999)).padStart(9, '0');
    const sum = [...base].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return base + String(check);
  }
}

const TITLES = { VISIT: 'Statutory visit', REVIEW: 'Looked-after review', CONTACT: 'Family time', CONVERSATION: 'Conversation' } as const;

type Part = string | { text: string; content: WithheldContent; exemption: Exemption };

/**
 * Note texts as real notes read: some sentences are about other people (a parent's circumstances, another
 * child) or come from court, and are marked so they are withheld from the child reading their record.
 */
function noteParts(kind: keyof typeof TITLES, relative: string, otherChild: string, roll: number): Part[] {
  switch (kind) {
    case 'VISIT':
      return roll < 0.5
        ? ['Visited at placement. Seen alone. Spoke about school and friends; said the carers are "alright". Bedroom clean and personalised.']
        : ['Visited at placement and seen alone. ', { text: `${otherChild}, another child in the home, had been excluded from school that week after a fight on the bus.`, content: WithheldContent.ABOUT_OTHER_CHILD, exemption: Exemption.THIRD_PARTY }, ' We talked about how that felt, and about football on Saturday.'];
    case 'REVIEW':
      return roll < 0.6
        ? ['Looked-after review held. Care plan endorsed by the IRO. Views shared through a worksheet beforehand.']
        : ['Looked-after review held; the plan for permanence was agreed. ', { text: 'The court bundle records the judge’s concerns about the parenting assessment and the expert’s psychiatric report on the mother.', content: WithheldContent.COURT_PROCEEDINGS, exemption: Exemption.COURT_MATERIAL }, ' Views shared through a worksheet beforehand.'];
    case 'CONTACT':
      return [`Family time with ${relative} at the contact centre. `, { text: `${relative} disclosed that she is living at a women’s refuge in Reading and is being treated for depression.`, content: WithheldContent.ABOUT_FAMILY_MEMBER, exemption: Exemption.THIRD_PARTY }, ' The visit ended warmly and a next date was agreed.'];
    case 'CONVERSATION':
      return [`Talked in the car about feeling homesick. Asked when they can next see ${relative}.`];
  }
}

function compose(parts: Part[]): { body: string; withheld: { start: number; end: number; content: WithheldContent; exemption: Exemption }[] } {
  let body = '';
  const withheld = [];
  for (const p of parts) {
    if (typeof p === 'string') body += p;
    else {
      withheld.push({ start: body.length, end: body.length + p.text.length, content: p.content, exemption: p.exemption });
      body += p.text;
    }
  }
  return { body, withheld };
}

/** Writes the children subgraph's part of each story: who the child is, their legal status, workers, family, notes. */
export async function seedDemo(em: EntityManager, stories: ChildStory[]): Promise<void> {
  const children = [], statuses = [], allocations = [], family = [], notes = [], missing = [], leavers = [];
  for (const s of stories) {
    const rng = s.rng('children');
    const surname = familyName(rng);
    const given = givenName(rng, s.sex);
    const schoolAge = ageOn(s.dateOfBirth, DEMO_TODAY) >= 5;
    children.push({
      id: s.id, laChildId: s.laChildId, legalGivenName: given, legalFamilyName: surname,
      preferredName: rng.chance(0.2) ? `${given.slice(0, 3)}` : null, dateOfBirth: s.dateOfBirth, sex: s.sex,
      ethnicity: rng.pick(ETHNICITIES),
      upn: schoolAge ? `${'ABCDEFGHJKLMNPQRTUVWXYZ'[s.index % 23]}${String(30_400_000_000 + s.index).slice(-11)}${s.index % 10}` : null,
      upnUnknownReason: schoolAge ? null : 'UN1', nhsNumber: nhsNumber(s.index * 7919), dateOfDeath: null,
    });
    for (const ls of s.legalStatuses) {
      statuses.push({ id: rng.uuid(), child: s.id, legalStatus: ls.code, startDate: ls.start, endDate: ls.end });
    }
    // Social workers change every couple of years; an IRO throughout; a personal adviser from 16.
    let from = s.careStart;
    const team = `team-${'abcdefgh'[s.index % 8]}`;
    const sameTeam = SOCIAL_WORKERS.filter((w) => w.teamId === team);
    while (from < (s.careEnd ?? DEMO_TODAY)) {
      const next = addDays(from, rng.int(300, 900));
      const end = next >= (s.careEnd ?? DEMO_TODAY) ? s.careEnd : next;
      const w = rng.pick(sameTeam);
      allocations.push({ id: rng.uuid(), child: s.id, role: 'SOCIAL_WORKER', workerId: w.id, workerName: w.name, teamId: w.teamId, startDate: from, endDate: end });
      if (end == null) break;
      from = end;
    }
    const iro = rng.pick(IROS);
    allocations.push({ id: rng.uuid(), child: s.id, role: 'IRO', workerId: iro.id, workerName: iro.name, teamId: iro.teamId, startDate: s.careStart, endDate: s.careEnd });
    const sixteenth = addYears(s.dateOfBirth, 16);
    if (sixteenth <= DEMO_TODAY && (s.careEnd == null || s.careEnd > sixteenth || s.careLeaver)) {
      const pa = PERSONAL_ADVISERS[s.index % PERSONAL_ADVISERS.length]!;
      const paStart = sixteenth > s.careStart ? sixteenth : s.careStart;
      const paEnd = addYears(s.dateOfBirth, 25) <= DEMO_TODAY ? addYears(s.dateOfBirth, 25) : null;
      allocations.push({ id: rng.uuid(), child: s.id, role: 'PERSONAL_ADVISER', workerId: pa.id, workerName: pa.name, teamId: pa.teamId, startDate: paStart, endDate: paEnd });
    }
    // Family: birth parents and sometimes siblings.
    const mother = `${givenName(rng, 'F')} ${surname}`;
    const father = `${givenName(rng, 'M')} ${rng.chance(0.5) ? surname : familyName(rng)}`;
    const home = address(rng);
    family.push({ id: rng.uuid(), child: s.id, relationship: 'MOTHER', name: mother, dateOfBirth: addYears(s.dateOfBirth, -rng.int(17, 38)), address: `${home.line}, ${home.postcode}`, notes: 'Holds parental responsibility.' });
    if (rng.chance(0.7)) family.push({ id: rng.uuid(), child: s.id, relationship: 'FATHER', name: father, dateOfBirth: null, address: null, notes: null });
    const siblings: string[] = [];
    for (let k = rng.int(0, s.featured ? 3 : 2); k > 0; k--) {
      const name = `${givenName(rng, rng.chance(0.5) ? 'F' : 'M')} ${surname}`;
      siblings.push(name);
      family.push({ id: rng.uuid(), child: s.id, relationship: rng.chance(0.7) ? 'SIBLING' : 'HALF_SIBLING', name, dateOfBirth: addDays(s.dateOfBirth, rng.int(-2000, 2000)), address: null, notes: null });
    }
    // Case notes: visits during each placement and reviews; featured stories get many, naming family members.
    const noteCount = s.featured ? 30 : rng.int(2, 8);
    const end = s.careEnd ?? DEMO_TODAY;
    for (let k = 0; k < noteCount; k++) {
      const on = addDays(s.careStart, Math.floor(((k + rng.next()) / noteCount) * Math.max(1, Math.round((Date.parse(end) - Date.parse(s.careStart)) / 86_400_000))));
      const worker = rng.pick(sameTeam);
      const mention = siblings.length > 0 && rng.chance(0.5) ? rng.pick(siblings) : mother;
      const kind = rng.pick(['VISIT', 'REVIEW', 'CONTACT', 'CONVERSATION'] as const);
      const parts = noteParts(kind, mention, rng.pick(['Jordan', 'Casey', 'Riley', 'Morgan']), rng.next());
      const { body, withheld } = compose(parts);
      const day = on > end ? end : on;
      notes.push({ id: rng.uuid(), child: s.id, occurredOn: day, category: kind, authorId: worker.id, authorName: worker.name, title: TITLES[kind], body, withheld, recordedAt: new Date(`${day}T17:00:00Z`) });
    }
    if (rng.chance(s.featured ? 1 : 0.15)) {
      const start = addDays(s.placements.at(-1)!.start, rng.int(1, 20));
      if (start < end) missing.push({ id: rng.uuid(), child: s.id, kind: rng.chance(0.6) ? 'M' : 'A', startDate: start, endDate: addDays(start, 1) > end ? end : addDays(start, 1), returnInterviewOffered: true, returnInterviewAccepted: rng.chance(0.6) });
    }
    if (s.careLeaver) {
      leavers.push({ child: s.id, inTouch: rng.pick(['YES', 'YES', 'NO', 'NREQ'] as const), activity: rng.pick(['F1', 'F2', 'F5', 'P5', 'G5']), accommodation: rng.pick(['U1', 'Z1', 'E1', 'B1']), latestContactOn: addDays(DEMO_TODAY, -rng.int(10, 400)), pathwayPlanReviewOn: null, recordClosedOn: addYears(s.dateOfBirth, 25) <= DEMO_TODAY ? addYears(s.dateOfBirth, 25) : null });
    }
  }
  await insertAll(em, Child, children);
  await insertAll(em, LegalStatusPeriod, statuses);
  await insertAll(em, Allocation, allocations);
  await insertAll(em, FamilyMember, family);
  await insertAll(em, CaseNote, notes);
  await insertAll(em, MissingEpisode, missing);
  await insertAll(em, CareLeaverStatus, leavers);
  const tuples: RelationTuple[] = stories.map((s) => ({ relation: 'la_child', subject: DEMO_LA, childId: s.id, from: s.careStart }));
  for (const a of allocations) tuples.push(...allocationTuples(a as Parameters<typeof allocationTuples>[0], a.child));
  await grantRelations(em, 'children', tuples);
  await seedVoiceEntries(em, stories);
}
