import { z } from 'zod';

/** Settings every service reads from the environment, parsed once; a bad value stops the process at start. */
export const baseEnvSchema = z.object({
  /** Production unless development is asked for: introspection, stack traces and full error extensions need it. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Loopback unless told otherwise (containers set 0.0.0.0). */
  HOST: z.string().default('127.0.0.1'),
});

/** The secret the gateway signs forwarded identities with; subgraphs verify with it. */
export const identitySecretSchema = z.string().min(32, 'must be at least 32 characters');

const subgraphEnvSchema = baseEnvSchema.extend({
  /** How the service connects: as the services' own login (not a superuser, owning nothing) in production. */
  DATABASE_URL: z.string().url(),
  /** The schemas' owner, for migrations at start; the services' login is then granted what requests need. */
  MIGRATION_DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535),
  HUB_INTERNAL_SECRET: identitySecretSchema,
});

export interface SubgraphConfig {
  name: string;
  databaseUrl: string;
  migrationDatabaseUrl?: string;
  port: number;
  host: string;
  isDev: boolean;
  logLevel: string;
  identitySecret: string;
}

export function parseEnv<T extends z.ZodTypeAny>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    // Names the variables only: values may be secrets.
    const bad = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${bad}`);
  }
  return parsed.data;
}

export function loadSubgraphConfig(name: string, defaultPort: number, env = process.env): SubgraphConfig {
  const parsed = parseEnv(subgraphEnvSchema, { PORT: String(defaultPort), ...env });
  return {
    identitySecret: parsed.HUB_INTERNAL_SECRET,
    name,
    databaseUrl: parsed.DATABASE_URL,
    migrationDatabaseUrl: parsed.MIGRATION_DATABASE_URL,
    port: parsed.PORT,
    host: parsed.HOST,
    isDev: parsed.NODE_ENV === 'development',
    logLevel: parsed.LOG_LEVEL,
  };
}
