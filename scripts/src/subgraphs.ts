import type { SubgraphDefinition } from '@caregraph/kit';
import { children } from '@caregraph/children';

/** The four subgraphs, in the order they start. */
export const SUBGRAPH_DEFINITIONS: SubgraphDefinition[] = [children as SubgraphDefinition];
