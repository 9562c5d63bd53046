import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ConflictError, checkPeriod, parseId } from '@caregraph/kit';
import { LegalStatus } from '../codes.js';
import { requireChild } from '../child/child.service.js';
import { LegalStatusPeriod } from './legal-status-period.entity.js';
import type { Context } from '../context.js';

@InputType()
export class ChangeLegalStatusInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => LegalStatus)
  legalStatus!: keyof typeof LegalStatus;

  @Field(() => GraphQLLocalDate)
  startDate!: string;
}

@Resolver(() => LegalStatusPeriod)
export class LegalStatusResolver {
  @Mutation(() => LegalStatusPeriod, { nullable: true, description: 'Starts a new legal status; the current one ends the same day.' })
  async changeLegalStatus(@Arg('input', () => ChangeLegalStatusInput) input: ChangeLegalStatusInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    checkPeriod(input.startDate, null);
    return ctx.access.write(childId, async (tx) => {
      const child = await requireChild(tx, childId);
      const current = await tx.findOne(LegalStatusPeriod, { child, endDate: null });
      if (current) {
        if (current.startDate > input.startDate) throw new ConflictError('startDate is before the current legal status began');
        if (current.legalStatus === input.legalStatus) throw new ConflictError('the child already has this legal status');
        current.endDate = input.startDate;
      }
      return tx.create(LegalStatusPeriod, { child, legalStatus: input.legalStatus, startDate: input.startDate });
    });
  }
}
