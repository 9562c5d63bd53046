import type { RequestContext } from '@caregraph/kit';
import type { EducationLoaders } from './loaders.js';

export type Context = RequestContext<EducationLoaders>;
