import { health } from '@caregraph/health';
import { createOrm, type AccessControl } from '@caregraph/kit';
import { DEMO_LA, story } from '@caregraph/demo';
import { HEALTH_ASSESSMENT_KIND, HEALTH_CONDITION_CATEGORY, SDQ_REASON, VACCINE } from '@caregraph/schema';
import { principal } from '../../../test/helpers/identity.js';
import { byDateThenId, kindsOf, ownStatements, reps, startDomainEvents, ymd, type DomainEventsHarness, type Event } from '../../../test/helpers/domain-events.js';
import { createChronologyLoader } from '../src/child/child.chronology.js';

/**
 * `Child.healthEvents`: the health subgraph's part of the chronology, with the policy enforced. Content
 * as the LA's DPO (every field group, every child of the LA); permissions as other principals.
 */
const STORIES = 60;
let h: DomainEventsHarness;
beforeAll(async () => {
  h = await startDomainEvents(health, 'healthEvents', STORIES);
});
afterAll(() => h?.stop());

const stories = Array.from({ length: STORIES }, (_, i) => story(i));
const ALL = ['DENTAL_CHECK', 'DIAGNOSIS', 'GP_REGISTRATION', 'HEALTH_ASSESSMENT', 'HEALTH_ASSESSMENT_MISSED', 'IMMUNISATION', 'MEDICATION_STARTED', 'MEDICATION_STOPPED', 'SDQ'];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** `2020-03-04` as "4 March 2020". */
const longDate = (ymd: string) => `${Number(ymd.slice(8, 10))} ${MONTHS[Number(ymd.slice(5, 7)) - 1]} ${ymd.slice(0, 4)}`;

async function rowsOf(table: string, childId: string, columns: string) {
  return (await h.db.query(`select id, ${columns} from health.${table} t where child_id = $1`, [childId])).rows;
}

/** What the events should be, written independently from the rows and the code lists. */
async function expectedEvents(childId: string, clinical = true): Promise<Event[]> {
  const events: Omit<Event, 'id' | 'domain' | 'redactions'>[] = [];
  for (const a of await rowsOf('health_assessment', childId, `${ymd('completed_on')}, ${ymd('due_on')}, due_on < current_date as overdue, kind, outcome`)) {
    const kind = HEALTH_ASSESSMENT_KIND[a.kind as keyof typeof HEALTH_ASSESSMENT_KIND];
    if (!a.completed_on && a.overdue) {
      events.push({ date: a.due_on, kind: 'HEALTH_ASSESSMENT_MISSED', itemType: 'HealthAssessment', itemId: a.id, title: `Not done when due: ${kind.toLowerCase()}`, body: `It was due on ${longDate(a.due_on)} and has not been done.` });
    }
    if (!a.completed_on) continue;
    events.push({ date: a.completed_on, kind: 'HEALTH_ASSESSMENT', itemType: 'HealthAssessment', itemId: a.id, title: HEALTH_ASSESSMENT_KIND[a.kind as keyof typeof HEALTH_ASSESSMENT_KIND], body: a.outcome });
  }
  for (const i of await rowsOf('immunisation', childId, `${ymd('date_given')}, vaccine`)) {
    events.push({ date: i.date_given, kind: 'IMMUNISATION', itemType: 'Immunisation', itemId: i.id, title: `Immunisation: ${VACCINE[i.vaccine as keyof typeof VACCINE]}`, body: null });
  }
  for (const d of await rowsOf('dental_check', childId, ymd('checked_on'))) {
    events.push({ date: d.checked_on, kind: 'DENTAL_CHECK', itemType: 'DentalCheck', itemId: d.id, title: 'Dental check', body: null });
  }
  for (const q of await rowsOf('sdq_score', childId, `${ymd('assessed_on')}, score, reason`)) {
    const body = q.score != null ? `Total difficulties score: ${q.score} out of 40` : `No score: ${SDQ_REASON[q.reason as keyof typeof SDQ_REASON]}`;
    events.push({ date: q.assessed_on, kind: 'SDQ', itemType: 'SdqScore', itemId: q.id, title: 'Strengths and Difficulties Questionnaire', body });
  }
  for (const g of await rowsOf('gp_registration', childId, `${ymd('registered_from')}, practice_name`)) {
    events.push({ date: g.registered_from, kind: 'GP_REGISTRATION', itemType: 'GpRegistration', itemId: g.id, title: `Registered with GP: ${g.practice_name}`, body: null });
  }
  if (clinical) {
    for (const c of await rowsOf('health_condition', childId, `${ymd('diagnosed_on')}, description, category, ongoing`)) {
      if (!c.diagnosed_on) continue;
      const body = `${HEALTH_CONDITION_CATEGORY[c.category as keyof typeof HEALTH_CONDITION_CATEGORY]}; ${c.ongoing ? 'ongoing' : 'since resolved'}`;
      events.push({ date: c.diagnosed_on, kind: 'DIAGNOSIS', itemType: 'HealthCondition', itemId: c.id, title: `Diagnosed: ${c.description}`, body });
    }
    for (const m of await rowsOf('medication', childId, `${ymd('start_date')}, ${ymd('end_date')}, name, dose`)) {
      events.push({ date: m.start_date, kind: 'MEDICATION_STARTED', itemType: 'Medication', itemId: m.id, title: `Started taking ${m.name}`, body: `Dose: ${m.dose}` });
      if (m.end_date) events.push({ date: m.end_date, kind: 'MEDICATION_STOPPED', itemType: 'Medication', itemId: m.id, title: `Stopped taking ${m.name}`, body: null });
    }
  }
  return events.map((e) => ({ ...e, id: `HEALTH:${e.itemType}:${e.itemId}:${e.kind}`, domain: 'HEALTH', redactions: [] })).sort(byDateThenId);
}

