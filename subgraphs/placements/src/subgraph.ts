import type { SubgraphDefinition } from '@caregraph/kit';
import { buildSchema } from './schema.js';
import { createLoaders, type PlacementsLoaders } from './loaders.js';
import { ormSettings } from './orm.js';
import { seedDemo } from './demo.seed.js';

export const placements: SubgraphDefinition<PlacementsLoaders> = {
  name: 'placements',
  defaultPort: 4002,
  ormSettings,
  buildSchema,
  createLoaders,
  seedDemo,
};
