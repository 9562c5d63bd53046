import type { RequestContext } from '@caregraph/kit';
import type { PlacementsLoaders } from './loaders.js';

export type Context = RequestContext<PlacementsLoaders>;
