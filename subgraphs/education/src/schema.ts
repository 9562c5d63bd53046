import { buildFederatedSchema, parseId } from '@caregraph/kit';
import { ChildEducationResolver, ChildRef } from './child/child.ref.js';
import { SchoolResolver, resolveSchoolReference } from './school/school.resolver.js';
import { SchoolEnrolmentResolver } from './enrolment/school-enrolment.resolver.js';
import { AttendanceResolver } from './attendance/attendance.resolver.js';
import { ExclusionResolver } from './exclusion/exclusion.resolver.js';
import { PersonalEducationPlanResolver } from './pep/personal-education-plan.resolver.js';
import type { Context } from './context.js';

export function buildSchema() {
  return buildFederatedSchema(
    {
      resolvers: [
        ChildEducationResolver, SchoolResolver, SchoolEnrolmentResolver, AttendanceResolver, ExclusionResolver,
        PersonalEducationPlanResolver,
      ],
      // Child is reachable only through _entities, which type-graphql does not see.
      orphanedTypes: [ChildRef],
    },
    {
      // No lookup: the children subgraph decides whether a child exists; this one answers for any valid id in scope
      // (the same FORBIDDEN for a child out of scope and for one that does not exist; one scope statement per batch).
      Child: {
        __resolveReference: async (ref: { id: string }, ctx: Context) => {
          const id = parseId(ref.id);
          await ctx.access.requireChild(id);
          return { id };
        },
      },
      // A school carries no child data: no scope check.
      School: { __resolveReference: resolveSchoolReference },
    },
  );
}
