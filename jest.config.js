// One jest run over every workspace: tests live in each workspace's test/ folder, TypeScript via swc
// (legacy decorators + metadata, as type-graphql and MikroORM need), native ESM.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'es6' },
};

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/schema', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/scripts', '<rootDir>/test', '<rootDir>/bench'],
  testMatch: ['**/test/**/*.test.ts'],
  modulePathIgnorePatterns: ['/dist/', '/.data/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@caregraph/kit$': '<rootDir>/subgraphs/shared/src/index.ts',
    '^@caregraph/(children|placements|education|health)$': '<rootDir>/subgraphs/$1/src/index.ts',
    '^@caregraph/(schema|demo|gateway)$': '<rootDir>/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 60_000,
  maxWorkers: 2,
};
