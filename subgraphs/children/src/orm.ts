import type { OrmSettings } from '@caregraph/kit';
import { Child } from './child/child.entity.js';
import { LegalStatusPeriod } from './legal-status/legal-status-period.entity.js';
import { Allocation } from './allocation/allocation.entity.js';
import { FamilyMember } from './family/family-member.entity.js';
import { CaseNote } from './case-note/case-note.entity.js';
import { MissingEpisode } from './missing/missing-episode.entity.js';
import { CareLeaverStatus } from './care-leaver/care-leaver-status.entity.js';
import { Annotation } from './annotation/annotation.entity.js';
import { VoiceEntry } from './voice/voice-entry.entity.js';
import { VoiceAudio } from './voice/voice-audio.entity.js';
import { Ssda903Child, Ssda903Conviction, Ssda903SwReason } from './ssda903/detail.entity.js';
import { migrations } from './migrations/index.js';

/** The PostgreSQL schema this subgraph owns; no other subgraph reads it. */
export const SCHEMA = 'children';

export const entities = [
  Child, LegalStatusPeriod, Allocation, FamilyMember, CaseNote, MissingEpisode, CareLeaverStatus, Annotation, VoiceEntry, VoiceAudio,
  Ssda903Child, Ssda903Conviction, Ssda903SwReason,
];

export function ormSettings(databaseUrl: string, onQuery?: (sql: string) => void): OrmSettings {
  return { databaseUrl, schema: SCHEMA, entities, migrations, onQuery };
}
