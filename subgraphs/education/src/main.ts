import 'reflect-metadata';
import { runSubgraph } from '@caregraph/kit';
import { education } from './subgraph.js';

await runSubgraph(education);
