import { education } from '@caregraph/education';
import { createOrm, type AccessControl } from '@caregraph/kit';
import { DEMO_LA, story } from '@caregraph/demo';
import { EXCLUSION_CATEGORY, EXCLUSION_REASON, SEN_NEED, SEN_PROVISION } from '@caregraph/schema';
import { principal } from '../../../test/helpers/identity.js';
import { byDateThenId, kindsOf, ownStatements, reps, startDomainEvents, ymd, type DomainEventsHarness, type Event } from '../../../test/helpers/domain-events.js';
import { createChronologyLoader } from '../src/child/child.chronology.js';

/**
 * `Child.educationEvents`: the education subgraph's part of the chronology, with the policy enforced. Content
 * as the LA's DPO (every field group, every child of the LA); permissions as other principals.
 */
const STORIES = 60;
let h: DomainEventsHarness;
beforeAll(async () => {
  h = await startDomainEvents(education, 'educationEvents', STORIES);
});
afterAll(() => h?.stop());

const stories = Array.from({ length: STORIES }, (_, i) => story(i));
const ALL = ['EDUCATION_PLAN', 'EHCP_ISSUED', 'EHCP_REQUESTED', 'EHCP_REVIEWED', 'EXCLUSION', 'SCHOOL_LEFT', 'SCHOOL_STARTED', 'SEN_PROVISION'];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** `2020-03-04` as "4 March 2020". */
const longDate = (ymd: string) => `${Number(ymd.slice(8, 10))} ${MONTHS[Number(ymd.slice(5, 7)) - 1]} ${ymd.slice(0, 4)}`;

async function rowsOf(table: string, childId: string, columns: string) {
  return (await h.db.query(`select id, ${columns} from education.${table} t where child_id = $1`, [childId])).rows;
}

/** What the events should be, written independently from the rows and the code lists. */
async function expectedEvents(childId: string): Promise<Event[]> {
  const events: Omit<Event, 'id' | 'domain' | 'redactions'>[] = [];
  for (const e of await rowsOf('school_enrolment', childId, `${ymd('start_date')}, ${ymd('end_date')}, nc_year, (select name from education.school s where s.urn = t.urn) as name`)) {
    const body = e.nc_year == null ? null : e.nc_year === 0 ? 'Joined in Reception' : `Joined in Year ${e.nc_year}`;
    events.push({ date: e.start_date, kind: 'SCHOOL_STARTED', itemType: 'SchoolEnrolment', itemId: e.id, title: `Started at ${e.name}`, body });
    if (e.end_date) events.push({ date: e.end_date, kind: 'SCHOOL_LEFT', itemType: 'SchoolEnrolment', itemId: e.id, title: `Left ${e.name}`, body: null });
  }
  for (const x of await rowsOf('exclusion', childId, `${ymd('start_date')}, category, reason, sessions`)) {
    const reason = `Reason: ${EXCLUSION_REASON[x.reason as keyof typeof EXCLUSION_REASON]}${x.sessions == null ? '' : ` (${x.sessions} sessions)`}`;
    events.push({ date: x.start_date, kind: 'EXCLUSION', itemType: 'Exclusion', itemId: x.id, title: EXCLUSION_CATEGORY[x.category as keyof typeof EXCLUSION_CATEGORY], body: reason });
  }
  for (const p of await rowsOf('personal_education_plan', childId, `${ymd('held_on')}, targets`)) {
    events.push({ date: p.held_on, kind: 'EDUCATION_PLAN', itemType: 'PersonalEducationPlan', itemId: p.id, title: 'Personal education plan meeting', body: p.targets });
  }
  for (const r of await rowsOf('sen_provision', childId, `${ymd('start_date')}, provision, primary_need, secondary_need`)) {
    const need = (code: string) => SEN_NEED[code as keyof typeof SEN_NEED];
    const body = r.primary_need == null ? null : `Primary need: ${need(r.primary_need)}${r.secondary_need ? `; secondary need: ${need(r.secondary_need)}` : ''}`;
    events.push({ date: r.start_date, kind: 'SEN_PROVISION', itemType: 'SenProvisionRecord', itemId: r.id, title: `SEN provision: ${SEN_PROVISION[r.provision as keyof typeof SEN_PROVISION]}`, body });
  }
  for (const x of await rowsOf('ehcp', childId, `${ymd('requested_on')}, ${ymd('assessed_on')}, ${ymd('issued_on')}, ${ymd('last_reviewed_on')}, issued_on - requested_on as days`)) {
    const agreed = x.assessed_on && `The local authority agreed to assess on ${longDate(x.assessed_on)}`;
    events.push({ date: x.requested_on, kind: 'EHCP_REQUESTED', itemType: 'Ehcp', itemId: x.id, title: 'Education, health and care needs assessment requested', body: agreed ?? null });
    if (x.issued_on) events.push({ date: x.issued_on, kind: 'EHCP_ISSUED', itemType: 'Ehcp', itemId: x.id, title: 'Education, health and care plan issued', body: x.days <= 140 ? 'Issued within 20 weeks of the request' : 'Issued more than 20 weeks after the request' });
    if (x.last_reviewed_on) events.push({ date: x.last_reviewed_on, kind: 'EHCP_REVIEWED', itemType: 'Ehcp', itemId: x.id, title: 'Education, health and care plan reviewed', body: null });
  }
  return events.map((e) => ({ ...e, id: `EDUCATION:${e.itemType}:${e.itemId}:${e.kind}`, domain: 'EDUCATION', redactions: [] })).sort(byDateThenId);
}

