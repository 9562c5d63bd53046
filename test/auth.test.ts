import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from 'jose';
import { signIdentity } from '@caregraph/kit';
import { createAuthenticator } from '../gateway/src/auth.js';
import { ensureLocalKeys, LOCAL_ALGORITHM, LOCAL_AUDIENCE, LOCAL_ISSUER, signToken } from '../scripts/src/keys.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { bearer, principal } from './helpers/identity.js';
import { codes } from './helpers/http.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ stories: 5 });
}, 120_000);
afterAll(() => hub.stop());

const QUERY = `{ children(first: 1) { edges { node { id legalGivenName } } } }`;

describe('identity at the gateway', () => {
  it('answers a valid token', async () => {
    const r = await hub.raw(QUERY, {}, await bearer(principal('dpo')));
    expect(r.status).toBe(200);
    expect(r.data?.children.edges).toHaveLength(1);
  });

  it.each([
    ['no token', async () => ({})],
    ['a malformed header', async () => ({ authorization: 'Basic abc' })],
    ['a forged signature', async () => bearer(principal('dpo'), { key: (await generateKeyPair('ES256')).privateKey })],
    ['an expired token', async () => bearer(principal('dpo'), { ttlSeconds: -60 })],
    ['another issuer', async () => bearer(principal('dpo'), { issuer: 'someone-else' })],
    ['an unknown role', async () => bearer(principal('dpo'), { extraClaims: { role: 'superuser' } })],
    ['a malformed LA claim', async () => bearer(principal('dpo'), { extraClaims: { la: 'not-an-la' } })],
  ])('refuses %s with HTTP 401 UNAUTHENTICATED and resolves nothing', async (_name, headers) => {
    hub.resetSql();
    const r = await hub.raw(QUERY, {}, await headers());
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.data ?? null).toBeNull();
    expect(Object.values(hub.sqlCounts()).every((n) => n === 0)).toBe(true);
  });
});

describe('subgraphs called directly', () => {
  const names = ['children', 'placements', 'education', 'health'];

  it.each(names)('%s refuses a request without the forwarded identity, _service included', async (name) => {
    const sg = hub.subgraphs[name]!;
    for (const query of [`{ _service { sdl } }`, `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`]) {
      const r = await sg.raw(query, { r: [{ __typename: 'Child', id: '00000000-0000-4000-8000-000000000000' }] });
      expect(r.status).toBe(401);
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      expect(r.data ?? null).toBeNull();
    }
  });

  it.each(names)('%s refuses an identity not signed by the gateway', async (name) => {
    const forged = await signIdentity(principal('dpo'), 'a-different-secret-that-is-long-enough-0123');
    const r = await hub.subgraphs[name]!.raw(`{ _service { sdl } }`, {}, { 'x-caregraph-identity': forged });
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('npm run token', () => {
  it('signs tokens the gateway accepts with the local key', async () => {
    const keys = await ensureLocalKeys(join(mkdtempSync(join(tmpdir(), 'cg-keys-')), 'keys'));
    const token = await signToken(keys.privateKeyPem, principal('foster_carer', { sub: 'carer-001' }), 60);
    const authenticate = await createAuthenticator({ issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithm: LOCAL_ALGORITHM, publicKey: keys.publicKeyPem });
    await expect(authenticate(`Bearer ${token}`)).resolves.toMatchObject({ role: 'foster_carer', sub: 'carer-001' });
    const again = await ensureLocalKeys(keys.publicKeyFile.replace('/jwt-public.pem', ''));
    expect(again.publicKeyPem).toBe(keys.publicKeyPem);
  });

  it('refuses an unknown role', async () => {
    const keys = await ensureLocalKeys(join(mkdtempSync(join(tmpdir(), 'cg-keys-')), 'keys'));
    await expect(signToken(keys.privateKeyPem, { ...principal('dpo'), role: 'root' as never }, 60)).rejects.toThrow();
  });
});

