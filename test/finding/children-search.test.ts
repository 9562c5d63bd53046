import pg from 'pg';
import { children } from '@caregraph/children';
import { DEMO_LA } from '@caregraph/demo';
import { codes } from '../helpers/http.js';
import { principal } from '../helpers/identity.js';
import { DPO, startTestSubgraph, type TestSubgraph } from '../helpers/subgraph.js';

/**
 * Issue 14, "Finding children": sort, totalCount, filters, typo-tolerant name search and exact lookups, within
 * scope (nothing outside it, ever) and audited. The cohort is written here by hand, and so is every expected
 * answer: five children, four allocated to one social worker; the fifth sorts first by name and by date of
 * birth, so it would show first if scope ever leaked.
 */
const COHORT = [
  { id: '00000000-0000-4000-8000-00000000000a', la: 'T1', given: 'Aaliyah', family: 'Brown', dob: '2010-05-01', upn: 'A123456789012', nhs: '9434765919' },
  { id: '00000000-0000-4000-8000-00000000000b', la: 'T2', given: 'Jon', family: 'Smith', dob: '2012-01-15', upn: null, nhs: '4010232137' },
  { id: '00000000-0000-4000-8000-00000000000c', la: 'T3', given: 'John', family: 'Smyth', dob: '2009-11-30', upn: null, nhs: null },
  { id: '00000000-0000-4000-8000-00000000000d', la: 'T4', given: 'zara', family: 'de Souza', dob: '2011-07-07', upn: null, nhs: null },
  { id: '00000000-0000-4000-8000-00000000000e', la: 'T5', given: 'Mohammed', family: 'Ali', dob: '2008-02-29', upn: 'B123456789012', nhs: null },
];
const [BROWN, SMITH, SMYTH, DE_SOUZA, ALI] = COHORT.map((c) => c.id) as [string, string, string, string, string];
const worker = principal('social_worker', { sub: 'sw-search' });

let sg: TestSubgraph;
let db: pg.Client;
beforeAll(async () => {
  sg = await startTestSubgraph(children);
  db = new pg.Client({ connectionString: sg.databaseUrl });
  await db.connect();
  for (const c of COHORT) {
    await db.query(
      `insert into children.child (id, la_child_id, legal_given_name, legal_family_name, date_of_birth, sex, ethnicity, upn, nhs_number) values ($1, $2, $3, $4, $5, 'F', 'WBRI', $6, $7)`,
      [c.id, c.la, c.given, c.family, c.dob, c.upn, c.nhs],
    );
  }
  await sg.inScope(DPO, COHORT.map((c) => c.id));
  await sg.inScope(worker, [BROWN, SMITH, SMYTH, DE_SOUZA]);
  await sg.relate('team', 'team-north', [SMITH, ALI]);
  await sg.relate('on_roll', '100001', [BROWN]);
  await sg.relate('looked_after', DEMO_LA, [BROWN, SMYTH, ALI]);
  await db.query(`insert into children.legal_status_period (id, child_id, legal_status, start_date) values (gen_random_uuid(), $1, 'C2', '2020-01-01'), (gen_random_uuid(), $2, 'V2', '2021-01-01')`, [SMYTH, DE_SOUZA]);
}, 60_000);
afterAll(async () => {
  await db?.end();
  await sg?.stop();
});

const LIST = `query($first: Int, $after: String, $filter: ChildFilter, $orderBy: ChildOrder) {
  children(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } }
}`;
const list = async (who: typeof worker, variables: Record<string, unknown>) => {
  const r = await sg.queryAs(who, LIST, variables);
  expect(r.errors).toBeUndefined();
  const page = r.data!.children;
  return { ids: page.edges.map((e: { node: { id: string } }) => e.node.id) as string[], total: page.totalCount as number, next: page.pageInfo as { hasNextPage: boolean; endCursor: string | null } };
};