describe('content (as the DPO)', () => {
  it('tells a featured story: schools started and left, suspensions, PEPs and SEN provision, in date order', async () => {
    const s = stories[0]!;
    expect(s.featured).toBe(true);
    const [events] = await h.eventsOf(h.sg.query(h.EVENTS, reps(s.id)));
    expect(kindsOf(events!)).toEqual(ALL);
    expect(events).toEqual(await expectedEvents(s.id));
    // Spot checks in plain words.
    expect(events!.find((e) => e.kind === 'SCHOOL_STARTED')!.title).toMatch(/^Started at .*(School|Academy)/);
    expect(events!.find((e) => e.kind === 'EXCLUSION')!.title).toMatch(/^(Suspension|Lunchtime suspension)$/);
    expect(events!.find((e) => e.kind === 'SEN_PROVISION' && e.title === `SEN provision: ${SEN_PROVISION.E}`)!.body).toMatch(/^Primary need: /);
    expect(events!.filter((e) => e.kind === 'EDUCATION_PLAN').every((e) => e.body && e.body.length > 20)).toBe(true);
  });

  it('loads the events of 50 children with one SQL statement, each child getting their own', async () => {
    const batch = stories.slice(0, 50);
    h.sg.sql.length = 0;
    const all = await h.eventsOf(h.sg.query(h.EVENTS, reps(...batch.map((s) => s.id))));
    expect(ownStatements(h.sg)).toHaveLength(1);
    expect(ownStatements(h.sg)[0]).toContain('union all');
    expect(all.filter((events) => events.length > 0).length).toBeGreaterThan(20);
    for (const [i, s] of batch.slice(0, 12).entries()) expect(all[i]).toEqual(await expectedEvents(s.id));
  });
});

describe('permissions', () => {
  const s = stories[0]!;



  it('shows a designated teacher of the pupil’s school every kind, the events written from the rows', async () => {
    await h.insertTuple('on_roll', '100777', [s.id]);
    const events = await h.eventsAs(principal('designated_teacher', { sub: 'dt-100777', schoolUrn: '100777' }), s.id);
    expect(kindsOf(events)).toEqual(ALL);
    expect(events).toEqual(await expectedEvents(s.id));
  });

  it('gives a health practitioner (current school name only) no education events, and reads nothing for them', async () => {
    await h.insertTuple('looked_after', DEMO_LA, [s.id]);
    expect(await h.eventsAs(principal('health_practitioner'), s.id)).toEqual([]);
    expect(ownStatements(h.sg)).toEqual([]);
  });

  it('lets the care leaver see their own education history', async () => {
    const events = await h.eventsAs(principal('care_leaver', { sub: 'cl-0', childId: s.id }), s.id);
    expect(kindsOf(events)).toEqual(ALL);
  });

  it('loads 50 children for the virtual school with one statement besides scope and audit', async () => {
    const batch = stories.slice(0, 50).map((x) => x.id);
    await h.insertTuple('previously_looked_after', DEMO_LA, batch);
    h.sg.sql.length = 0;
    const all = await h.eventsOf(h.sg.queryAs(principal('virtual_school'), h.EVENTS, reps(...batch)));
    expect(all).toHaveLength(50);
    expect(all.filter((events) => events.length > 0).length).toBeGreaterThan(20);
    expect(ownStatements(h.sg)).toHaveLength(1);
  });
});

describe('kinds decided per field (the loader on its own)', () => {
  it('runs any subset of kinds, asking about each kind once per request, on first use, however many batches', async () => {
    const orm = await createOrm(education.ormSettings(h.sg.databaseUrl));
    try {
      const s = stories[0]!;
      const cases: [string[], string[]][] = [
        [['Child.exclusions'], ['EXCLUSION']],
        [['Child.senProvision', 'Child.personalEducationPlans'], ['EDUCATION_PLAN', 'SEN_PROVISION']],
        [['Child.schoolEnrolments'], ['SCHOOL_LEFT', 'SCHOOL_STARTED']],
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
        expect(asked).toEqual(['Child.schoolEnrolments', 'Child.exclusions', 'Child.personalEducationPlans', 'Child.senProvision', 'Child.ehcp']); // once per field
      }
    } finally {
      await orm.close(true);
    }
  });
});
