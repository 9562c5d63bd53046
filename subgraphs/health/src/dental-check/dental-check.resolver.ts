import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ConflictError, checkPeriod, parseId } from '@caregraph/kit';
import { DentalCheck } from './dental-check.entity.js';
import type { Context } from '../context.js';

@InputType()
export class RecordDentalCheckInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => GraphQLLocalDate)
  checkedOn!: string;
}

@Resolver(() => DentalCheck)
export class DentalCheckResolver {
  @Mutation(() => DentalCheck, { nullable: true, description: 'Records a dental check; one per child per day.' })
  async recordDentalCheck(@Arg('input', () => RecordDentalCheckInput) input: RecordDentalCheckInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    checkPeriod(input.checkedOn, null, ['checkedOn']);
    return ctx.access.write(childId, async (tx) => {
      if (await tx.count(DentalCheck, { childId, checkedOn: input.checkedOn })) {
        throw new ConflictError('a dental check is already recorded on that day');
      }
      return tx.create(DentalCheck, { childId, checkedOn: input.checkedOn });
    });
  }
}
