import { DEMO_LA, story } from '@caregraph/demo';
import type { Principal } from '@caregraph/schema';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { principal } from '../helpers/identity.js';

/**
 * Issue 11, over HTTP through the gateway on one database seeded with the demo's first 100 life stories.
 * Expected values are written by hand from the demo's story (demo/src/story.ts) and from policy.md, never from
 * the code that builds events.
 */
const STORIES = 100;
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ stories: STORIES });
}, 180_000);
afterAll(() => hub?.stop());

interface Node { id: string; date: string; at: string | null; kind: string; domain: string; title: string; body: string | null }
const PAGE = `query($id: ID!, $first: Int, $after: String) { child(id: $id) { chronology(first: $first, after: $after) {
  edges { cursor node { id date at kind domain title body } } pageInfo { hasNextPage endCursor } } } }`;

/** Every event of a child, page by page (also checks that the pages join up exactly). */
async function all(who: Principal, id: string, first = 100): Promise<Node[]> {
  const events: Node[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const r = await hub.queryAs(who, PAGE, { id, first, after });
    expect(r.errors).toBeUndefined();
    const c = r.data?.child.chronology;
    events.push(...c.edges.map((e: { node: Node }) => e.node));
    if (!c.pageInfo.hasNextPage) return events;
    after = c.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

const leaver = story(0);
const inCare = Array.from({ length: STORIES }, (_, i) => story(i)).find((s) => s.careEnd == null && s.placements.length >= 2)!;
const me = principal('care_leaver', { sub: 'person-0', childId: leaver.id });

describe('acceptance 1: the first demo care leaver’s life, complete and in order', () => {
  let events: Node[];
  beforeAll(async () => {
    events = await all(me, leaver.id);
  });

  it('has every kind of event the life story holds, per domain', () => {
    const kinds = (domain: string) => [...new Set(events.filter((e) => e.domain === domain).map((e) => e.kind))].sort();
    // From the story (demo/src/story.ts and each subgraph's part of it): a featured story enters care under an
    // interim care order, then a full care order; has allocated social workers, an IRO for the period of care and
    // a personal adviser from 16; 30 case notes; one missing episode in the last placement; 3-4 of their own voice
    // entries; and, as a care leaver, a latest contact with the leaving-care team (no pathway plan review recorded).
    expect(kinds('CHILDREN')).toEqual([
      'CARE_LEAVER_CONTACT', 'CASE_NOTE', 'IRO_CHANGED', 'LEGAL_STATUS_CHANGED', 'MISSING', 'PERSONAL_ADVISER_CHANGED', 'SOCIAL_WORKER_CHANGED', 'VOICE_ENTRY',
    ]);
    // 8 or more placements between coming into care and their 18th birthday.
    expect(kinds('PLACEMENTS')).toEqual(['ENTERED_CARE', 'LEFT_CARE', 'PLACEMENT_ENDED', 'PLACEMENT_STARTED']);
    // A school move follows a placement move; every featured story has suspensions, termly PEPs and an EHC plan.
    expect(kinds('EDUCATION')).toEqual(expect.arrayContaining(['EDUCATION_PLAN', 'EHCP_REQUESTED', 'EXCLUSION', 'SCHOOL_LEFT', 'SCHOOL_STARTED', 'SEN_PROVISION']));
    // Statutory health checks within the period of care; every featured story has diagnosed conditions, which
    // the care leaver reads as their own clinical detail.
    expect(kinds('HEALTH')).toEqual(expect.arrayContaining(['DENTAL_CHECK', 'DIAGNOSIS', 'GP_REGISTRATION', 'HEALTH_ASSESSMENT', 'IMMUNISATION', 'SDQ']));
    expect(events.filter((e) => e.kind === 'CASE_NOTE')).toHaveLength(30);
    expect(events.filter((e) => e.kind === 'PLACEMENT_STARTED')).toHaveLength(leaver.placements.length);
  });

  it('follows the story: came into care first on its day, every move on the story’s dates, left care on the 18th birthday', () => {
    const entered = events.find((e) => e.kind === 'ENTERED_CARE')!;
    expect(entered.date).toBe(leaver.careStart);
    expect(events.filter((e) => e.date === leaver.careStart)[0]!.kind).toBe('ENTERED_CARE');
    expect(events.filter((e) => e.kind === 'PLACEMENT_STARTED').map((e) => e.date)).toEqual(leaver.placements.map((p) => p.start));
    expect(events.filter((e) => e.kind === 'LEGAL_STATUS_CHANGED').map((e) => e.title)).toEqual(['Legal status: Interim care order', 'Legal status: Full care order']);
    const left = events.find((e) => e.kind === 'LEFT_CARE')!;
    expect(left.date).toBe(leaver.careEnd);
    const lastOfDay = events.filter((e) => e.date === leaver.careEnd);
    expect(lastOfDay.map((e) => e.kind).indexOf('PLACEMENT_ENDED')).toBeLessThan(lastOfDay.map((e) => e.kind).indexOf('LEFT_CARE'));
  });

  it('is in date order, with a stable order within a day (timed events of a day by their time)', () => {
    for (let i = 1; i < events.length; i++) expect(events[i - 1]!.date <= events[i]!.date).toBe(true);
    const voice = events.filter((e) => e.kind === 'VOICE_ENTRY');
    expect(voice.every((e) => e.at != null && e.at.slice(0, 10) === e.date)).toBe(true);
    for (let i = 1; i < voice.length; i++) if (voice[i - 1]!.date === voice[i]!.date) expect(voice[i - 1]!.at! <= voice[i]!.at!).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('tells it in plain English: where and with whom, no raw codes', () => {
    // The homes and households of the story, by name.
    const moves = events.filter((e) => e.kind === 'PLACEMENT_STARTED').map((e) => e.title);
    expect(moves).toEqual(leaver.placements.map((p) => `Moved to ${p.carer.name}`));
    const codes = /\b(C1|C2|V2|L2|K2|U[1-6]|CARPL|X1|E1[1-7]|PR[0-5])\b/;
    for (const e of events.filter((x) => x.kind !== 'CASE_NOTE' && x.kind !== 'VOICE_ENTRY')) {
      expect(`${e.title} ${e.body ?? ''}`).not.toMatch(codes);
    }
  });

  it('pages exactly at every size: the pages of 7 join into the same history as pages of 100', async () => {
    expect(await all(me, leaver.id, 7)).toEqual(events);
  });
});

describe('events written after the demo', () => {
  const child = story(5);
  const writer = principal('social_worker', { sub: 'sw-chron-writer' });
  beforeAll(() => hub.subgraphs.children!.inScope(writer, [child.id]));

  it('the same worker allocated again is "again", not "new"', async () => {
    const allocate = (workerId: string, workerName: string, startDate: string) =>
      hub.queryAs(writer, `mutation($i: AllocateWorkerInput!) { allocateWorker(input: $i) { id } }`, { i: { childId: child.id, role: 'SOCIAL_WORKER', workerId, workerName, startDate } });
    for (const [id, name, on] of [['sw-chron-a', 'Alex Able', '2026-10-10'], ['sw-chron-b', 'Bea Best', '2026-10-20'], ['sw-chron-a', 'Alex Able', '2026-10-30']] as const) {
      expect((await allocate(id, name, on)).errors).toBeUndefined();
    }
    const r = await hub.queryAs(principal('dpo'), `query($id: ID!) { child(id: $id) { chronology(from: "2026-10-05", categories: [SOCIAL_WORKER_CHANGED]) { edges { node { date title } } } } }`, { id: child.id });
    expect(r.errors).toBeUndefined();
    expect(r.data?.child.chronology.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { date: '2026-10-10', title: 'New social worker: Alex Able' },
      { date: '2026-10-20', title: 'New social worker: Bea Best' },
      { date: '2026-10-30', title: 'Social worker again: Alex Able' },
    ]);
  });

  it('the care leaver’s own correction is an event, with its time, seen by them and by the DPO', async () => {
    const self = principal('care_leaver', { sub: 'person-0', childId: leaver.id });
    const before = Date.now();
    const a = await hub.queryAs(self, `mutation($i: AnnotateInput!) { annotate(input: $i) { id } }`, {
      i: { childId: leaver.id, itemType: 'Placement', itemId: '00000000-0000-4000-8000-000000000001', text: 'I was never told why I moved.', isCorrection: true },
    });
    expect(a.errors).toBeUndefined();
    for (const who of [self, principal('dpo')]) {
      const r = await hub.queryAs(who, `query($id: ID!) { child(id: $id) { chronology(categories: [ANNOTATION]) { edges { node { at title body itemType } } } } }`, { id: leaver.id });
      expect(r.errors).toBeUndefined();
      const [e] = r.data?.child.chronology.edges ?? [];
      expect(e.node).toMatchObject({ title: 'Correction added by the care leaver', body: 'I was never told why I moved.', itemType: 'Annotation' });
      expect(Date.parse(e.node.at)).toBeGreaterThanOrEqual(before - 60_000);
    }
  });
});

describe('acceptance 2: every role that may read a source gets a chronology without errors', () => {
  const CHILDREN_KINDS = ['LEGAL_STATUS_CHANGED', 'SOCIAL_WORKER_CHANGED', 'IRO_CHANGED', 'PERSONAL_ADVISER_CHANGED', 'CASE_NOTE', 'MISSING', 'VOICE_ENTRY', 'CARE_LEAVER_CONTACT', 'PATHWAY_PLAN_REVIEW', 'ANNOTATION'];
  const PLACEMENT_KINDS = ['ENTERED_CARE', 'LEFT_CARE', 'PLACEMENT_STARTED', 'PLACEMENT_ENDED'];
  const EDUCATION_KINDS = ['SCHOOL_STARTED', 'SCHOOL_LEFT', 'EXCLUSION', 'EDUCATION_PLAN', 'SEN_PROVISION', 'EHCP_REQUESTED', 'EHCP_ISSUED', 'EHCP_REVIEWED'];
  const HEALTH_SUMMARY = ['HEALTH_ASSESSMENT', 'HEALTH_ASSESSMENT_MISSED', 'IMMUNISATION', 'DENTAL_CHECK', 'SDQ', 'GP_REGISTRATION'];
  const ALLOCATIONS = ['SOCIAL_WORKER_CHANGED', 'IRO_CHANGED', 'PERSONAL_ADVISER_CHANGED'];
  /** From policy.md's field-group table: the kinds each role may be shown (voice entries only as the child chose). */
  const cases: [string, () => Promise<Principal>, string[]][] = [
    ['social_worker', async () => hub.subgraphs.children!.inScope(principal('social_worker', { sub: 'sw-chron' }), [inCare.id]), [...CHILDREN_KINDS.filter((k) => k !== 'ANNOTATION'), 'ANNOTATION', ...PLACEMENT_KINDS, ...EDUCATION_KINDS, ...HEALTH_SUMMARY]],
    ['team_manager', async () => hub.subgraphs.children!.inScope(principal('team_manager', { team: 'team-chron' }), [inCare.id]), [...CHILDREN_KINDS.filter((k) => k !== 'ANNOTATION'), ...PLACEMENT_KINDS, ...EDUCATION_KINDS, ...HEALTH_SUMMARY]],
    ['iro', async () => hub.subgraphs.children!.inScope(principal('iro', { sub: 'iro-chron' }), [inCare.id]), [...CHILDREN_KINDS.filter((k) => k !== 'ANNOTATION'), ...PLACEMENT_KINDS, ...EDUCATION_KINDS, ...HEALTH_SUMMARY]],
    ['virtual_school', async () => hub.subgraphs.children!.inScope(principal('virtual_school', { la: DEMO_LA }), [inCare.id]), ['LEGAL_STATUS_CHANGED', ...ALLOCATIONS, 'VOICE_ENTRY', ...PLACEMENT_KINDS, ...EDUCATION_KINDS, 'SDQ']],
    ['designated_teacher', async () => hub.subgraphs.children!.inScope(principal('designated_teacher', { sub: 'dt-chron', schoolUrn: '100999' }), [inCare.id]), [...ALLOCATIONS, 'VOICE_ENTRY', ...EDUCATION_KINDS]],
    ['health_practitioner', async () => hub.subgraphs.children!.inScope(principal('health_practitioner', { la: DEMO_LA }), [inCare.id]), [...ALLOCATIONS, 'VOICE_ENTRY', ...HEALTH_SUMMARY, 'DIAGNOSIS', 'MEDICATION_STARTED', 'MEDICATION_STOPPED']],
    ['foster_carer', async () => hub.subgraphs.children!.inScope(principal('foster_carer', { sub: inCare.placements.at(-1)!.carer.id }), [inCare.id]), [...ALLOCATIONS, 'MISSING', 'VOICE_ENTRY', ...EDUCATION_KINDS, ...HEALTH_SUMMARY, 'MEDICATION_STARTED', 'MEDICATION_STOPPED']],
    ['personal_adviser', async () => hub.subgraphs.children!.inScope(principal('personal_adviser', { sub: 'pa-chron' }), [inCare.id]), [...CHILDREN_KINDS, ...PLACEMENT_KINDS, ...EDUCATION_KINDS, ...HEALTH_SUMMARY]],
    ['partner_agency', async () => {
      const r = await hub.queryAs(principal('dpo'), `mutation($input: RecordDataSharingAgreementInput!) { recordDataSharingAgreement(input: $input) { id } }`, {
        input: { id: 'chron-police-1', agency: 'Police', purpose: 'MASH safeguarding', lawfulBasis: 'Children Act 2004 s11', fieldGroups: ['legalStatus', 'placements', 'missing'], cohort: [inCare.id], validFrom: '2026-01-01', validTo: '2099-01-01' },
      });
      expect(r.errors).toBeUndefined();
      return principal('partner_agency', { agency: 'Police', agreement: 'chron-police-1' });
    }, ['LEGAL_STATUS_CHANGED', 'MISSING', ...PLACEMENT_KINDS]],
    ['care_leaver', async () => principal('care_leaver', { sub: 'person-in-care', childId: inCare.id }), [...CHILDREN_KINDS, ...PLACEMENT_KINDS, ...EDUCATION_KINDS, ...HEALTH_SUMMARY, 'DIAGNOSIS', 'MEDICATION_STARTED', 'MEDICATION_STOPPED']],
    ['dpo', async () => principal('dpo'), [...CHILDREN_KINDS, ...PLACEMENT_KINDS, ...EDUCATION_KINDS, ...HEALTH_SUMMARY, 'DIAGNOSIS', 'MEDICATION_STARTED', 'MEDICATION_STOPPED']],
  ];

  it.each(cases)('%s', async (_role, who, allowed) => {
    const events = await all(await who(), inCare.id);
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((e) => !allowed.includes(e.kind)).map((e) => e.kind)).toEqual([]);
  });

  it('analyst (aggregates only, no individual child): the chronology is refused, not an error of the hub', async () => {
    const r = await hub.queryAs(principal('analyst'), PAGE, { id: inCare.id, first: 5 });
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('row rules that drop rows keep the pages exact', () => {
  it('a personal adviser sees case notes only from the 16th birthday, in pages of 5 as in one page', async () => {
    const pa = await hub.subgraphs.children!.inScope(principal('personal_adviser', { sub: 'pa-chron-rows' }), [leaver.id]);
    const whole = await all(pa, leaver.id, 200);
    const sixteenth = `${Number(leaver.dateOfBirth.slice(0, 4)) + 16}${leaver.dateOfBirth.slice(4)}`;
    const notes = whole.filter((e) => e.kind === 'CASE_NOTE');
    expect(notes.every((e) => e.date >= sixteenth)).toBe(true);
    expect(whole.some((e) => e.kind !== 'CASE_NOTE' && e.date < sixteenth)).toBe(true);
    expect(await all(pa, leaver.id, 5)).toEqual(whole);
  });
});

describe('acceptance 4: width', () => {
  it('children(first: 100) { chronology(first: 100) } answers for a DPO, each child its own page', async () => {
    const r = await hub.queryAs(principal('dpo'), `{ children(first: 100) { edges { node { id chronology(first: 100) {
      edges { node { id date kind domain title } } pageInfo { hasNextPage } } } } } }`);
    expect(r.errors).toBeUndefined();
    const nodes: { id: string; chronology: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean } } }[] = r.data?.children.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toHaveLength(STORIES);
    for (const n of nodes) {
      expect(n.chronology.edges.length).toBeGreaterThan(0);
      expect(n.chronology.edges.length).toBeLessThanOrEqual(100);
      const dates = n.chronology.edges.map((e) => e.node.date);
      expect([...dates].sort()).toEqual(dates);
    }
    // The long histories do not fit one page; each child's page is exactly that child's first 100, as asked alone.
    const featured = nodes.find((n) => n.id === leaver.id)!;
    expect(featured.chronology.pageInfo.hasNextPage).toBe(true);
    const alone = await hub.queryAs(principal('dpo'), PAGE, { id: leaver.id, first: 100 });
    expect(featured.chronology.edges.map((e) => e.node.id)).toEqual(alone.data?.child.chronology.edges.map((e: { node: Node }) => e.node.id));
  });
});

describe('filters and hostile input', () => {
  const q = (args: string) => hub.queryAs(me, `{ me { chronology(${args}) { edges { node { date kind } } pageInfo { hasNextPage endCursor } } } }`);

  it('keeps from, to and categories, and pages within them', async () => {
    const r = await q(`from: "${leaver.careStart}", to: "${leaver.careEnd}", categories: [PLACEMENT_STARTED, LEFT_CARE], first: 200`);
    expect(r.errors).toBeUndefined();
    const events: { date: string; kind: string }[] = r.data?.me.chronology.edges.map((e: { node: unknown }) => e.node);
    expect(events.map((e) => e.kind)).toEqual([...leaver.placements.map(() => 'PLACEMENT_STARTED'), 'LEFT_CARE']);
  });

  it.each([
    ['an impossible date', 'from: "2021-02-30"'],
    ['a date that is not one', 'to: "yesterday"'],
    ['to before from', 'from: "2020-01-02", to: "2020-01-01"'],
    ['a cursor that is not one', 'after: "bm90IGEgY3Vyc29y"'],
    ['a cursor of garbage', 'after: "%%%"'],
    ['a huge first (the gateway refuses it as too costly first)', 'first: 1000000'],
    ['one more than the largest page', 'first: 201'],
    ['a first of 0', 'first: 0'],
    ['a negative first', 'first: -1'],
    ['an unknown category', 'categories: [NOT_A_KIND]'],
  ])('refuses %s with a coded error (BAD_USER_INPUT, or the gateway’s validation or cost limit)', async (_name, args) => {
    const r = await q(args);
    expect(r.errors?.length).toBeGreaterThan(0);
    for (const e of r.errors!) expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COMPLEX']).toContain(e.extensions?.code);
    expect(r.data?.me?.chronology ?? null).toBeNull();
  });
});

describe('acceptance 5: codes readable without introspection', () => {
  it('codeLists labels every value of every enum a field returns, for any principal (the analyst too)', async () => {
    const { isEnumType } = await import('graphql');
    const { readSupergraph, apiSchema } = await import('@caregraph/schema');
    const schema = apiSchema(readSupergraph());
    /** Enums of the hub itself (not DfE codes): their values are words, documented in the schema. A new enum must be one or the other. */
    const HUB_ENUMS = new Set(['ChronologyKind', 'ChronologyDomain', 'WithheldContent', 'Exemption', 'AccessKind', 'ChildOrder']);
    const enums = Object.values(schema.getTypeMap()).filter((t) => isEnumType(t) && !t.name.startsWith('__') && !HUB_ENUMS.has(t.name) && !t.name.startsWith('join__') && !t.name.startsWith('link__'));
    const r = await hub.queryAs(principal('analyst'), `{ codeLists { name codes { code label } } }`);
    expect(r.errors).toBeUndefined();
    const lists = new Map<string, Map<string, string>>(r.data?.codeLists.map((l: { name: string; codes: { code: string; label: string }[] }) => [l.name, new Map(l.codes.map((c) => [c.code, c.label]))]));
    const missing: string[] = [];
    for (const t of enums) {
      if (!isEnumType(t)) continue;
      for (const v of t.getValues()) if (!lists.get(t.name)?.get(v.name)) missing.push(`${t.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
    // Spot checks, from the DfE lists (domain reference 1.1).
    expect(lists.get('PlacementType')?.get('K2')).toMatch(/children.s home/i);
    expect(lists.get('CareLeaverActivity')?.get('F1')).toBe('Full-time in higher education');
    expect(lists.get('CareLeaverAccommodation')?.get('U1')).toBe('Independent living (e.g. own tenancy), suitable');
  });

  it('activity and accommodation are enums from the DfE lists', async () => {
    const r = await hub.queryAs(me, `{ me { careLeaverStatus { activity accommodation } } }`);
    expect(r.errors).toBeUndefined();
    expect(['F1', 'F2', 'F5', 'P5', 'G5']).toContain(r.data?.me.careLeaverStatus.activity);
    expect(['U1', 'Z1', 'E1', 'B1']).toContain(r.data?.me.careLeaverStatus.accommodation);
  });

  it('refuses a code list that does not exist', async () => {
    const r = await hub.queryAs(me, `{ codeLists(names: ["NoSuchList"]) { name } }`);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
