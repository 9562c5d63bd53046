import { startTestHub, type TestHub } from './helpers/hub.js';

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
  it('costs at most one SQL statement per subgraph per nesting level (no N+1)', async () => {
    await hub.query(COMBINED_VIEW, { first: 5 }); // warm the gateway's query-plan cache
    hub.resetSql();
    const r = await hub.query(COMBINED_VIEW, { first: 50 });
    expect(r.errors).toBeUndefined();
    expect(r.data?.children.edges).toHaveLength(50);
    const counts = hub.sqlCounts();
    console.log(`SQL statements for the combined view of 50 children: ${JSON.stringify(counts)}`);
    // children: the page (level 1) + legal statuses (level 2); each other subgraph: its list at level 2.
    expect(counts).toEqual({ children: 2, placements: 1, education: 1, health: 1 });
  });
});
