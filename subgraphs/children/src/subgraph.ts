import type { SubgraphDefinition } from '@caregraph/kit';
import { buildSchema } from './schema.js';
import { createLoaders, type ChildrenLoaders } from './loaders.js';
import { ormSettings } from './orm.js';
import { seedDemo } from './demo.seed.js';
import { voiceRoutes } from './voice/voice.routes.js';

export const children: SubgraphDefinition<ChildrenLoaders> = {
  name: 'children',
  defaultPort: 4001,
  ormSettings,
  buildSchema,
  createLoaders,
  seedDemo,
  routes: voiceRoutes,
};
