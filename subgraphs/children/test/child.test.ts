import { children } from '@caregraph/children';
import { story } from '@caregraph/demo';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(children, { stories: 30 });
});
afterAll(() => sg.stop());

describe('children subgraph', () => {
  it('answers a child with its lists', async () => {
    const s = story(0);
    const r = await sg.query(`query($id: ID!) { child(id: $id) { id laChildId dateOfBirth legalStatuses { legalStatus startDate } allocations { role workerId } caseNotes { title } familyMembers { relationship } } }`, { id: s.id });
    expect(r.errors).toBeUndefined();
    expect(r.data?.child.laChildId).toBe(s.laChildId);
    expect(r.data?.child.dateOfBirth).toBe(s.dateOfBirth);
    expect(r.data?.child.caseNotes.length).toBeGreaterThan(10);
  });

  it('pages through children with cursors', async () => {
    const first = await sg.query(`{ children(first: 20) { edges { node { id } cursor } pageInfo { hasNextPage endCursor } } }`);
    expect(first.data?.children.edges).toHaveLength(20);
    expect(first.data?.children.pageInfo.hasNextPage).toBe(true);
    const rest = await sg.query(`query($after: String) { children(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }`, { after: first.data?.children.pageInfo.endCursor });
    expect(rest.data?.children.edges).toHaveLength(10);
    expect(rest.data?.children.pageInfo.hasNextPage).toBe(false);
  });

  it('rejects a malformed id with BAD_USER_INPUT', async () => {
    const r = await sg.query(`{ child(id: "not-a-uuid") { id } }`);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  });
});
