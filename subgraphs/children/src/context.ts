import type { RequestContext } from '@caregraph/kit';
import type { ChildrenLoaders } from './loaders.js';

export type Context = RequestContext<ChildrenLoaders>;
