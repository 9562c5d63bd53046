import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { SUPERGRAPH_PATH, apiSchema } from '@caregraph/schema';
import { childIdsOf, fuzzRequests, judge, sendFuzz, type FuzzRequest } from '../../scripts/src/fuzz.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { bearer, principal } from '../helpers/identity.js';

/**
 * Property: whatever a client sends, the hub answers by its contract (issue 10, README "Errors"): no HTTP
 * 5xx, no INTERNAL_SERVER_ERROR, every error coded from schema/src/errors.ts, and no generated string value
 * quoted in an error message. About 1,000 requests generated from the supergraph (scripts/src/fuzz.ts, the
 * generator `npm run fuzz` runs longer); a failure prints fast-check's seed and the shrunk request.
 */
let hub: TestHub;
let childIds: string[];
const token = async (p: Parameters<typeof bearer>[0]) => (await bearer(p)).authorization!.slice('Bearer '.length);

beforeAll(async () => {
  hub = await startTestHub({ stories: 3 });
  childIds = await childIdsOf(hub.gatewayUrl, await token(principal('dpo')));
}, 120_000);
afterAll(() => hub.stop());

it('answers 1,000 generated requests by the contract', async () => {
  const schema = apiSchema(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  expect(childIds.length).toBeGreaterThan(0);
  const seen = new Set<string>();
  await fc.assert(
    fc.asyncProperty(fuzzRequests({ schema, childIds }), async (req: FuzzRequest) => {
      seen.add(req.kind);
      const answer = await sendFuzz(hub.gatewayUrl, req, token);
      const findings = judge(req, answer);
      if (findings.length) throw new Error(`${findings.join(', ')}: HTTP ${answer.status} ${answer.text.slice(0, 500)}`);
    }),
    { numRuns: 1000, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
  );
  // Every kind of request was tried.
  expect([...seen].sort()).toEqual(['batch', 'content-type', 'get', 'malformed-json', 'operation', 'several-operations', 'subscription', 'syntax', 'wrong-shape']);
}, 300_000);
