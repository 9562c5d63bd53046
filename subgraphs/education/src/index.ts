export { education } from './subgraph.js';
export * from './orm.js';
