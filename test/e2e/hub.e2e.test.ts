import { story } from '@caregraph/demo';
import type { HubProcesses } from '../../scripts/src/hub.js';
import { codes, postGraphQL } from '../helpers/http.js';
import { bearer, principal } from '../helpers/identity.js';
import { startProcessHub } from '../helpers/processes.js';

let hub: HubProcesses;
let dpo: Record<string, string>;
beforeAll(async () => {
  hub = await startProcessHub({ stories: 20 });
  dpo = await bearer(principal('dpo'));
}, 120_000);
afterAll(async () => {
  await hub?.stop();
});

describe('the hub as five processes', () => {
  it('is healthy and ready', async () => {
    expect((await fetch(hub.gatewayUrl.replace('/graphql', '/health'))).status).toBe(200);
    const ready = await fetch(hub.gatewayUrl.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ subgraphs: { children: true, placements: true, education: true, health: true } });
  });

  it('answers one child with data from all four subgraphs over HTTP', async () => {
    const s = story(0);
    const r = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { child(id: $id) {
      id laChildId legalGivenName
      placements { placementType startDate endDate }
      schoolEnrolments { urn startDate }
      healthAssessments { kind dueOn }
    } }`, { id: s.id }, dpo);
    expect(r.errors).toBeUndefined();
    const child = r.data?.child;
    expect(child.laChildId).toBe(s.laChildId);
    expect(child.placements).toHaveLength(s.placements.length);
    expect(child.schoolEnrolments.length).toBeGreaterThan(0);
    expect(child.healthAssessments.length).toBeGreaterThan(0);
  });

  it('answers bad input through the gateway with BAD_USER_INPUT', async () => {
    const literal = await postGraphQL(hub.gatewayUrl, `mutation { changeLegalStatus(input: { childId: "${story(1).id}", legalStatus: ZZ, startDate: "2026-01-01" }) { id } }`, {}, dpo);
    expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
    const malformed = await postGraphQL(hub.gatewayUrl, `{ child(id: "42") { id } }`, {}, dpo);
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    const syntax = await postGraphQL(hub.gatewayUrl, `{ child(id: `, {}, dpo);
    expect(codes(syntax)).toEqual(['BAD_USER_INPUT']);
  });
});
