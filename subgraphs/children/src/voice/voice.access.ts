import { BadUserInputError, type AccessControl } from '@caregraph/kit';
import { ROLES, allows, type Role } from '@caregraph/schema';

/** Always see every entry of the child: the child themself (as care leaver) and the DPO. */
export const IMPLICIT_ROLES: readonly Role[] = ['care_leaver', 'dpo'];

/** The roles a child can choose: every role the policy gives the voice group, apart from the implicit ones. */
export const CHOOSABLE_ROLES: readonly Role[] = ROLES.filter((r) => allows(r, 'Child.voiceEntries') && !IMPLICIT_ROLES.includes(r));

/** The child themself: a care leaver whose token names this child. */
export function isAuthor(access: AccessControl, childId: string): boolean {
  if (access.mode === 'off') return true;
  return access.principal.role === 'care_leaver' && access.principal.childId === childId;
}

/**
 * The row rule of the voice group: the author and the DPO see every entry, any other role only the entries
 * whose `visibleTo` names it. The field rule (policy) and the child's scope are checked before this.
 */
export function mayHear(access: AccessControl, entry: { childId: string; visibleTo: readonly string[] }): boolean {
  if (access.mode === 'off') return true;
  const { role } = access.principal;
  if (role === 'care_leaver') return isAuthor(access, entry.childId);
  return role === 'dpo' || entry.visibleTo.includes(role);
}

/**
 * The child's choice, checked: only known roles; the implicit ones are dropped (they always see it); a role
 * the policy never lets see voice entries is refused rather than silently meaning nothing.
 */
export function parseVisibleTo(values: readonly string[]): Role[] {
  if (values.length > ROLES.length) throw new BadUserInputError('visibleTo names too many roles', 'visibleTo');
  const chosen = new Set<string>();
  for (const value of values) {
    if (!(ROLES as readonly string[]).includes(value)) throw new BadUserInputError('visibleTo names an unknown role', 'visibleTo');
    if (IMPLICIT_ROLES.includes(value as Role)) continue;
    if (!CHOOSABLE_ROLES.includes(value as Role)) throw new BadUserInputError('visibleTo names a role that may never see voice entries', 'visibleTo');
    chosen.add(value);
  }
  return CHOOSABLE_ROLES.filter((r) => chosen.has(r));
}