describe('content (as the DPO)', () => {
  it('tells a featured story: completed assessments with their outcome, immunisations, dental checks, SDQs, GPs, in date order', async () => {
    const s = stories[0]!;
    expect(s.featured).toBe(true);
    const [events] = await h.eventsOf(h.sg.query(h.EVENTS, reps(s.id)));
    expect(kindsOf(events!)).toEqual(ALL);
    expect(events).toEqual(await expectedEvents(s.id));
    // Assessments not (yet) done are not events.
    const { rows } = await h.db.query(`select count(*)::int as n from health.health_assessment where child_id = $1 and completed_on is not null`, [s.id]);
    expect(events!.filter((e) => e.kind === 'HEALTH_ASSESSMENT')).toHaveLength(rows[0].n);
    expect(events!.find((e) => e.kind === 'HEALTH_ASSESSMENT')).toMatchObject({ title: 'Initial health assessment', body: expect.any(String) });
    expect(events!.find((e) => e.kind === 'SDQ')!.body).toMatch(/^(Total difficulties score: \d+ out of 40|No score: .+)$/);
  });

  it('loads the events of 50 children with one SQL statement, each child getting their own', async () => {
    const batch = stories.slice(0, 50);
    h.sg.sql.length = 0;
    const all = await h.eventsOf(h.sg.query(h.EVENTS, reps(...batch.map((s) => s.id))));
    expect(ownStatements(h.sg)).toHaveLength(1);
    expect(ownStatements(h.sg)[0]).toContain('union all');
    expect(all.every((events) => events.length > 0)).toBe(true);
    for (const [i, s] of batch.slice(0, 12).entries()) expect(all[i]).toEqual(await expectedEvents(s.id));
  });
});

describe('permissions', () => {
  const s = stories[0]!;



  beforeAll(() => h.insertTuple('looked_after', DEMO_LA, stories.slice(0, 50).map((x) => x.id)));

  it('shows a health practitioner every kind, the events written from the rows', async () => {
    const events = await h.eventsAs(principal('health_practitioner'), s.id);
    expect(kindsOf(events)).toEqual(ALL);
    expect(events).toEqual(await expectedEvents(s.id));
  });

  it('gives a designated teacher no health events, and reads nothing for them', async () => {
    await h.insertTuple('on_roll', '100888', [s.id]);
    expect(await h.eventsAs(principal('designated_teacher', { sub: 'dt-100888', schoolUrn: '100888' }), s.id)).toEqual([]);
    expect(ownStatements(h.sg)).toEqual([]);
  });

  it('gives the virtual school (SDQ only) the SDQ events and nothing else', async () => {
    const events = await h.eventsAs(principal('virtual_school'), s.id);
    expect(kindsOf(events)).toEqual(['SDQ']);
    expect(events).toEqual((await expectedEvents(s.id)).filter((e) => e.kind === 'SDQ'));
  });

  it('lets the care leaver see their own health history', async () => {
    const events = await h.eventsAs(principal('care_leaver', { sub: 'cl-0', childId: s.id }), s.id);
    expect(kindsOf(events)).toEqual(ALL);
  });

  it('loads 50 children for a health practitioner with one statement besides scope and audit', async () => {
    h.sg.sql.length = 0;
    const all = await h.eventsOf(h.sg.queryAs(principal('health_practitioner'), h.EVENTS, reps(...stories.slice(0, 50).map((x) => x.id))));
    expect(all).toHaveLength(50);
    expect(all.every((events) => events.length > 0)).toBe(true);
    expect(ownStatements(h.sg)).toHaveLength(1);
  });
});

describe('kinds decided per field (the loader on its own)', () => {
  it('runs any subset of kinds, asking about each kind once per request, on first use, however many batches', async () => {
    const orm = await createOrm(health.ormSettings(h.sg.databaseUrl));
    try {
      const s = stories[0]!;
      const cases: [string[], string[]][] = [
        [['Child.sdqScores'], ['SDQ']],
        [['Child.gpRegistration', 'Child.dentalChecks'], ['DENTAL_CHECK', 'GP_REGISTRATION']],
        [['Child.immunisations', 'Child.healthAssessments'], ['HEALTH_ASSESSMENT', 'HEALTH_ASSESSMENT_MISSED', 'IMMUNISATION']],
        [['Child.medications'], ['MEDICATION_STARTED', 'MEDICATION_STOPPED']],
        [[], []],
      ];
      for (const [allowed, kinds] of cases) {
        const asked: string[] = [];
        const access = { field: (c: string) => (asked.push(c), allowed.includes(c)) } as unknown as AccessControl;
        const loader = createChronologyLoader(orm.em.fork() as never, access)({ from: null, to: null, kinds: null, after: null, first: 1000 });
        expect(asked).toEqual([]); // nothing is asked (or audited) until events are loaded
        const events = await loader.load(s.id);
        await loader.load(stories[1]!.id); // a second batch
        expect(kindsOf(events as Event[])).toEqual(kinds);
        expect(asked).toEqual(['Child.healthAssessments', 'Child.immunisations', 'Child.dentalChecks', 'Child.sdqScores', 'Child.gpRegistration', 'Child.healthConditions', 'Child.medications']);
      }
    } finally {
      await orm.close(true);
    }
  });
});
