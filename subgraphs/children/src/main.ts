import 'reflect-metadata';
import { runSubgraph } from '@caregraph/kit';
import { children } from './subgraph.js';

await runSubgraph(children);
