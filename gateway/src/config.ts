import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { baseEnvSchema, identitySecretSchema, parseEnv } from '@caregraph/kit';
import type { AuthConfig } from './auth.js';
import { SUBGRAPHS, defaultRoutingUrl, type SubgraphName } from '@caregraph/schema';

const gatewayEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  CHILDREN_URL: z.string().url().optional(),
  PLACEMENTS_URL: z.string().url().optional(),
  EDUCATION_URL: z.string().url().optional(),
  HEALTH_URL: z.string().url().optional(),
  HUB_INTERNAL_SECRET: identitySecretSchema,
  AUTH_ISSUER: z.string().min(1),
  AUTH_AUDIENCE: z.string().min(1),
  AUTH_ALGORITHM: z.enum(['ES256', 'RS256', 'EdDSA']).default('ES256'),
  AUTH_PUBLIC_KEY: z.string().optional(),
  AUTH_PUBLIC_KEY_FILE: z.string().optional(),
  AUTH_JWKS_URL: z.string().url().optional(),
});

export interface GatewayConfig {
  port: number;
  host: string;
  isDev: boolean;
  logLevel: string;
  /** Where each subgraph answers; overrides the routing URL written in the committed supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  auth: AuthConfig;
  identitySecret: string;
}

export function loadGatewayConfig(env = process.env): GatewayConfig {
  const parsed = parseEnv(gatewayEnvSchema, env);
  const urls = Object.fromEntries(
    SUBGRAPHS.map((s) => [s.name, parsed[`${s.name.toUpperCase()}_URL` as 'CHILDREN_URL'] ?? defaultRoutingUrl(s.port)]),
  ) as Record<SubgraphName, string>;
  const publicKey = parsed.AUTH_PUBLIC_KEY ?? (parsed.AUTH_PUBLIC_KEY_FILE ? readFileSync(parsed.AUTH_PUBLIC_KEY_FILE, 'utf8') : undefined);
  if (!publicKey && !parsed.AUTH_JWKS_URL) {
    throw new Error('invalid configuration: set AUTH_JWKS_URL, AUTH_PUBLIC_KEY or AUTH_PUBLIC_KEY_FILE');
  }
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    isDev: parsed.NODE_ENV === 'development',
    logLevel: parsed.LOG_LEVEL,
    subgraphUrls: urls,
    identitySecret: parsed.HUB_INTERNAL_SECRET,
    auth: { issuer: parsed.AUTH_ISSUER, audience: parsed.AUTH_AUDIENCE, algorithm: parsed.AUTH_ALGORITHM, publicKey, jwksUrl: parsed.AUTH_JWKS_URL },
  };
}
