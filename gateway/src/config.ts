import { z } from 'zod';
import { baseEnvSchema, parseEnv } from '@caregraph/kit';
import { SUBGRAPHS, defaultRoutingUrl, type SubgraphName } from '@caregraph/schema';

const gatewayEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  CHILDREN_URL: z.string().url().optional(),
  PLACEMENTS_URL: z.string().url().optional(),
  EDUCATION_URL: z.string().url().optional(),
  HEALTH_URL: z.string().url().optional(),
});

export interface GatewayConfig {
  port: number;
  host: string;
  isDev: boolean;
  logLevel: string;
  /** Where each subgraph answers; overrides the routing URL written in the committed supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
}

export function loadGatewayConfig(env = process.env): GatewayConfig {
  const parsed = parseEnv(gatewayEnvSchema, env);
  const urls = Object.fromEntries(
    SUBGRAPHS.map((s) => [s.name, parsed[`${s.name.toUpperCase()}_URL` as 'CHILDREN_URL'] ?? defaultRoutingUrl(s.port)]),
  ) as Record<SubgraphName, string>;
  return { port: parsed.PORT, host: parsed.HOST, isDev: parsed.NODE_ENV === 'development', logLevel: parsed.LOG_LEVEL, subgraphUrls: urls };
}
