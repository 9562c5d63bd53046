import type { OrmSettings } from '@caregraph/kit';
import { Carer } from './carer/carer.entity.js';
import { Placement } from './placement/placement.entity.js';
import { Episode } from './episode/episode.entity.js';
import { AdoptionDecision, PlacedForAdoption, PreviousPermanence } from './ssda903/permanence.entity.js';
import { migrations } from './migrations/index.js';

/** The PostgreSQL schema this subgraph owns; no other subgraph reads it. */
export const SCHEMA = 'placements';

export const entities = [Carer, Placement, Episode, PreviousPermanence, PlacedForAdoption, AdoptionDecision];

export function ormSettings(databaseUrl: string, onQuery?: (sql: string) => void): OrmSettings {
  return { databaseUrl, schema: SCHEMA, entities, migrations, onQuery };
}
