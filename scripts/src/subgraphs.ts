import type { SubgraphDefinition } from '@caregraph/kit';
import { children } from '@caregraph/children';
import { placements } from '@caregraph/placements';
import { education } from '@caregraph/education';
import { health } from '@caregraph/health';

/** The four subgraphs, in the order of schema/src/supergraph.ts SUBGRAPHS. */
export const SUBGRAPH_DEFINITIONS = [children, placements, education, health] as SubgraphDefinition[];
