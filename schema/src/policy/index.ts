export * from './roles.js';
export * from './field-groups.js';
export * from './grants.js';
export * from './scopes.js';
export * from './policy.js';
export * from './coordinates.js';
export * from './row-rules.js';
export * from './redaction.js';
