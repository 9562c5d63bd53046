import { BadUserInputError } from '@caregraph/kit';
import { ROLES, VOICE_CHOOSABLE_ROLES as CHOOSABLE_ROLES, VOICE_IMPLICIT_ROLES as IMPLICIT_ROLES, type Role } from '@caregraph/schema';

// The roles a child can choose come from the policy (input validation, not an access decision); who may hear an
// entry is the policy's row rule "voice as chosen", applied by the kit (`AccessControl.mayHear`).
export { CHOOSABLE_ROLES };

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
