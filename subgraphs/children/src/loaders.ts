import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderByGroup, loaderById, readRows, type AccessControl, type Peers } from '@caregraph/kit';
import { createOwnEventsLoader } from './chronology/chronology.events.js';
import { createPeerEventsLoader } from './chronology/chronology.peers.js';
import { createRecordViewsLoader } from './access-log/access-log.resolver.js';
import { Annotation } from './annotation/annotation.entity.js';
import { Child } from './child/child.entity.js';
import { LegalStatusPeriod } from './legal-status/legal-status-period.entity.js';
import { Allocation } from './allocation/allocation.entity.js';
import { FamilyMember } from './family/family-member.entity.js';
import { CaseNote } from './case-note/case-note.entity.js';
import { MissingEpisode } from './missing/missing-episode.entity.js';
import { CareLeaverStatus } from './care-leaver/care-leaver-status.entity.js';
import { VoiceEntry } from './voice/voice-entry.entity.js';

/** One set per request (see RequestContext); each loader is one SQL statement per batch. */
export function createLoaders(em: EntityManager, access: AccessControl, peers: Peers) {
  const of = (ids: readonly string[]) => ({ child: { $in: [...ids] } });
  return {
    childById: loaderById((ids) => readRows(em, Child, { id: { $in: [...ids] } }), (c) => c.id),
    legalStatusesByChild: loaderByGroup(
      (ids) => readRows(em, LegalStatusPeriod, of(ids), { orderBy: { startDate: 'asc' } }),
      (r) => r.child.id,
    ),
    allocationsByChild: loaderByGroup(
      (ids) => readRows(em, Allocation, of(ids), { orderBy: { startDate: 'asc' } }),
      (r) => r.child.id,
    ),
    familyByChild: loaderByGroup((ids) => readRows(em, FamilyMember, of(ids), { orderBy: { id: 'asc' } }), (r) => r.child.id),
    caseNotesByChild: loaderByGroup(
      (ids) => readRows(em, CaseNote, of(ids), { orderBy: { occurredOn: 'asc', id: 'asc' } }),
      (r) => r.child.id,
    ),
    missingByChild: loaderByGroup(
      (ids) => readRows(em, MissingEpisode, of(ids), { orderBy: { startDate: 'asc' } }),
      (r) => r.child.id,
    ),
    careLeaverByChild: loaderById((ids) => readRows(em, CareLeaverStatus, of(ids)), (r) => r.child.id),
    /** Every entry of the child (never the audio bytes); resolvers keep the ones the reader may see (voice.access.ts). */
    voiceEntriesByChild: loaderByGroup((ids) => readRows(em, VoiceEntry, of(ids), { orderBy: { createdAt: 'asc', id: 'asc' } }), (r) => r.child.id),
    ownEventsByChild: createOwnEventsLoader(em, access),
    /** The other subgraphs' parts of a chronology page, called directly with the page's bounds. */
    peerEventsByChild: createPeerEventsLoader(peers),
    annotationsByChild: loaderByGroup((ids) => readRows(em, Annotation, of(ids), { orderBy: { createdAt: 'asc' } }), (r) => r.child.id),
    recordViewsByChild: createRecordViewsLoader(em),
  };
}

export type ChildrenLoaders = ReturnType<typeof createLoaders>;
