export { placements } from './subgraph.js';
export * from './orm.js';
