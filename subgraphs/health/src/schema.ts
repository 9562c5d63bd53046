import { buildFederatedSchema } from '@caregraph/kit';
import { ChildHealthResolver, ChildRef, resolveChildReference } from './child/child.ref.js';
import { HealthAssessmentResolver } from './health-assessment/health-assessment.resolver.js';
import { ImmunisationResolver } from './immunisation/immunisation.resolver.js';
import { DentalCheckResolver } from './dental-check/dental-check.resolver.js';
import { SdqScoreResolver } from './sdq/sdq-score.resolver.js';
import { GpRegistrationResolver } from './gp-registration/gp-registration.resolver.js';

export function buildSchema() {
  return buildFederatedSchema(
    {
      resolvers: [
        ChildHealthResolver, HealthAssessmentResolver, ImmunisationResolver, DentalCheckResolver, SdqScoreResolver,
        GpRegistrationResolver,
      ],
      // No query here returns a Child: without this, type-graphql would leave the entity (and its fields) out.
      orphanedTypes: [ChildRef],
    },
    { Child: { __resolveReference: resolveChildReference } },
  );
}
