import { redactFields, type MarkedSpan } from './redaction.js';
import { SCOPES, type Scope } from './scopes.js';
import { ROLES, type Principal, type Role } from './roles.js';
import { GRANTS } from './grants.js';

/**
 * policy.md's "Row rules", as small named pure functions next to the field grants. A field grant says which
 * coordinates a role may read; a row rule says which rows, or which parts of a value. The shared enforcement
 * code (subgraphs/shared/src/access) calls these through `ROW_RULES` at the moment of each decision (never a
 * copy taken at import), and no resolver re-implements them. `ROW_RULE_DOCS` is what POLICY.md lists.
 */

/** A data-sharing agreement as the rule needs it (dates as instants). */
export interface AgreementTerms {
  agency: string;
  validFrom: Date;
  validTo: Date;
}

/** A voice entry as the rule needs it. */
export interface VoiceRow {
  childId: string;
  visibleTo: readonly string[];
}

/** What a role relates to a carer through: whether the carer is linked to a child in the principal's scope. */
export interface CarerRow {
  carerId: string;
  /** Some child in the principal's scope is (or was) placed with this carer. */
  linkedToChildInScope: boolean;
}

/** The roles the "own carers" rule restricts; others with a placements grant see every carer of their LA. */
export const OWN_CARER_ROLES: readonly Role[] = ['care_leaver', 'foster_carer', 'partner_agency', 'health_practitioner'];

/** Who always sees every entry of the child's voice: the child themself and the records team. */
export const VOICE_IMPLICIT_ROLES: readonly Role[] = ['care_leaver', 'dpo'];

/** The roles a child may name on a voice entry: every role given the voice group, but those that always see it. */
export const VOICE_CHOOSABLE_ROLES: readonly Role[] = ROLES.filter((r) => GRANTS[r].voice !== undefined && !VOICE_IMPLICIT_ROLES.includes(r));

const addYears = (isoDate: string, years: number) => `${String(Number(isoDate.slice(0, 4)) + years).padStart(4, '0')}${isoDate.slice(4)}`;

export const ROW_RULES = {
  /** Scope: the children this principal may see at all (relationship tuples, at the moment of the request). */
  scope(principal: Principal): Scope {
    return SCOPES[principal.role];
  },

  /** Own record: a care leaver sees exactly `childId`; any other id answers like an unknown one. */
  ownRecord(principal: Principal, childId: string): boolean {
    return principal.role === 'care_leaver' && principal.childId !== undefined && principal.childId === childId;
  },

  /**
   * Since 16: a dated item (a case note, its chronology event) is kept on or after the child's 16th
   * birthday (a 29 February birthday: 1 March in a common year, as ISO dates compare).
   */
  sinceAge16(item: { date: string; dateOfBirth: string }): boolean {
    return item.date >= addYears(item.dateOfBirth, 16);
  },

  /** Voice as chosen: the author and the DPO see every entry; another role only entries naming it. */
  voiceAsChosen(principal: Principal, entry: VoiceRow): boolean {
    if (principal.role === 'care_leaver') return principal.childId === entry.childId;
    return principal.role === 'dpo' || entry.visibleTo.includes(principal.role);
  },

  /** Own carers: a foster carer sees itself; a care leaver, partner or health practitioner only carers of children in scope. */
  ownCarers(principal: Principal, carer: CarerRow): boolean {
    if (principal.role === 'foster_carer') return carer.carerId === principal.sub;
    if (OWN_CARER_ROLES.includes(principal.role)) return carer.linkedToChildInScope;
    return true;
  },

  /** Own school: a designated teacher writes (enrolments, exclusions, attendance, PEPs) only at `schoolUrn`. */
  ownSchool(principal: Principal, urn: string): boolean {
    return principal.role !== 'designated_teacher' || (principal.schoolUrn !== undefined && principal.schoolUrn === urn);
  },

  /** Agreement: a partner acts under agreement `agreement` only while it is valid and only if its agency is the token's. */
  agreement(principal: Principal, terms: AgreementTerms | undefined, now: Date): boolean {
    if (principal.role !== 'partner_agency') return false;
    if (!terms || !principal.agency || terms.agency !== principal.agency) return false;
    return terms.validFrom <= now && now < terms.validTo;
  },

  /**
   * Third-party redaction, for the care leaver: every marked phrase withheld wherever it occurs in the given
   * fields (title included), overlapping marks merged. Other readers get the fields unchanged.
   */
  thirdPartyRedaction<K, F extends Record<string, string | null>>(
    principal: Principal,
    item: { fields: F; source: string; spans: readonly MarkedSpan<K>[] },
  ): { fields: F; kinds: K[] } {
    if (principal.role !== 'care_leaver' || item.spans.length === 0) return { fields: item.fields, kinds: [] };
    return redactFields(item.fields, item.source, item.spans);
  },

  /**
   * The audit trail's rows: the DPO sees the LA's; a social worker only entries of their own actions; a team
   * manager only entries of their team's actions. `null`: no restriction beyond the LA's children.
   */
  auditTrail(principal: Principal, filter: 'ownActions' | 'teamActions' | undefined): { sub: string } | { team: string } | 'none' | null {
    if (filter === 'ownActions') return { sub: principal.sub };
    if (filter === 'teamActions') return principal.team ? { team: principal.team } : 'none';
    return null;
  },

  /** Family members' addresses, contact details and dates of birth are withheld from the care leaver (names shown). */
  familyContactWithheld(principal: Principal): boolean {
    return principal.role === 'care_leaver';
  },
};

