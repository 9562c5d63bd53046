// The policy mutation test (npm run test:mutations): the oracle of test/policy against every single-cell change
// of the grants and the removal of each row rule. Slow (a few minutes), so outside the default `npm test`.
import base from '../../jest.config.js';

export default {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/mutations'],
  testMatch: ['**/test/mutations/*.run.ts'],
  testTimeout: 1_800_000,
  maxWorkers: 1,
};
