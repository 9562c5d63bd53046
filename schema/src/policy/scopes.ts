import type { Principal, Role } from './roles.js';

/**
 * Relations between a subject and a child, recorded as time-bounded tuples (subject, relation, child,
 * valid from, valid to) by the subgraph that owns the relationship, in the same transaction as the change.
 */
export const RELATIONS = {
  social_worker: 'children: the allocated social worker (subject: worker id)',
  team: 'children: the allocated social worker’s team (subject: team id)',
  iro: 'children: the independent reviewing officer (subject: worker id)',
  personal_adviser: 'children: the personal adviser (subject: worker id)',
  la_child: 'children: every child on the local authority’s records (subject: LA code)',
  carer: 'placements: the carer of the current placement (subject: carer id)',
  looked_after: 'placements: currently looked after by the LA (subject: LA code)',
  previously_looked_after: 'placements: looked after in the past (subject: LA code)',
  on_roll: 'education: on the roll of a school (subject: URN)',
  agreement_cohort: 'children: named in a data-sharing agreement’s cohort (subject: agreement id)',
} as const;
export type Relation = keyof typeof RELATIONS;

export interface ScopeRule {
  relation: Relation;
  subject: (p: Principal) => string | undefined;
}

/** A role's scope: the children it may see at all. `self` is the care leaver's own record; `none` sees no child. */
export type Scope = { kind: 'relations'; any: ScopeRule[]; description: string } | { kind: 'self' } | { kind: 'none' };

const via = (description: string, ...any: ScopeRule[]): Scope => ({ kind: 'relations', any, description });
const sub = (p: Principal) => p.sub;
const la = (p: Principal) => p.la;

export const SCOPES: Record<Role, Scope> = {
  social_worker: via('children currently allocated to them', { relation: 'social_worker', subject: sub }),
  team_manager: via('children allocated to anyone in their team', { relation: 'team', subject: (p) => p.team }),
  iro: via('children whose IRO they are', { relation: 'iro', subject: sub }),
  virtual_school: via('looked-after and previously looked-after children of the LA', { relation: 'looked_after', subject: la }, { relation: 'previously_looked_after', subject: la }),
  designated_teacher: via('children currently on their school’s roll', { relation: 'on_roll', subject: (p) => p.schoolUrn }),
  health_practitioner: via('looked-after children of the LA', { relation: 'looked_after', subject: la }),
  foster_carer: via('children currently placed with them', { relation: 'carer', subject: sub }),
  personal_adviser: via('care leavers allocated to them', { relation: 'personal_adviser', subject: sub }),
  partner_agency: via('the cohort of their active data-sharing agreement', { relation: 'agreement_cohort', subject: (p) => p.agreement }),
  care_leaver: { kind: 'self' },
  analyst: { kind: 'none' },
  dpo: via('all children of the LA', { relation: 'la_child', subject: la }),
};
