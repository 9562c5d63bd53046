import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { BadUserInputError, ConflictError, ForbiddenError, checkPeriod, parseId, requireText, today } from '@caregraph/kit';
import { HealthAssessmentKind, HealthProfessionalRole } from '../codes.js';
import { HealthAssessment } from './health-assessment.entity.js';
import { isOnTime } from './schedule.js';
import type { Context } from '../context.js';

@InputType({
  description: 'Either `id` of an assessment already due, with its completion; or `childId`, `kind` and `dueOn` of a new one, completed or still due.',
})
export class RecordHealthAssessmentInput {
  @Field(() => ID, { nullable: true, description: 'The due assessment being completed.' })
  id?: string | null;

  @Field(() => ID, { nullable: true })
  childId?: string | null;

  @Field(() => HealthAssessmentKind, { nullable: true })
  kind?: keyof typeof HealthAssessmentKind | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  dueOn?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Required when completing by `id`; omit to record an assessment still due.' })
  completedOn?: string | null;

  @Field(() => HealthProfessionalRole, { nullable: true, description: 'Required with completedOn; an initial assessment needs a DOCTOR.' })
  completedByRole?: keyof typeof HealthProfessionalRole | null;

  @Field(() => String, { nullable: true, description: 'Only with completedOn.' })
  outcome?: string | null;
}

interface Completion {
  completedOn: string;
  completedByRole: keyof typeof HealthProfessionalRole;
  outcome: string | null;
}

/** Checks the completion half of the input; null when the assessment is only being recorded as due. */
function completionOf(input: RecordHealthAssessmentInput): Completion | null {
  if (input.completedOn == null) {
    if (input.completedByRole != null) throw new BadUserInputError('completedByRole needs completedOn', 'completedByRole');
    if (input.outcome != null) throw new BadUserInputError('outcome needs completedOn', 'outcome');
    return null;
  }
  checkPeriod(input.completedOn, null, ['completedOn']);
  if (input.completedByRole == null) throw new BadUserInputError('completedByRole is required with completedOn', 'completedByRole');
  return {
    completedOn: input.completedOn,
    completedByRole: input.completedByRole,
    outcome: input.outcome == null ? null : requireText(input.outcome, 'outcome', 10_000),
  };
}

/** Care Planning Regulations 2010 reg 7: the initial assessment is a registered medical practitioner's. */
function checkAssessor(kind: keyof typeof HealthAssessmentKind, done: Completion | null): void {
  if (kind === 'INITIAL' && done && done.completedByRole !== 'DOCTOR') {
    throw new BadUserInputError('an initial health assessment must be completed by a DOCTOR', 'completedByRole');
  }
}

@Resolver(() => HealthAssessment)
export class HealthAssessmentResolver {
  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Completed on or before the due date; false when overdue and not done; null while not done and not yet due.',
  })
  onTime(@Root() assessment: HealthAssessment): boolean | null {
    return isOnTime(assessment, today());
  }

  @Mutation(() => HealthAssessment, {
    nullable: true, description: 'Completes a due health assessment (by id), or records a new one, completed or still due.',
  })
  async recordHealthAssessment(@Arg('input', () => RecordHealthAssessmentInput) input: RecordHealthAssessmentInput, @Ctx() ctx: Context) {
    const done = completionOf(input);
    if (input.id != null) {
      const id = parseId(input.id, 'id');
      if (input.childId != null || input.kind != null || input.dueOn != null) {
        throw new BadUserInputError('give either id or childId, kind and dueOn', 'id');
      }
      if (!done) throw new BadUserInputError('completedOn is required to complete an assessment', 'completedOn');
      const found = await ctx.em.findOne(HealthAssessment, { id }, { fields: ['childId'] });
      // An unknown id answers as another child's does, so assessment ids cannot be probed; the child must be in
      // scope before anything about the assessment is told (e.g. CONFLICT).
      if (!found) throw new ForbiddenError('Not permitted to see this child');
      return ctx.access.write(found.childId, async (tx) => {
        const assessment = await tx.findOneOrFail(HealthAssessment, { id });
        if (assessment.completedOn != null) throw new ConflictError('the health assessment is already completed');
        checkAssessor(assessment.kind, done);
        return Object.assign(assessment, done);
      });
    }
    if (input.childId == null) throw new BadUserInputError('childId is required without id', 'childId');
    const childId = parseId(input.childId, 'childId');
    if (input.kind == null) throw new BadUserInputError('kind is required without id', 'kind');
    if (input.dueOn == null) throw new BadUserInputError('dueOn is required without id', 'dueOn');
    checkAssessor(input.kind, done);
    const { kind, dueOn } = input;
    return ctx.access.write(childId, async (tx) => tx.create(HealthAssessment, { childId, kind, dueOn, ...(done ?? {}) }));
  }
}
