import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { BadUserInputError, checkPeriod, parseId } from '@caregraph/kit';
import { SdqReason } from '../codes.js';
import { SdqScore } from './sdq-score.entity.js';
import type { Context } from '../context.js';

@InputType({ description: 'Give exactly one of score and reason.' })
export class RecordSdqScoreInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => GraphQLLocalDate)
  assessedOn!: string;

  @Field(() => Int, { nullable: true, description: 'Total difficulties score, 0-40.' })
  score?: number | null;

  @Field(() => SdqReason, { nullable: true })
  reason?: keyof typeof SdqReason | null;
}

@Resolver(() => SdqScore)
export class SdqScoreResolver {
  @Mutation(() => SdqScore, { nullable: true, description: 'Records an SDQ score, or the reason no score could be obtained.' })
  async recordSdqScore(@Arg('input', () => RecordSdqScoreInput) input: RecordSdqScoreInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    checkPeriod(input.assessedOn, null, ['assessedOn']);
    const score = input.score ?? null;
    const reason = input.reason ?? null;
    if ((score == null) === (reason == null)) throw new BadUserInputError('give exactly one of score and reason', 'score');
    if (score != null && (score < 0 || score > 40)) throw new BadUserInputError('score must be between 0 and 40', 'score');
    return ctx.access.write(childId, async (tx) => tx.create(SdqScore, { childId, assessedOn: input.assessedOn, score, reason }));
  }
}
