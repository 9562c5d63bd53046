// Lint (runs in `npm test`): typescript-eslint's recommended rules on every source and test file. Type-checking
// itself is tsc's (`tsc --build` for sources, `tsconfig.test.json` for tests); this catches what it does not.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'bench/results/**', 'deploy/**', '**/*.cjs', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Tests and GraphQL answers are loosely typed on purpose (`data` is JSON); the sources avoid `any` anyway.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // type-graphql and MikroORM declare classes and namespaces the way their decorators need.
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
    },
  },
);
