export * from './rng.js';
export * from './people.js';
export * from './story.js';
