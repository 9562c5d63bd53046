import { startTestHub, type TestHub } from './helpers/hub.js';
import { principal } from './helpers/identity.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ stories: 120 });
}, 120_000);
afterAll(() => hub.stop());

/** The dashboard's combined view: one page of children with fields from all four subgraphs. */
const COMBINED_VIEW = `query($first: Int!) {
  children(first: $first) {
    edges { node {
      id legalGivenName legalFamilyName dateOfBirth
      currentLegalStatus { legalStatus startDate }
      placements { placementType startDate endDate }
      schoolEnrolments { urn startDate endDate }
      healthAssessments { kind dueOn completedOn }
    } }
  }
}`;

describe('combined view of 50 children', () => {
  it('costs one SQL statement per subgraph per nesting level, the read entries written with the scope check (no N+1)', async () => {
    await hub.queryAs(principal('dpo'), COMBINED_VIEW, { first: 5 }); // warm the gateway's query-plan cache
    hub.resetSql();
    const r = await hub.queryAs(principal('dpo'), COMBINED_VIEW, { first: 50 });
    expect(r.errors).toBeUndefined();
    expect(r.data?.children.edges).toHaveLength(50);
    const counts = hub.sqlCounts();
    const audits = Object.fromEntries(
      Object.entries(hub.subgraphs).map(([name, sg]) => [name, sg.sql.filter((q) => q.includes('"audit"."access_event"')).length]),
    );
    console.log(`SQL statements for the combined view of 50 children: ${JSON.stringify(counts)} (of which audit inserts: ${JSON.stringify(audits)})`);
    // children: the page, scope-filtered and writing its read entries in the same statement (level 1) + legal statuses (level 2);
    // each other subgraph: one scope check for the 50 references that also writes their read entries (level 1) + its list (level 2).
    expect(audits).toEqual({ children: 1, placements: 1, education: 1, health: 1 });
    expect(counts).toEqual({ children: 2, placements: 2, education: 2, health: 2 });
  });
});
