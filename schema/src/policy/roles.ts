import { z } from 'zod';

/** The twelve roles of policy.md. A token naming any other role is refused (401). */
export const ROLES = [
  'social_worker', 'team_manager', 'iro', 'virtual_school', 'designated_teacher', 'health_practitioner',
  'foster_carer', 'personal_adviser', 'partner_agency', 'care_leaver', 'analyst', 'dpo',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_ABBREVIATIONS: Record<Role, string> = {
  social_worker: 'SW', team_manager: 'TM', iro: 'IRO', virtual_school: 'VS', designated_teacher: 'DT',
  health_practitioner: 'HP', foster_carer: 'FC', personal_adviser: 'PA', partner_agency: 'PARTNER',
  care_leaver: 'CL', analyst: 'AN', dpo: 'DPO',
};

/** The claims that decide access (policy.md, "Principals"). */
export const principalSchema = z.object({
  sub: z.string().min(1).max(200),
  role: z.enum(ROLES),
  la: z.string().regex(/^E\d{8}$/),
  team: z.string().max(100).optional(),
  childId: z.string().uuid().optional(),
  schoolUrn: z.string().regex(/^\d{6}$/).optional(),
  agency: z.string().max(100).optional(),
  agreement: z.string().max(100).optional(),
  purpose: z.string().max(200).optional(),
});
export type Principal = z.infer<typeof principalSchema>;
