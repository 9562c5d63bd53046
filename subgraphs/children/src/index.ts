export { children } from './subgraph.js';
export * from './orm.js';
