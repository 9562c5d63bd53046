import { health } from '@caregraph/health';
import { story } from '@caregraph/demo';
import { nextAssessmentDue } from '../src/health-assessment/schedule.js';
import { DPO, startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(health, { stories: 30 });
});
afterAll(() => sg.stop());

const CHILD = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Child {
      id nextHealthAssessmentDue
      healthAssessments { id kind dueOn completedOn completedByRole outcome onTime }
      immunisations { vaccine dateGiven } immunisationStatus { upToDate asAt }
      dentalChecks { checkedOn } sdqScores { assessedOn score reason }
      gpRegistration { practiceName odsCode registeredFrom registeredTo }
      healthConditions { description category diagnosedOn ongoing } allergies { substance severity }
      medications { name dose startDate endDate }
    }
  }
}`;

async function child(index: number, withBirth = true) {
  const s = story(index);
  const rep = withBirth ? { __typename: 'Child', id: s.id, dateOfBirth: s.dateOfBirth } : { __typename: 'Child', id: s.id };
  const r = await sg.query(CHILD, { representations: [rep] });
  expect(r.errors).toBeUndefined();
  return r.data?._entities[0];
}

describe('health subgraph', () => {
  it('answers a featured child’s whole health record', async () => {
    const s = story(0);
    const c = await child(0);
    expect(c.id).toBe(s.id);
    for (const list of ['healthAssessments', 'immunisations', 'dentalChecks', 'sdqScores', 'healthConditions', 'allergies', 'medications']) {
      expect(c[list].length).toBeGreaterThan(0);
    }
    expect(c.immunisationStatus).toEqual({ upToDate: expect.any(Boolean), asAt: expect.any(String) });
    expect(c.gpRegistration).toMatchObject({ odsCode: expect.stringMatching(/^[A-Z]\d{5}$/), registeredTo: null });
    expect(c.healthAssessments[0]).toMatchObject({ kind: 'INITIAL', completedByRole: 'DOCTOR' });
    expect(c.healthAssessments.slice(1).every((a: { kind: string }) => a.kind === 'REVIEW')).toBe(true);
    // A featured child left care at 18: nothing is due any more.
    expect(c.nextHealthAssessmentDue).toBeNull();
  });

  it('computes onTime from the due and completion dates', async () => {
    const all = [];
    for (let i = 0; i < 10; i++) all.push(...(await child(i)).healthAssessments);
    for (const a of all) {
      if (a.completedOn) expect(a.onTime).toBe(a.completedOn <= a.dueOn);
      else expect(a.onTime).toBe(false); // every seeded due date has passed
    }
    expect(all.some((a) => a.onTime === true)).toBe(true);
    expect(all.some((a) => a.onTime === false)).toBe(true);
  });

  it('gives the next due date for a child in care, from the schedule and the child’s age', async () => {
    const inCare = Array.from({ length: 30 }, (_, i) => i).filter((i) => story(i).careEnd == null);
    let checked = 0, ageMatters = 0;
    for (const i of inCare) {
      const c = await child(i);
      if (c.healthAssessments.length === 0) continue;
      expect(c.nextHealthAssessmentDue).toBe(nextAssessmentDue(c.healthAssessments, story(i).dateOfBirth));
      checked++;
      const noAge = await child(i, false);
      if (noAge.nextHealthAssessmentDue !== c.nextHealthAssessmentDue) ageMatters++;
    }
    expect(checked).toBeGreaterThan(0);
    // Without the date of birth the stricter 6-month interval applies, so some answers change.
    expect(ageMatters).toBeGreaterThan(0);
  });

  it('answers empty lists for a child with no health records', async () => {
    const noRecords = '00000000-0000-4000-8000-00000000000b';
    await sg.inScope(DPO, [noRecords]); // a child of the LA with no health records
    const r = await sg.query(CHILD, { representations: [{ __typename: 'Child', id: noRecords }] });
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities[0]).toMatchObject({ healthAssessments: [], immunisations: [], gpRegistration: null, nextHealthAssessmentDue: null });
  });
});
