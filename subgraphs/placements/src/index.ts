export { placements } from './subgraph.js';
export * from './orm.js';
export * from './ssda903/import.js';
