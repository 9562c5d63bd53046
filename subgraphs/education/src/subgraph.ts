import type { SubgraphDefinition } from '@caregraph/kit';
import { buildSchema } from './schema.js';
import { createLoaders, type EducationLoaders } from './loaders.js';
import { ormSettings } from './orm.js';
import { seedDemo } from './demo.seed.js';

export const education: SubgraphDefinition<EducationLoaders> = {
  name: 'education',
  defaultPort: 4003,
  ormSettings,
  buildSchema,
  createLoaders,
  seedDemo,
};
