import { createGateway, loadGatewayConfig, type Gateway } from '@caregraph/gateway';
import { loadSubgraphConfig } from '@caregraph/kit';
import { readSupergraph } from '@caregraph/schema';
import { bearer, gatewayAuthEnv, principal } from '../helpers/identity.js';
import { postGraphQL } from '../helpers/http.js';

/** Issue 9: with NODE_ENV unset every service behaves as in production; development must be asked for. */
let gateway: Gateway;
let url: string;

beforeAll(async () => {
  const env: Record<string, string> = { ...(await gatewayAuthEnv()), LOG_LEVEL: 'silent' };
  expect(env.NODE_ENV).toBeUndefined();
  gateway = await createGateway(loadGatewayConfig(env), readSupergraph());
  url = `http://127.0.0.1:${await gateway.listen(0)}/graphql`;
});
afterAll(() => gateway?.stop());

describe('production is the default', () => {
  it('reads an unset NODE_ENV as production in the gateway and the subgraphs', async () => {
    expect(loadGatewayConfig({ ...(await gatewayAuthEnv()) }).isDev).toBe(false);
    const sub = loadSubgraphConfig('children', 4001, { DATABASE_URL: 'postgres://x@127.0.0.1:1/x', HUB_INTERNAL_SECRET: 'x'.repeat(32) });
    expect(sub.isDev).toBe(false);
    expect(loadGatewayConfig({ ...(await gatewayAuthEnv()), NODE_ENV: 'development' }).isDev).toBe(true);
  });

  it('accepts no AUTHORIZATION switch at all', () => {
    const sub = loadSubgraphConfig('children', 4001, { DATABASE_URL: 'postgres://x@127.0.0.1:1/x', HUB_INTERNAL_SECRET: 'x'.repeat(32), AUTHORIZATION: 'off' });
    expect(sub).not.toHaveProperty('authorization');
  });

  it('refuses introspection from a gateway started without NODE_ENV', async () => {
    const r = await postGraphQL(url, '{ __schema { types { name } } }', {}, await bearer(principal('dpo')));
    expect(r.data?.__schema ?? null).toBeNull();
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(r.errors!.every((e) => e.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
  });

  it('sends no stack trace or internals with an error', async () => {
    const r = await postGraphQL(url, '{ child(id: "nope") { id', {}, await bearer(principal('dpo')));
    for (const e of r.errors ?? []) {
      expect(Object.keys(e.extensions ?? {})).toEqual(['code']);
      expect(JSON.stringify(e)).not.toMatch(/stacktrace|at .*\.js:\d+/);
    }
    expect(r.errors?.length).toBeGreaterThan(0);
  });
});
