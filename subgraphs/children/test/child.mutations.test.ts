import { children } from '@caregraph/children';
import { story } from '@caregraph/demo';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';
import { principal, WRITERS } from '../../../test/helpers/identity.js';
import pg from 'pg';

/** Writes as an allocated social worker (writeRecords); the DPO (`sg.query`) is read-only. */
const writer = WRITERS.records;
let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(children, { stories: 5 });
});
const write = (query: string, variables: Record<string, unknown>) => sg.queryAs(writer, query, variables);
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
  socialWorker: { workerId: writer.sub, workerName: 'Sam Worker', teamId: 'team-a' },
};

describe('children mutations', () => {
  it('records a child', async () => {
    const r = await write(RECORD, { input: valid });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordChild.laChildId).toBe('NEW001');
    // Recorded in the LA (the DPO sees it) and allocated to the named worker (who sees it).
    const id = r.data?.recordChild.id;
    const Q = `query($id: ID!) { child(id: $id) { laChildId } }`;
    expect((await sg.query(Q, { id })).data?.child).toEqual({ laChildId: 'NEW001' });
    expect((await sg.queryAs(writer, Q, { id })).data?.child).toEqual({ laChildId: 'NEW001' });
  });

  it('refuses a principal without writeRecords (the DPO is read-only) and writes nothing', async () => {
    const before = await count('child');
    const r = await sg.query(RECORD, { input: { ...valid, laChildId: 'NEW003' } });
    expect(codes(r)).toEqual(['FORBIDDEN']);
    expect(r.data?.recordChild ?? null).toBeNull();
    expect(await count('child')).toBe(before);
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
    const r = await write(RECORD, { input: { ...valid, laChildId: 'NEW002', ...patch } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(r.errors)).not.toContain('XXXX');
    expect(await count('child')).toBe(before);
  });

  it('rejects a duplicate LA child id with CONFLICT', async () => {
    const r = await write(RECORD, { input: valid });
    expect(codes(r)).toEqual(['CONFLICT']);
  });

  it('hands an allocation over in one transaction', async () => {
    const child = story(2).id;
    await sg.inScope(writer, [child]);
    const q = `mutation($input: AllocateWorkerInput!) { allocateWorker(input: $input) { id workerId endDate } }`;
    const r = await write(q, { input: { childId: child, role: 'SOCIAL_WORKER', workerId: 'sw-999', workerName: 'Pat Doe', startDate: '2026-10-01' } });
    expect(r.errors).toBeUndefined();
    const view = await sg.query(`query($id: ID!) { child(id: $id) { allocations { role workerId endDate } } }`, { id: child });
    const current = view.data?.child.allocations.filter((a: { role: string; endDate: string | null }) => a.role === 'SOCIAL_WORKER' && a.endDate == null);
    expect(current).toEqual([{ role: 'SOCIAL_WORKER', workerId: 'sw-999', endDate: null }]);
  });

  const NOTE = `mutation($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id } }`;
  const note = (childId: string) => ({ input: { childId, occurredOn: '2026-01-01', category: 'VISIT', authorId: 'sw-1', authorName: 'A', title: 'T', body: 'B' } });

  it('answers FORBIDDEN for a case note about an unknown child, as for one out of scope, and writes nothing', async () => {
    const before = await count('case_note');
    expect(codes(await write(NOTE, note('00000000-0000-4000-8000-000000000000')))).toEqual(['FORBIDDEN']);
    expect(codes(await write(NOTE, note(story(4).id)))).toEqual(['FORBIDDEN']);
    expect(await count('case_note')).toBe(before);
  });

  it('answers NOT_FOUND for a case note about a child in scope but not on record, and writes nothing', async () => {
    const ghost = '00000000-0000-4000-8000-00000000000a';
    await sg.relate('social_worker', writer.sub, [ghost]);
    const before = await count('case_note');
    expect(codes(await write(NOTE, note(ghost)))).toEqual(['NOT_FOUND']);
    expect(await count('case_note')).toBe(before);
  });

  it('lets a team manager of the allocated team write too', async () => {
    const child = story(3).id;
    const manager = await sg.inScope(principal('team_manager', { sub: 'tm-writer', team: 'team-writer' }), [child]);
    const r = await sg.queryAs(manager, NOTE, note(child));
    expect(r.errors).toBeUndefined();
    expect(r.data?.addCaseNote.id).toEqual(expect.any(String));
  });
});
