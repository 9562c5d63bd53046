import { FIELD_GROUPS, type FieldGroup } from './field-groups.js';
import { GRANTS, type Grant, type RowFilter } from './grants.js';
import type { Role } from './roles.js';

const explicit = new Map<string, FieldGroup>();
const wildcard = new Map<string, FieldGroup>();
for (const [group, { fields }] of Object.entries(FIELD_GROUPS) as [FieldGroup, { fields: readonly string[] }][]) {
  for (const coordinate of fields) {
    const [type, field] = coordinate.split('.') as [string, string];
    const index = field === '*' ? wildcard : explicit;
    const key = field === '*' ? type : coordinate;
    if (index.has(key)) throw new Error(`policy: ${coordinate} is in two field groups`);
    index.set(key, group);
  }
}

/** The field group a coordinate belongs to; undefined means no group names it (denied to everyone). */
export function groupOf(coordinate: string): FieldGroup | undefined {
  return explicit.get(coordinate) ?? wildcard.get(coordinate.split('.')[0]!);
}

function listed(list: readonly string[], coordinate: string): boolean {
  return list.includes(coordinate) || list.includes(`${coordinate.split('.')[0]}.*`);
}

/** The grant a role holds over a coordinate, if any. */
export function grantOf(role: Role, coordinate: string): Grant | undefined {
  const group = groupOf(coordinate);
  const grant = group ? GRANTS[role][group] : undefined;
  if (grant?.kind === 'limited' && !listed(grant.only, coordinate)) return undefined;
  return grant;
}

/**
 * Whether a principal in this role may read or call a coordinate at all (scope is a separate question).
 * A partner sees what the policy grants AND its active agreement names (`agreementGroups`; none once expired).
 */
export function allows(role: Role, coordinate: string, agreementGroups: readonly string[] = []): boolean {
  const grant = grantOf(role, coordinate);
  switch (grant?.kind) {
    case 'full':
    case 'self':
    case 'limited':
      return true;
    case 'agreement':
      return agreementGroups.includes(groupOf(coordinate)!);
    default:
      return false;
  }
}

/** Coordinates a role can never see whatever its scope or agreement: the gateway prunes these before planning. */
export function neverAllows(role: Role, coordinate: string): boolean {
  const grant = grantOf(role, coordinate);
  return grant === undefined || grant.kind === 'aggregate';
}

export function rowFilterOf(role: Role, coordinate: string): RowFilter | undefined {
  const grant = grantOf(role, coordinate);
  return grant?.kind === 'limited' ? grant.rows : undefined;
}
