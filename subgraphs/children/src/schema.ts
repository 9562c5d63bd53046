import { FamilyMemberResolver } from './family/family-member.resolver.js';
import { buildFederatedSchema } from '@caregraph/kit';
import { ChildConnectionResolver, ChildResolver, resolveChildReference } from './child/child.resolver.js';
import { LegalStatusResolver } from './legal-status/legal-status.resolver.js';
import { AllocationResolver } from './allocation/allocation.resolver.js';
import { CaseNoteResolver } from './case-note/case-note.resolver.js';
import { MissingEpisodeResolver } from './missing/missing-episode.resolver.js';
import { AccessEventResolver } from './audit/access-event.resolver.js';
import { ChronologyResolver } from './chronology/chronology.resolver.js';
import { CodeListResolver } from './code-list/code-list.resolver.js';
import { AnnotationResolver, ChildAnnotationsResolver } from './annotation/annotation.resolver.js';
import { AccessLogResolver } from './access-log/access-log.resolver.js';
import { DataSharingAgreementResolver } from './agreement/agreement.resolver.js';
import { ChildVoiceResolver, VoiceEntryResolver } from './voice/voice.resolver.js';


export function buildSchema() {
  return buildFederatedSchema(
    { resolvers: [ChildResolver, ChildConnectionResolver, LegalStatusResolver, AllocationResolver, CaseNoteResolver, MissingEpisodeResolver, AccessEventResolver, DataSharingAgreementResolver, ChronologyResolver,
      AnnotationResolver, ChildAnnotationsResolver, AccessLogResolver, ChildVoiceResolver, VoiceEntryResolver, FamilyMemberResolver, CodeListResolver] },
    { Child: { __resolveReference: resolveChildReference } },
  );
}