describe('order', () => {
  it('by family name, case-insensitive, and only within scope', async () => {
    expect((await list(worker, { orderBy: 'FAMILY_NAME' })).ids).toEqual([BROWN, DE_SOUZA, SMITH, SMYTH]);
    expect((await list(DPO, { orderBy: 'FAMILY_NAME' })).ids).toEqual([ALI, BROWN, DE_SOUZA, SMITH, SMYTH]);
  });

  it('by date of birth, oldest first', async () => {
    expect((await list(DPO, { orderBy: 'DATE_OF_BIRTH' })).ids).toEqual([ALI, SMYTH, BROWN, DE_SOUZA, SMITH]);
  });

  it('pages exactly through a sorted list, and refuses a cursor of another order', async () => {
    const one = await list(worker, { orderBy: 'FAMILY_NAME', first: 3 });
    expect(one.ids).toEqual([BROWN, DE_SOUZA, SMITH]);
    expect(one.next.hasNextPage).toBe(true);
    const two = await list(worker, { orderBy: 'FAMILY_NAME', first: 3, after: one.next.endCursor });
    expect(two.ids).toEqual([SMYTH]);
    expect(two.next.hasNextPage).toBe(false);
    const other = await sg.queryAs(worker, LIST, { orderBy: 'DATE_OF_BIRTH', after: one.next.endCursor });
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    for (const after of ['not-a-cursor', Buffer.from('["FAMILY_NAME",1,2]').toString('base64url')]) {
      expect(codes(await sg.queryAs(worker, LIST, { orderBy: 'FAMILY_NAME', after }))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('counts every match over all pages, within scope', async () => {
    expect((await list(worker, { first: 1 })).total).toBe(4);
    expect((await list(DPO, { first: 1 })).total).toBe(5);
  });
});

describe('search and lookups', () => {
  it('finds names with typos, by one of the names, or spelt another way; not names that merely share letters', async () => {
    expect((await list(worker, { filter: { name: 'Aaliya Brwn' } })).ids).toEqual([BROWN]);
    // Jon Smith, and John Smyth: every word sounds like one of the name's (Jonh ~ John, Smith ~ Smyth).
    expect((await list(worker, { filter: { name: 'Jonh Smith' }, orderBy: 'FAMILY_NAME' })).ids).toEqual([SMITH, SMYTH]);
    expect((await list(worker, { filter: { name: 'SMYTH' }, orderBy: 'FAMILY_NAME' })).ids).toEqual([SMITH, SMYTH]);
    expect((await list(worker, { filter: { name: 'souza' } })).ids).toEqual([DE_SOUZA]);
    expect((await list(worker, { filter: { name: 'jon' }, orderBy: 'FAMILY_NAME' })).ids).toEqual([SMITH, SMYTH]);
    expect((await list(DPO, { filter: { name: 'Mohamed Ali' } })).ids).toEqual([ALI]);
    expect((await list(worker, { filter: { name: 'Smart' } })).ids).toEqual([]);
    expect((await list(worker, { filter: { name: 'Pryce' } })).ids).toEqual([]);
    expect((await list(worker, { filter: { name: 'Zoë Ñúñez 张伟 Ωμέγα' } })).ids).toEqual([]);
  });

  it('never finds a child outside scope, by name or by any identifier', async () => {
    for (const filter of [{ name: 'Mohammed Ali' }, { laChildId: 'T5' }, { upn: 'B123456789012' }]) {
      const found = await list(worker, { filter });
      expect(found).toMatchObject({ ids: [], total: 0 });
    }
    expect((await list(DPO, { filter: { laChildId: 'T5' } })).ids).toEqual([ALI]);
  });

  it('looks up by LA child id, UPN and NHS number exactly', async () => {
    expect((await list(worker, { filter: { laChildId: 'T2' } })).ids).toEqual([SMITH]);
    expect((await list(worker, { filter: { upn: 'A123456789012' } })).ids).toEqual([BROWN]);
    expect((await list(worker, { filter: { nhsNumber: '4010232137' } })).ids).toEqual([SMITH]);
    expect((await list(worker, { filter: { laChildId: 'T' } })).ids).toEqual([]);
  });

  it('refuses malformed values with BAD_USER_INPUT, never quoting them', async () => {
    const bad = [{ nhsNumber: '9434765918' }, { nhsNumber: '943476591' }, { upn: 'a123' }, { name: 'q' }, { name: 'y'.repeat(101) }, { schoolUrn: '12345' }];
    for (const filter of bad) {
      const r = await sg.queryAs(worker, LIST, { filter });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(r.errors)).not.toContain(Object.values(filter)[0]);
    }
  });
});

describe('filters on what the reader may not read', () => {
  // policy.md, "Field groups per role": identifiers are R (UPN) for a designated teacher and R (NHS) for a health
  // practitioner; legal status is – for a designated teacher. Filtering on them would disclose them: FORBIDDEN.
  const teacher = principal('designated_teacher', { schoolUrn: '100001' });
  const nurse = principal('health_practitioner');
  it('are refused with FORBIDDEN, and the ones it may read still work', async () => {
    expect((await list(teacher, { filter: { upn: 'A123456789012' } })).ids).toEqual([BROWN]);
    for (const filter of [{ nhsNumber: '9434765919' }, { laChildId: 'T1' }, { legalStatus: 'C2' }]) {
      const r = await sg.queryAs(teacher, LIST, { filter });
      expect({ filter, codes: codes(r), data: r.data?.children ?? null }).toEqual({ filter, codes: ['FORBIDDEN'], data: null });
    }
    expect((await list(nurse, { filter: { nhsNumber: '9434765919' } })).ids).toEqual([BROWN]);
    expect(codes(await sg.queryAs(nurse, LIST, { filter: { upn: 'A123456789012' } }))).toEqual(['FORBIDDEN']);
  });
});

describe('filters', () => {
  it('narrow by team, worker, school, in care and current legal status, never beyond scope', async () => {
    expect((await list(worker, { filter: { teamId: 'team-north' } })).ids).toEqual([SMITH]);
    expect((await list(DPO, { filter: { teamId: 'team-north' } })).ids).toEqual([SMITH, ALI]);
    expect((await list(DPO, { filter: { workerId: 'sw-search' } })).ids).toEqual([BROWN, SMITH, SMYTH, DE_SOUZA]);
    expect((await list(worker, { filter: { schoolUrn: '100001' } })).ids).toEqual([BROWN]);
    expect((await list(worker, { filter: { inCare: true } })).ids).toEqual([BROWN, SMYTH]);
    expect((await list(worker, { filter: { inCare: false } })).ids).toEqual([SMITH, DE_SOUZA]);
    expect((await list(worker, { filter: { legalStatus: 'C2' } })).ids).toEqual([SMYTH]);
  });
});

describe('audit', () => {
  it('records each child a search lists as read by its reader, and no other', async () => {
    const before = await db.query(`select child_id from audit.access_event where sub = 'sw-search'`);
    await list(worker, { filter: { name: 'jon' } });
    const after = await db.query(`select child_id, kind from audit.access_event where sub = 'sw-search'`);
    const added = after.rows.slice(before.rows.length);
    expect(added.map((r) => r.child_id).sort()).toEqual([SMITH, SMYTH].sort());
    expect(new Set(added.map((r) => r.kind))).toEqual(new Set(['read']));
  });
});
