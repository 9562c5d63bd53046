import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/src/embedded-postgres.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { codes, postGraphQL } from '../helpers/http.js';
import { bearer, gatewayAuthEnv, principal } from '../helpers/identity.js';

/**
 * deploy/hive/gateway.config.mjs: the committed supergraph on Hive Gateway's own CLI, in front of the same
 * subgraphs, with the same identity forwarding. It must answer what the Apollo gateway answers, refuse a request
 * without a valid token before anything runs, and apply the same limits.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let hub: TestHub;
let hive: ChildProcess;
let hiveUrl: string;
let output = '';
beforeAll(async () => {
  hub = await startTestHub({ stories: 5 });
  const port = await freePort();
  const bin = join(dirname(createRequire(import.meta.url).resolve('@graphql-hive/gateway/package.json')), 'dist', 'bin.js');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NODE_ENV: 'production', FORK: '1', LOG_LEVEL: 'error', ...(await gatewayAuthEnv()) };
  for (const [name, sg] of Object.entries(hub.subgraphs)) env[`${name.toUpperCase()}_URL`] = sg.url;
  hive = spawn(process.execPath, [bin, 'supergraph', 'schema/supergraph.graphql', '-c', 'deploy/hive/gateway.config.mjs', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-4000));
  hive.stdout!.on('data', keep);
  hive.stderr!.on('data', keep);
  hiveUrl = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (hive.exitCode !== null) throw new Error(`Hive Gateway exited (${hive.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`Hive Gateway not ready:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readiness`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}, 240_000);
afterAll(async () => {
  if (hive && hive.exitCode === null) {
    const exited = new Promise((r) => hive.once('exit', r));
    hive.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (hive.exitCode === null) hive.kill('SIGKILL');
  }
  await hub?.stop();
});

const COMBINED = `{ children(first: 3) { edges { node { id legalGivenName placements { placementType } schoolEnrolments { urn } healthAssessments { kind } } } } }`;

test('the same combined view as the Apollo gateway, for the same verified principal', async () => {
  const dpo = await bearer(principal('dpo'));
  const viaApollo = await postGraphQL(hub.gatewayUrl, COMBINED, {}, dpo);
  const viaHive = await postGraphQL(hiveUrl, COMBINED, {}, dpo);
  expect(viaApollo.errors).toBeUndefined();
  expect(viaHive.errors).toBeUndefined();
  expect(viaHive.data).toEqual(viaApollo.data);
}, 30_000);

test('no token, or a forged one: 401 UNAUTHENTICATED, nothing resolved', async () => {
  const none = await postGraphQL(hiveUrl, COMBINED);
  expect(none.status).toBe(401);
  expect(codes(none)).toEqual(['UNAUTHENTICATED']);
  expect(none.data).toBeUndefined();
  const forged = await postGraphQL(hiveUrl, COMBINED, {}, { authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln' });
  expect(forged.status).toBe(401);
});

test('the same limits: a query nested past the depth limit is refused with QUERY_TOO_COMPLEX', async () => {
  const deep = `{ children(first: 1) { edges { node { placements { child { placements { child { placements { child { placements { child { id } } } } } } } } } } } }`;
  const r = await postGraphQL(hiveUrl, deep, {}, await bearer(principal('dpo')));
  expect(codes(r)).toContain('QUERY_TOO_COMPLEX');
  expect(r.data ?? null).toBeNull();
});
