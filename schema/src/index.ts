export * from './errors.js';
export * from './supergraph.js';
export * from './codes.js';
export * from './codes.placements.js';
export * from './codes.education.js';
export * from './codes.health.js';
export * from './policy/index.js';
