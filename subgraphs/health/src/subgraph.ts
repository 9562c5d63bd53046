import type { SubgraphDefinition } from '@caregraph/kit';
import { buildSchema } from './schema.js';
import { createLoaders, type HealthLoaders } from './loaders.js';
import { ormSettings } from './orm.js';
import { seedDemo } from './demo.seed.js';

export const health: SubgraphDefinition<HealthLoaders> = {
  name: 'health',
  defaultPort: 4004,
  ormSettings,
  buildSchema,
  createLoaders,
  seedDemo,
};
