import { readFileSync } from 'node:fs';
import { ROLES, SUPERGRAPH_PATH, allows, apiSchema, coordinatesOf, groupOf, neverAllows, rowFilterOf } from '@caregraph/schema';

const coordinates = coordinatesOf(apiSchema(readFileSync(SUPERGRAPH_PATH, 'utf8')));

describe('the policy', () => {
  it('names every field of the supergraph in a field group (default deny is never silent)', () => {
    const unnamed = coordinates.filter((c) => groupOf(c) === undefined);
    expect(unnamed).toEqual([]);
  });

  it('gives analysts no individual child data and nobody access without a grant', () => {
    for (const c of coordinates.filter((c) => c.startsWith('Child.'))) expect(allows('analyst', c)).toBe(false);
    expect(allows('designated_teacher', 'Child.healthAssessments')).toBe(false);
    expect(allows('foster_carer', 'Child.nhsNumber')).toBe(false);
    expect(allows('social_worker', 'Child.medications')).toBe(false);
  });

  it('applies limited grants to the listed fields only', () => {
    expect(allows('health_practitioner', 'Child.currentPlacement')).toBe(true);
    expect(allows('health_practitioner', 'Child.placements')).toBe(false);
    expect(allows('virtual_school', 'Child.upn')).toBe(true);
    expect(allows('virtual_school', 'Child.nhsNumber')).toBe(false);
    expect(allows('personal_adviser', 'FamilyMember.name')).toBe(true);
    expect(allows('personal_adviser', 'FamilyMember.address')).toBe(false);
    expect(rowFilterOf('personal_adviser', 'Child.caseNotes')).toBe('sinceAge16');
  });

  it('lets a partner see only what its agreement names', () => {
    expect(allows('partner_agency', 'Child.legalGivenName', ['identity'])).toBe(true);
    expect(allows('partner_agency', 'Child.legalGivenName', [])).toBe(false);
    expect(allows('partner_agency', 'Child.missingEpisodes', ['identity'])).toBe(false);
    expect(neverAllows('partner_agency', 'Child.caseNotes')).toBe(true);
    expect(neverAllows('partner_agency', 'Child.legalGivenName')).toBe(false);
  });

  it('covers twelve roles', () => {
    expect(ROLES).toHaveLength(12);
  });
});
