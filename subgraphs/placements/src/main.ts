import 'reflect-metadata';
import { runSubgraph } from '@caregraph/kit';
import { placements } from './subgraph.js';

await runSubgraph(placements);
