import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { checkPeriod, parseId } from '@caregraph/kit';
import { Vaccine } from '../codes.js';
import { Immunisation } from './immunisation.entity.js';
import { ImmunisationStatus } from './immunisation-status.entity.js';
import type { Context } from '../context.js';

@InputType()
export class RecordImmunisationInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => Vaccine)
  vaccine!: keyof typeof Vaccine;

  @Field(() => GraphQLLocalDate)
  dateGiven!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'The clinician’s view of whether the child is up to date after this dose; sets immunisationStatus as at dateGiven unless a later status is recorded.',
  })
  upToDate?: boolean | null;
}

@Resolver(() => Immunisation)
export class ImmunisationResolver {
  @Mutation(() => Immunisation, { nullable: true, description: 'Records a vaccine dose given, and optionally the resulting immunisation status.' })
  async recordImmunisation(@Arg('input', () => RecordImmunisationInput) input: RecordImmunisationInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    checkPeriod(input.dateGiven, null, ['dateGiven']);
    return ctx.access.write(childId, async (tx) => {
      if (input.upToDate != null) {
        const status = await tx.findOne(ImmunisationStatus, { childId });
        if (!status) tx.create(ImmunisationStatus, { childId, upToDate: input.upToDate, asAt: input.dateGiven });
        else if (status.asAt <= input.dateGiven) Object.assign(status, { upToDate: input.upToDate, asAt: input.dateGiven });
      }
      return tx.create(Immunisation, { childId, vaccine: input.vaccine, dateGiven: input.dateGiven });
    });
  }
}
