import { randomBytes, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { principalSchema, type Principal } from '@caregraph/schema';

/** The embedded default's identity settings: a local issuer whose key pair lives under .data/keys. */
export const LOCAL_ISSUER = 'caregraph-local';
export const LOCAL_AUDIENCE = 'caregraph';
export const LOCAL_ALGORITHM = 'ES256';

export interface LocalKeys {
  privateKeyPem: string;
  publicKeyPem: string;
  publicKeyFile: string;
  /** Signs the identities the gateway forwards to subgraphs. */
  internalSecret: string;
}

/** Creates the local signing key and the internal secret on first use (files readable by the owner only). */
export async function ensureLocalKeys(dir: string): Promise<LocalKeys> {
  const files = { priv: join(dir, 'jwt-private.pem'), pub: join(dir, 'jwt-public.pem'), secret: join(dir, 'internal.secret') };
  if (!existsSync(files.priv)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = await generateKeyPair(LOCAL_ALGORITHM, { extractable: true });
    writeFileSync(files.priv, await exportPKCS8(privateKey), { mode: 0o600 });
    writeFileSync(files.pub, await exportSPKI(publicKey));
    writeFileSync(files.secret, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return {
    privateKeyPem: readFileSync(files.priv, 'utf8'),
    publicKeyPem: readFileSync(files.pub, 'utf8'),
    publicKeyFile: files.pub,
    internalSecret: readFileSync(files.secret, 'utf8'),
  };
}

/** A bearer token for any role, signed with the local key (what `npm run token` prints). */
export async function signToken(privateKeyPem: string, claims: Principal, ttlSeconds: number): Promise<string> {
  const principal = principalSchema.parse(claims);
  return new SignJWT({ ...principal })
    .setProtectedHeader({ alg: LOCAL_ALGORITHM })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(principal.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(await importPKCS8(privateKeyPem, LOCAL_ALGORITHM));
}

/** The environment the gateway and subgraphs need to trust the local key and each other. */
/**
 * The password of the services' database login under `npm start`, derived from the local internal secret so it
 * needs no file of its own (`HUB_INTERNAL_SECRET` never leaves this machine either).
 */
export function servicePassword(keys: LocalKeys): string {
  return createHmac('sha256', keys.internalSecret).update('caregraph_service database login').digest('base64url');
}

export function identityEnv(keys: LocalKeys): Record<string, string> {
  return {
    HUB_INTERNAL_SECRET: keys.internalSecret,
    AUTH_ISSUER: LOCAL_ISSUER,
    AUTH_AUDIENCE: LOCAL_AUDIENCE,
    AUTH_ALGORITHM: LOCAL_ALGORITHM,
    AUTH_PUBLIC_KEY: keys.publicKeyPem,
  };
}
