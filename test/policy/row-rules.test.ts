import fc from 'fast-check';
import { ROW_RULES, WITHHELD_MARK, withhold, withheldRanges, type Principal } from '@caregraph/schema';

/**
 * The row rules of policy.md, unit by unit. Expected values are written by hand from policy.md's "Row rules"
 * table; the redaction property is checked over generated texts (no withheld phrase survives anywhere).
 */
const LA = 'E09000017';
const who = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({ sub: `${role}-1`, role, la: LA, ...extra });
const CHILD = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

describe('third-party redaction (care leaver)', () => {
  const leaver = who('care_leaver', { childId: CHILD });
  const redact = (p: Principal, title: string, body: string, phrases: string[]) =>
    ROW_RULES.thirdPartyRedaction(p, {
      fields: { title, body },
      source: body,
      spans: phrases.map((ph) => ({ start: body.indexOf(ph), end: body.indexOf(ph) + ph.length, kind: 'ABOUT_FAMILY_MEMBER' })),
    });

  it('withholds both of two overlapping spans (a name, and a sentence about them that starts with it)', () => {
    const body = 'Visit today. Jane Doe now lives at 4 Elm Road, Leeds. Child was happy.';
    const out = redact(leaver, 'Visit', body, ['Jane Doe', 'Jane Doe now lives at 4 Elm Road, Leeds.']);
    expect(out.fields.body).toBe('Visit today. [withheld] Child was happy.');
    expect(out.kinds).toEqual(['ABOUT_FAMILY_MEMBER']);
  });

  it('withholds a phrase at every occurrence, and in the title', () => {
    const body = 'Talked about Uncle Bob. Later Uncle Bob phoned.';
    const out = redact(leaver, 'Call from Uncle Bob', body, ['Uncle Bob']);
    expect(out.fields.body).toBe('Talked about [withheld]. Later [withheld] phoned.');
    expect(out.fields.title).toBe('Call from [withheld]');
  });

  it('merges spans that touch into one mark', () => {
    const out = redact(leaver, 't', 'abcdef', ['abc', 'def']);
    expect(out.fields.body).toBe('[withheld]');
  });

  it('leaves professionals’ reading unchanged', () => {
    const body = 'Jane Doe now lives at 4 Elm Road.';
    const out = redact(who('social_worker'), 'Jane Doe', body, ['Jane Doe']);
    expect(out.fields).toEqual({ title: 'Jane Doe', body });
    expect(out.kinds).toEqual([]);
  });

  it('covers every occurrence of every marked phrase, in ranges that neither overlap nor touch (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), fc.array(fc.tuple(fc.nat(60), fc.nat(20)), { minLength: 1, maxLength: 4 }), (half, marks) => {
        const text = `${half} ${half}`; // every phrase occurs at least twice
        const phrases = marks.map(([at, len]) => half.slice(at % half.length, (at % half.length) + len + 1)).filter((p) => p.length > 0);
        const ranges = withheldRanges(text, phrases);
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThan(ranges[i - 1]![1]);
        for (const p of phrases) {
          for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) {
            expect(ranges.some(([start, end]) => start <= at && at + p.length <= end)).toBe(true);
          }
        }
        // What is shown is the text outside the ranges, one mark for each range.
        const shown = withhold(text, phrases).text;
        expect(shown.split(WITHHELD_MARK).length - 1).toBe(ranges.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('since 16 (personal adviser)', () => {
  it('keeps an item on the 16th birthday and after, not the day before', () => {
    expect(ROW_RULES.sinceAge16({ date: '2020-05-09', dateOfBirth: '2004-05-10' })).toBe(false);
    expect(ROW_RULES.sinceAge16({ date: '2020-05-10', dateOfBirth: '2004-05-10' })).toBe(true);
    expect(ROW_RULES.sinceAge16({ date: '2031-01-01', dateOfBirth: '2004-05-10' })).toBe(true);
  });

  it('handles a 29 February birthday (16 years on is a leap year too, but for 2100)', () => {
    expect(ROW_RULES.sinceAge16({ date: '2024-02-28', dateOfBirth: '2008-02-29' })).toBe(false);
    expect(ROW_RULES.sinceAge16({ date: '2024-02-29', dateOfBirth: '2008-02-29' })).toBe(true);
    expect(ROW_RULES.sinceAge16({ date: '2100-02-28', dateOfBirth: '2084-02-29' })).toBe(false);
    expect(ROW_RULES.sinceAge16({ date: '2100-03-01', dateOfBirth: '2084-02-29' })).toBe(true);
  });
});

describe('agreement (partner agency)', () => {
  const terms = { agency: 'Police', validFrom: new Date('2026-01-01T00:00:00Z'), validTo: new Date('2027-01-01T00:00:00Z') };
  const now = new Date('2026-06-01T00:00:00Z');
  it('holds only for the token’s own agency, while valid', () => {
    expect(ROW_RULES.agreement(who('partner_agency', { agency: 'Police', agreement: 'a' }), terms, now)).toBe(true);
    expect(ROW_RULES.agreement(who('partner_agency', { agency: 'Youth Justice', agreement: 'a' }), terms, now)).toBe(false);
    expect(ROW_RULES.agreement(who('partner_agency', { agreement: 'a' }), terms, now)).toBe(false);
    expect(ROW_RULES.agreement(who('partner_agency', { agency: 'Police', agreement: 'a' }), terms, new Date('2027-01-01T00:00:00Z'))).toBe(false);
    expect(ROW_RULES.agreement(who('partner_agency', { agency: 'Police', agreement: 'a' }), terms, new Date('2025-12-31T23:59:59Z'))).toBe(false);
    expect(ROW_RULES.agreement(who('partner_agency', { agency: 'Police', agreement: 'a' }), undefined, now)).toBe(false);
  });
});

describe('own school, own carers, own record, voice as chosen', () => {
  it('lets a designated teacher write only at its own school', () => {
    expect(ROW_RULES.ownSchool(who('designated_teacher', { schoolUrn: '100001' }), '100001')).toBe(true);
    expect(ROW_RULES.ownSchool(who('designated_teacher', { schoolUrn: '100001' }), '100002')).toBe(false);
    expect(ROW_RULES.ownSchool(who('designated_teacher'), '100002')).toBe(false);
    expect(ROW_RULES.ownSchool(who('virtual_school'), '100002')).toBe(true);
  });

  it('shows a foster carer itself only, and others carers linked to a child in scope', () => {
    expect(ROW_RULES.ownCarers(who('foster_carer', { sub: 'carer-001' }), { carerId: 'carer-001', linkedToChildInScope: false })).toBe(true);
    expect(ROW_RULES.ownCarers(who('foster_carer', { sub: 'carer-001' }), { carerId: 'carer-002', linkedToChildInScope: true })).toBe(false);
    for (const role of ['care_leaver', 'partner_agency', 'health_practitioner'] as const) {
      expect(ROW_RULES.ownCarers(who(role), { carerId: 'carer-002', linkedToChildInScope: false })).toBe(false);
      expect(ROW_RULES.ownCarers(who(role), { carerId: 'carer-002', linkedToChildInScope: true })).toBe(true);
    }
  });

  it('gives a care leaver exactly their own record', () => {
    expect(ROW_RULES.ownRecord(who('care_leaver', { childId: CHILD }), CHILD)).toBe(true);
    expect(ROW_RULES.ownRecord(who('care_leaver', { childId: CHILD }), OTHER)).toBe(false);
    expect(ROW_RULES.ownRecord(who('care_leaver'), CHILD)).toBe(false);
    expect(ROW_RULES.ownRecord(who('dpo'), CHILD)).toBe(false);
  });

  it('shows voice entries to the roles the child named, the author and the DPO', () => {
    const entry = { childId: CHILD, visibleTo: ['personal_adviser'] };
    expect(ROW_RULES.voiceAsChosen(who('personal_adviser'), entry)).toBe(true);
    expect(ROW_RULES.voiceAsChosen(who('social_worker'), entry)).toBe(false);
    expect(ROW_RULES.voiceAsChosen(who('dpo'), entry)).toBe(true);
    expect(ROW_RULES.voiceAsChosen(who('care_leaver', { childId: CHILD }), entry)).toBe(true);
    expect(ROW_RULES.voiceAsChosen(who('care_leaver', { childId: OTHER }), entry)).toBe(false);
  });
});

describe('audit trail (social worker: own actions; team manager: team)', () => {
  it('keeps a social worker to entries of their own actions and a team manager to their team’s', () => {
    expect(ROW_RULES.auditTrail(who('social_worker', { sub: 'sw-007' }), 'ownActions')).toEqual({ sub: 'sw-007' });
    expect(ROW_RULES.auditTrail(who('team_manager', { team: 'team-b' }), 'teamActions')).toEqual({ team: 'team-b' });
    expect(ROW_RULES.auditTrail(who('team_manager'), 'teamActions')).toBe('none');
    expect(ROW_RULES.auditTrail(who('dpo'), undefined)).toBeNull();
  });
});
