import { readFileSync } from 'node:fs';
import { SUPERGRAPH_PATH, subgraphSdlPath } from '@caregraph/schema';
import { composeAll } from '../scripts/src/compose.js';

describe('the committed schema artifacts', () => {
  it('compose without errors and match schema/ (run `npm run compose` after a schema change)', async () => {
    const { subgraphs, supergraph } = await composeAll();
    for (const [name, sdl] of Object.entries(subgraphs)) {
      expect(readFileSync(subgraphSdlPath(name), 'utf8')).toBe(sdl);
    }
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(supergraph);
  });
});
