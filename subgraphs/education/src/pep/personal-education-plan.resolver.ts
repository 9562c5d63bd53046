import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { BadUserInputError, ConflictError, checkPeriod, parseId, requireText } from '@caregraph/kit';
import { PersonalEducationPlan } from './personal-education-plan.entity.js';
import type { Context } from '../context.js';

/** Well above a year's pupil premium plus (about £2,600): a larger figure is a typing error. */
const MAX_SPEND = 10_000;
const MAX_ATTENDEES = 20;

@InputType({ description: 'A personal education plan meeting.' })
export class RecordPersonalEducationPlanInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => GraphQLLocalDate)
  heldOn!: string;

  @Field()
  targets!: string;

  @Field(() => Int, { nullable: true, description: 'Pupil premium plus agreed, in whole pounds.' })
  pupilPremiumPlusSpend?: number | null;

  @Field(() => String, { nullable: true })
  pupilPremiumPlusUse?: string | null;

  @Field(() => String, { nullable: true })
  childsViews?: string | null;

  @Field(() => [String], { description: 'Who attended, by role.' })
  attendees!: string[];
}

@Resolver(() => PersonalEducationPlan)
export class PersonalEducationPlanResolver {
  @Mutation(() => PersonalEducationPlan, { nullable: true, description: 'Records a PEP meeting; a child has at most one on a given day.' })
  async recordPersonalEducationPlan(
    @Arg('input', () => RecordPersonalEducationPlanInput) input: RecordPersonalEducationPlanInput,
    @Ctx() ctx: Context,
  ) {
    const childId = parseId(input.childId, 'childId');
    checkPeriod(input.heldOn, null, ['heldOn']);
    const spend = input.pupilPremiumPlusSpend ?? null;
    if (spend != null && (spend < 0 || spend > MAX_SPEND)) {
      throw new BadUserInputError(`pupilPremiumPlusSpend must be between 0 and ${MAX_SPEND}`, 'pupilPremiumPlusSpend');
    }
    if (input.attendees.length < 1 || input.attendees.length > MAX_ATTENDEES) {
      throw new BadUserInputError(`attendees must list 1 to ${MAX_ATTENDEES} people`, 'attendees');
    }
    const fields = {
      targets: requireText(input.targets, 'targets'),
      pupilPremiumPlusSpend: spend,
      pupilPremiumPlusUse: input.pupilPremiumPlusUse == null ? null : requireText(input.pupilPremiumPlusUse, 'pupilPremiumPlusUse', 2000),
      childsViews: input.childsViews == null ? null : requireText(input.childsViews, 'childsViews'),
      attendees: input.attendees.map((a) => requireText(a, 'attendees', 200)),
    };
    return ctx.access.write(childId, async (tx) => {
      if (await tx.count(PersonalEducationPlan, { childId, heldOn: input.heldOn })) {
        throw new ConflictError('a personal education plan is already recorded for this day');
      }
      return tx.create(PersonalEducationPlan, { childId, heldOn: input.heldOn, ...fields });
    });
  }
}