export type RowRuleName = keyof typeof ROW_RULES;

/** For POLICY.md: who each rule applies to and what it keeps, and the code that applies it. */
export const ROW_RULE_DOCS: Record<RowRuleName, { who: string; keeps: string; appliedAt: string }> = {
  scope: { who: 'every role', keeps: 'only children in the principal’s scope (the scope table), at the moment of the request', appliedAt: 'kit access/scope.ts: `child(id)`, `children`, every `_entities` reference and every write' },
  ownRecord: { who: 'care_leaver', keeps: 'exactly `childId`; any other id answers like an unknown one', appliedAt: 'kit access/scope.ts (the scope of a care leaver)' },
  sinceAge16: { who: 'personal_adviser', keeps: 'case notes (and their chronology events) dated on or after the child’s 16th birthday', appliedAt: 'kit access/access-control.ts `keepDated`, from the case-note loader and the chronology loader' },
  voiceAsChosen: { who: 'the eight professional roles', keeps: 'voice entries whose author named that role, child in scope', appliedAt: 'kit access/access-control.ts `mayHear`, from the voice loader, chronology and playback' },
  ownCarers: { who: OWN_CARER_ROLES.join(', '), keeps: '`carer(id)` / `Carer` rows only for households linked to a child in scope (a foster carer: itself)', appliedAt: 'kit access/access-control.ts `keepCarers`, from the placements subgraph’s carer loader' },
  ownSchool: { who: 'designated_teacher', keeps: 'writes (enrolments, exclusions, attendance, PEPs) only at `schoolUrn`', appliedAt: 'kit access/access-control.ts `requireSchool`, in every education write' },
  agreement: { who: 'partner_agency', keeps: 'the cohort and field groups of agreement `agreement`, only while it is valid and only if its agency equals the token’s `agency`', appliedAt: 'kit access/access-control.ts `AccessControl.create`' },
  thirdPartyRedaction: { who: 'care_leaver', keeps: 'every marked span withheld in every field (overlapping spans merged, every occurrence of a marked phrase, titles included), with a typed reason', appliedAt: 'kit access/access-control.ts `redact`, from case notes and their chronology events' },
  auditTrail: { who: 'social_worker, team_manager', keeps: 'audit entries of their own actions (social worker) or of their team’s (team manager)', appliedAt: 'kit access/access-control.ts `auditTrailFilter`, in `accessEvents`' },
  familyContactWithheld: { who: 'care_leaver', keeps: 'family members’ names and relationships; their addresses, contact details and dates of birth withheld with a typed reason', appliedAt: 'kit access/access-control.ts `withholdsFamilyContact`, from the family member fields' },
};
