import { createRemoteJWKSet, importSPKI, jwtVerify, type JWTVerifyGetKey, type CryptoKey } from 'jose';
import { principalSchema, type Principal } from '@caregraph/schema';
import { UnauthenticatedError } from '@caregraph/kit';

export interface AuthConfig {
  issuer: string;
  audience: string;
  algorithm: string;
  /** PEM public key (the embedded default: generated under .data/keys on first start). */
  publicKey?: string;
  /** Or the identity provider's JWKS. */
  jwksUrl?: string;
}

/**
 * Verifies `Authorization: Bearer <JWT>`: signature, issuer, audience, expiry, and claims that name one of
 * the twelve roles. Anything else is UNAUTHENTICATED (HTTP 401) and nothing is resolved.
 */
export async function createAuthenticator(config: AuthConfig): Promise<(authorization: string | undefined) => Promise<Principal>> {
  const key: CryptoKey | JWTVerifyGetKey = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : await importSPKI(config.publicKey!, config.algorithm);
  return async (authorization) => {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) throw new UnauthenticatedError('A bearer token is required');
    try {
      const { payload } = await jwtVerify(token, key as CryptoKey, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: [config.algorithm],
        requiredClaims: ['exp', 'sub'],
      });
      return principalSchema.parse(payload);
    } catch {
      throw new UnauthenticatedError('The bearer token is not valid');
    }
  };
}
