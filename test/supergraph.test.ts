import { readFileSync } from 'node:fs';
import { POLICY_DOC_PATH, SUPERGRAPH_PATH, subgraphSdlPath } from '@caregraph/schema';
import { composeAll } from '../scripts/src/compose.js';

describe('the committed schema artifacts', () => {
  it('compose without errors and match schema/, POLICY.md included (run `npm run compose` after a change)', async () => {
    const { subgraphs, supergraph, policy } = await composeAll();
    for (const [name, sdl] of Object.entries(subgraphs)) {
      expect(readFileSync(subgraphSdlPath(name), 'utf8')).toBe(sdl);
    }
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(supergraph);
    expect(readFileSync(POLICY_DOC_PATH, 'utf8')).toBe(policy);
  });
});
