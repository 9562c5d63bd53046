import { Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { BadUserInputError, ChronologyArgs, ChronologyEvent, MAX_CHRONOLOGY_PAGE, chronologyPage, isValidDate, parseId } from '@caregraph/kit';
import { HealthAssessment } from '../health-assessment/health-assessment.entity.js';
import { nextAssessmentDue } from '../health-assessment/schedule.js';
import { Immunisation } from '../immunisation/immunisation.entity.js';
import { ImmunisationStatus } from '../immunisation/immunisation-status.entity.js';
import { DentalCheck } from '../dental-check/dental-check.entity.js';
import { SdqScore } from '../sdq/sdq-score.entity.js';
import { GpRegistration } from '../gp-registration/gp-registration.entity.js';
import { HealthCondition } from '../condition/health-condition.entity.js';
import { Allergy } from '../allergy/allergy.entity.js';
import { Medication } from '../medication/medication.entity.js';
import type { Context } from '../context.js';

/** The child, owned by the children subgraph; this subgraph adds the health record to it. */
@Directive('@key(fields: "id")')
@ObjectType('Child')
export class ChildRef {
  @Field(() => ID)
  id!: string;

  /** Owned by children; the gateway fetches it for the fields that @require it (the schedule depends on age). */
  @Directive('@external')
  @Field(() => GraphQLLocalDate, { nullable: true })
  dateOfBirth?: string | null;
}

/**
 * Any id in the principal's scope resolves (a child's existence is the children subgraph's business): a child
 * without health records simply has empty lists. One outside it is FORBIDDEN, whether or not it exists, so
 * `_entities` never resolves it (the scope check is batched: one statement for all representations). The date
 * of birth arrives with the representation when a field @requires it.
 */
export async function resolveChildReference(ref: { id: string; dateOfBirth?: unknown }, ctx: Context): Promise<ChildRef> {
  const id = parseId(ref.id);
  const dateOfBirth = ref.dateOfBirth ?? null;
  if (dateOfBirth !== null && (typeof dateOfBirth !== 'string' || !isValidDate(dateOfBirth))) {
    throw new BadUserInputError('dateOfBirth is not a valid date', 'dateOfBirth');
  }
  await ctx.access.requireChild(id);
  return { id, dateOfBirth };
}

@Resolver(() => ChildRef)
export class ChildHealthResolver {
  @FieldResolver(() => [HealthAssessment], { nullable: true, description: 'Statutory health assessments, by due date.' })
  healthAssessments(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.assessmentsByChild.load(child.id);
  }

  @Directive('@requires(fields: "dateOfBirth")')
  @FieldResolver(() => GraphQLLocalDate, {
    nullable: true,
    description: 'When the next health assessment is due: one recorded as due, else 6 months (under 5) or 12 months (5 and over) after the latest one done. Null when none has been recorded or the next would fall after the 18th birthday.',
  })
  async nextHealthAssessmentDue(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return nextAssessmentDue(await ctx.loaders.assessmentsByChild.load(child.id), child.dateOfBirth);
  }

  @FieldResolver(() => [Immunisation], { nullable: true, description: 'Vaccine doses given, oldest first.' })
  immunisations(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.immunisationsByChild.load(child.id);
  }

  @FieldResolver(() => ImmunisationStatus, { nullable: true, description: 'Null until a status has been assessed.' })
  immunisationStatus(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.immunisationStatusByChild.load(child.id);
  }

  @FieldResolver(() => [DentalCheck], { nullable: true, description: 'Dental checks, oldest first.' })
  dentalChecks(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.dentalChecksByChild.load(child.id);
  }

  @FieldResolver(() => [SdqScore], { nullable: true, description: 'Strengths and Difficulties Questionnaire results, oldest first.' })
  sdqScores(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.sdqScoresByChild.load(child.id);
  }

  @FieldResolver(() => GpRegistration, { nullable: true, description: 'The current GP registration.' })
  gpRegistration(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.currentGpByChild.load(child.id);
  }

  @FieldResolver(() => [HealthCondition], { nullable: true })
  healthConditions(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.conditionsByChild.load(child.id);
  }

  @FieldResolver(() => [Allergy], { nullable: true })
  allergies(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.allergiesByChild.load(child.id);
  }

  @FieldResolver(() => [Medication], { nullable: true, description: 'Medications, current and past, oldest first.' })
  medications(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.medicationsByChild.load(child.id);
  }

  @FieldResolver(() => [ChronologyEvent], {
    nullable: true,
    description: `One page of the child’s health (health assessments done and missed, immunisations, dental checks, SDQs, GP registrations; diagnoses and medication for readers of clinical detail) events in the chronology’s order, at most \`first\` (up to ${MAX_CHRONOLOGY_PAGE + 1}); a kind appears only if the principal may read the field it comes from. The children subgraph merges these pages into \`chronology\`.`,
  })
  healthEvents(@Root() child: ChildRef, @Ctx() ctx: Context, @Args() args: ChronologyArgs) {
    return ctx.loaders.chronologyByChild(chronologyPage(args, MAX_CHRONOLOGY_PAGE + 1)).load(child.id);
  }
}
