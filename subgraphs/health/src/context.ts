import type { RequestContext } from '@caregraph/kit';
import type { HealthLoaders } from './loaders.js';

export type Context = RequestContext<HealthLoaders>;
