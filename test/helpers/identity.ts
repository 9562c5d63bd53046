import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { signIdentity } from '@caregraph/kit';
import { DEMO_LA } from '@caregraph/demo';
import type { Principal } from '@caregraph/schema';

/** Test-only identity material: a fresh key pair per test file, never the hub's .data/keys. */
export const TEST_SECRET = 'test-internal-secret-of-at-least-32-characters';
export const TEST_ISSUER = 'caregraph-test';
export const TEST_AUDIENCE = 'caregraph';

const keys = generateKeyPair('ES256', { extractable: true });

export async function gatewayAuthEnv(): Promise<Record<string, string>> {
  return {
    HUB_INTERNAL_SECRET: TEST_SECRET,
    AUTH_ISSUER: TEST_ISSUER,
    AUTH_AUDIENCE: TEST_AUDIENCE,
    AUTH_ALGORITHM: 'ES256',
    AUTH_PUBLIC_KEY: await exportSPKI((await keys).publicKey),
  };
}

export const principal = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({
  sub: `${role}-test`,
  role,
  la: DEMO_LA,
  ...extra,
});

/**
 * Principals the policy lets write (policy.md; grants.ts `write*`), for mutation tests. Each writes only about
 * children in its scope: put them there with `TestSubgraph.inScope` (a relationship tuple, as in production).
 */
export const WRITERS = {
  /** writeRecords and writePlacements: an allocated social worker. */
  records: principal('social_worker', { sub: 'sw-writer' }),
  /** writeEducation at any school: the virtual school (a designated teacher writes only at its own school). */
  education: principal('virtual_school', { sub: 'vs-writer' }),
  /** writeHealth: a looked-after children's nurse. */
  health: principal('health_practitioner', { sub: 'hp-writer' }),
} satisfies Record<string, Principal>;

/** A client's bearer token, as an identity provider would issue it. */
export async function bearer(
  p: Principal,
  opts: { ttlSeconds?: number; issuer?: string; key?: CryptoKey; extraClaims?: Record<string, unknown> } = {},
): Promise<Record<string, string>> {
  const token = await new SignJWT({ ...p, ...opts.extraClaims })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(opts.issuer ?? TEST_ISSUER)
    .setAudience(TEST_AUDIENCE)
    .setSubject(p.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (opts.ttlSeconds ?? 300))
    .sign(opts.key ?? (await keys).privateKey);
  return { authorization: `Bearer ${token}` };
}

/** The identity header the gateway would forward to a subgraph. */
export async function forwarded(p: Principal): Promise<Record<string, string>> {
  return { 'x-caregraph-identity': await signIdentity(p, TEST_SECRET) };
}

/** A local authority other than the demo's. */
export const OTHER_LA = 'E09000001';

/**
 * One principal per role that has no demo child in scope: subjects that hold no relationship, another LA, an
 * agreement that does not exist, a care leaver whose record is another id.
 */
export function outOfScopePrincipals(): Record<Principal['role'], Principal> {
  return {
    social_worker: principal('social_worker', { sub: 'sw-nobody' }),
    team_manager: principal('team_manager', { team: 'team-nobody' }),
    iro: principal('iro', { sub: 'iro-nobody' }),
    virtual_school: principal('virtual_school', { la: OTHER_LA }),
    designated_teacher: principal('designated_teacher', { schoolUrn: '999999' }),
    health_practitioner: principal('health_practitioner', { la: OTHER_LA }),
    foster_carer: principal('foster_carer', { sub: 'carer-nobody' }),
    personal_adviser: principal('personal_adviser', { sub: 'pa-nobody' }),
    partner_agency: principal('partner_agency', { agency: 'Police', agreement: 'no-such-agreement' }),
    care_leaver: principal('care_leaver', { childId: '00000000-0000-4000-8000-000000000000' }),
    analyst: principal('analyst'),
    dpo: principal('dpo', { la: OTHER_LA }),
  };
}
