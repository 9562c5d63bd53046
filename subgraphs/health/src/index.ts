export { health } from './subgraph.js';
export * from './orm.js';
