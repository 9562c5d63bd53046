import { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { principalSchema, type Principal } from '@caregraph/schema';
import { CodedError } from './errors.js';

/** The header through which the gateway hands the verified principal to a subgraph. */
export const IDENTITY_HEADER = 'x-caregraph-identity';
/** Field groups the gateway pruned from the request, for the audit trail (only names of groups, never data). */
export const DENIED_HEADER = 'x-caregraph-denied';
const ISSUER = 'caregraph-gateway';
const AUDIENCE = 'caregraph-subgraphs';
/** Long enough for one request's fetches, short enough to be useless if captured. */
const TTL_SECONDS = 60;

/**
 * The HMAC key, imported once per secret: handing jose the raw bytes makes it import them into WebCrypto on
 * every sign and verify, which was most of the identity's cost per request (the key is the service's, not a user's).
 */
const keys = new Map<string, Promise<CryptoKey>>();
function key(secret: string): Promise<CryptoKey> {
  let imported = keys.get(secret);
  if (!imported) {
    imported = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']) as Promise<CryptoKey>;
    keys.set(secret, imported);
  }
  return imported;
}

/** Signed by the gateway after it has verified the caller's own token. */
export async function signIdentity(principal: Principal, secret: string): Promise<string> {
  return new SignJWT({ ...principal })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${TTL_SECONDS}s`)
    .sign(await key(secret));
}

export class UnauthenticatedError extends CodedError {
  constructor(message = 'A valid identity is required') {
    super('UNAUTHENTICATED', message, { http: { status: 401 } });
  }
}

/** A subgraph accepts only what the gateway signed: no header, a bad signature or an expired identity is 401. */
export async function verifyIdentity(header: string | string[] | undefined, secret: string): Promise<Principal> {
  if (typeof header !== 'string' || header.length === 0) throw new UnauthenticatedError();
  try {
    const { payload } = await jwtVerify(header, await key(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    return principalSchema.parse(payload);
  } catch {
    throw new UnauthenticatedError();
  }
}
