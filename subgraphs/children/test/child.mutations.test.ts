import { children } from '@caregraph/children';
import { story } from '@caregraph/demo';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';
import pg from 'pg';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(children, { stories: 5 });
});
afterAll(() => sg.stop());

async function count(table: string): Promise<number> {
  const c = new pg.Client({ connectionString: sg.databaseUrl });
  await c.connect();
  const { rows } = await c.query(`select count(*)::int as n from children.${table}`);
  await c.end();
  return rows[0].n;
}

const RECORD = `mutation($input: RecordChildInput!) { recordChild(input: $input) { id laChildId upnUnknownReason } }`;
const valid = {
  laChildId: 'NEW001', legalGivenName: 'Test', legalFamilyName: 'Child', dateOfBirth: '2019-05-01',
  sex: 'F', ethnicity: 'WBRI', upnUnknownReason: 'UN1', nhsNumber: '9434765919',
  socialWorker: { workerId: 'sw-001', workerName: 'Sam Worker', teamId: 'team-a' },
};

describe('children mutations', () => {
  it('records a child', async () => {
    const r = await sg.query(RECORD, { input: valid });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordChild.laChildId).toBe('NEW001');
  });

  it.each([
    ['unknown code', { ethnicity: 'XXXX' }],
    ['invalid date', { dateOfBirth: '2019-02-30' }],
    ['future date', { dateOfBirth: '2999-01-01' }],
    ['bad NHS number', { nhsNumber: '1234567890' }],
    ['UPN and reason both missing', { upnUnknownReason: null }],
    ['malformed UPN', { upn: 'abc', upnUnknownReason: null }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, patch) => {
    const before = await count('child');
    const r = await sg.query(RECORD, { input: { ...valid, laChildId: 'NEW002', ...patch } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(r.errors)).not.toContain('XXXX');
    expect(await count('child')).toBe(before);
  });

  it('rejects a duplicate LA child id with CONFLICT', async () => {
    const r = await sg.query(RECORD, { input: valid });
    expect(codes(r)).toEqual(['CONFLICT']);
  });

  it('hands an allocation over in one transaction', async () => {
    const child = story(2).id;
    const q = `mutation($input: AllocateWorkerInput!) { allocateWorker(input: $input) { id workerId endDate } }`;
    const r = await sg.query(q, { input: { childId: child, role: 'SOCIAL_WORKER', workerId: 'sw-999', workerName: 'Pat Doe', startDate: '2026-10-01' } });
    expect(r.errors).toBeUndefined();
    const view = await sg.query(`query($id: ID!) { child(id: $id) { allocations { role workerId endDate } } }`, { id: child });
    const current = view.data?.child.allocations.filter((a: { role: string; endDate: string | null }) => a.role === 'SOCIAL_WORKER' && a.endDate == null);
    expect(current).toEqual([{ role: 'SOCIAL_WORKER', workerId: 'sw-999', endDate: null }]);
  });

  it('answers NOT_FOUND for a case note about an unknown child and writes nothing', async () => {
    const before = await count('case_note');
    const r = await sg.query(
      `mutation($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id } }`,
      { input: { childId: '00000000-0000-4000-8000-000000000000', occurredOn: '2026-01-01', category: 'VISIT', authorId: 'sw-1', authorName: 'A', title: 'T', body: 'B' } },
    );
    expect(codes(r)).toEqual(['NOT_FOUND']);
    expect(await count('case_note')).toBe(before);
  });
});
