export * from './errors.js';
export * from './supergraph.js';
export * from './codes.js';
