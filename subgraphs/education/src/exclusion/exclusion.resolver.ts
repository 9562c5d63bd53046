import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { BadUserInputError, ConflictError, NotFoundError, checkPeriod, parseId } from '@caregraph/kit';
import { ExclusionCategory, ExclusionReason } from '../codes.js';
import { School } from '../school/school.entity.js';
import { parseUrn } from '../school/urn.js';
import { academicYearBounds, academicYearOf } from '../school-year.js';
import { Exclusion } from './exclusion.entity.js';
import type { Context } from '../context.js';

/** A head teacher may suspend a pupil for at most 45 school days (90 sessions) in a school year. */
const MAX_SUSPENDED_SESSIONS_A_YEAR = 90;

@InputType({ description: 'A suspension or permanent exclusion.' })
export class RecordExclusionInput {
  @Field(() => ID)
  childId!: string;

  @Field({ description: 'URN of the excluding school (6 digits).' })
  urn!: string;

  @Field(() => ExclusionCategory)
  category!: keyof typeof ExclusionCategory;

  @Field(() => ExclusionReason)
  reason!: keyof typeof ExclusionReason;

  @Field(() => GraphQLLocalDate)
  startDate!: string;

  @Field(() => Int, { nullable: true, description: 'Length in sessions: required for a suspension, 1 for a lunchtime one, none for a permanent exclusion.' })
  sessions?: number | null;
}

/** The stored length, by category; a length that does not fit the category is bad input. */
function sessionsFor(input: RecordExclusionInput): number | null {
  const sessions = input.sessions ?? null;
  switch (input.category) {
    case 'SUSP':
      if (sessions == null || sessions < 1 || sessions > MAX_SUSPENDED_SESSIONS_A_YEAR) {
        throw new BadUserInputError(`sessions must be between 1 and ${MAX_SUSPENDED_SESSIONS_A_YEAR} for a suspension`, 'sessions');
      }
      return sessions;
    case 'LNCH':
      if (sessions != null && sessions !== 1) throw new BadUserInputError('a lunchtime suspension is one session', 'sessions');
      return 1;
    case 'PERM':
      if (sessions != null) throw new BadUserInputError('a permanent exclusion has no length in sessions', 'sessions');
      return null;
  }
}

@Resolver(() => Exclusion)
export class ExclusionResolver {
  @FieldResolver(() => School, { nullable: true, description: 'The excluding school.' })
  school(@Root() exclusion: Exclusion, @Ctx() ctx: Context) {
    return ctx.loaders.schoolByUrn.load(exclusion.school.urn);
  }

  @Mutation(() => Exclusion, { nullable: true, description: 'Records a suspension or permanent exclusion.' })
  async recordExclusion(@Arg('input', () => RecordExclusionInput) input: RecordExclusionInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    const urn = parseUrn(input.urn);
    ctx.access.requireSchool(urn, childId);
    checkPeriod(input.startDate, null);
    const sessions = sessionsFor(input);
    return ctx.access.write(childId, async (tx) => {
      const school = await tx.findOne(School, { urn });
      if (!school) throw new NotFoundError('school');
      if (sessions != null) {
        const year = academicYearBounds(academicYearOf(input.startDate));
        const earlier = await tx.find(Exclusion, {
          childId, school, category: { $in: ['SUSP', 'LNCH'] }, startDate: { $gte: year.start, $lte: year.end },
        });
        const total = earlier.reduce((sum, e) => sum + (e.sessions ?? 0), sessions);
        if (total > MAX_SUSPENDED_SESSIONS_A_YEAR) {
          throw new ConflictError('suspensions from this school would exceed 45 school days in the school year');
        }
      }
      return tx.create(Exclusion, { childId, school, category: input.category, reason: input.reason, startDate: input.startDate, sessions });
    });
  }
}
