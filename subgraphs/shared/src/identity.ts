import { jwtVerify, SignJWT } from 'jose';
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

const key = (secret: string) => new TextEncoder().encode(secret);

/** Signed by the gateway after it has verified the caller's own token. */
export async function signIdentity(principal: Principal, secret: string): Promise<string> {
  return new SignJWT({ ...principal })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${TTL_SECONDS}s`)
    .sign(key(secret));
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
    const { payload } = await jwtVerify(header, key(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    return principalSchema.parse(payload);
  } catch {
    throw new UnauthenticatedError();
  }
}
