import 'reflect-metadata';
import { runSubgraph } from '@caregraph/kit';
import { health } from './subgraph.js';

await runSubgraph(health);
