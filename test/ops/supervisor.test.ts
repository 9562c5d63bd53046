import type { SupervisedHub } from '../../scripts/src/hub.js';
import { codes, postGraphQL, type GraphQLResponse } from '../helpers/http.js';
import { bearer, principal } from '../helpers/identity.js';
import { startProcessHub } from '../helpers/processes.js';

/**
 * kill -9 of a subgraph while requests are running, under the process supervisor `npm start` uses: every
 * response is either whole or the other subgraphs' data with SERVICE_UNAVAILABLE at the missing paths (never a
 * 5xx, never another code), the supervisor restarts the subgraph (logged), and the hub is whole again.
 */
const COMBINED = `{ children(first: 4) { edges { node { id legalGivenName placements { placementType } schoolEnrolments { urn } } } } }`;

let hub: SupervisedHub;
const events: string[] = [];
beforeAll(async () => {
  hub = await startProcessHub({ stories: 5, log: (line) => events.push(line) });
}, 120_000);
afterAll(async () => {
  await hub?.stop();
});

const isWhole = (r: GraphQLResponse) => r.status === 200 && r.errors === undefined && r.data?.children.edges.length === 4;
const isDegraded = (r: GraphQLResponse) =>
  r.status === 200 &&
  r.data?.children.edges.length === 4 &&
  r.data.children.edges.every((e: { node: Record<string, unknown> }) => typeof e.node.legalGivenName === 'string' && Array.isArray(e.node.schoolEnrolments) && e.node.placements === null) &&
  codes(r).every((c) => c === 'SERVICE_UNAVAILABLE') &&
  r.errors!.every((e) => e.path?.at(-1) === 'placements');

test('a subgraph killed during concurrent requests: whole or degraded answers only, restarted with a log line, whole again', async () => {
  const dpo = await bearer(principal('dpo'));
  const first = await postGraphQL(hub.gatewayUrl, COMBINED, {}, dpo);
  expect(isWhole(first)).toBe(true);
  const pid = hub.pid('placements')!;

  // Four clients keep asking while the subgraph is killed, until the hub has been whole again for a while.
  const answers: GraphQLResponse[] = [];
  let done = false;
  const clients = Array.from({ length: 4 }, async () => {
    while (!done) answers.push(await postGraphQL(hub.gatewayUrl, COMBINED, {}, dpo));
  });
  await new Promise((r) => setTimeout(r, 300));
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !(hub.restarts().placements === 1 && isWhole(await postGraphQL(hub.gatewayUrl, COMBINED, {}, dpo)))) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300));
  done = true;
  await Promise.all(clients);

  expect(hub.restarts()).toEqual({ children: 0, placements: 1, education: 0, health: 0, gateway: 0 });
  expect(hub.pid('placements')).not.toBe(pid);
  expect(events.some((e) => /placements exited \(SIGKILL\); restarting/.test(e))).toBe(true);
  expect(events.some((e) => /placements restarted/.test(e))).toBe(true);
  const unexpected = answers.filter((r) => !isWhole(r) && !isDegraded(r));
  expect(unexpected).toEqual([]);
  expect(answers.some(isDegraded)).toBe(true);
  expect(isWhole(answers.at(-1)!)).toBe(true);
}, 60_000);
