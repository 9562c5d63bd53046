import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { checkPeriod, parseId } from '@caregraph/kit';
import { MissingType } from '../codes.js';
import { requireChild } from '../child/child.service.js';
import { MissingEpisode } from './missing-episode.entity.js';
import type { Context } from '../context.js';

@InputType()
export class RecordMissingEpisodeInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => MissingType)
  kind!: keyof typeof MissingType;

  @Field(() => GraphQLLocalDate)
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  endDate?: string | null;

  @Field(() => Boolean, { nullable: true })
  returnInterviewOffered?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  returnInterviewAccepted?: boolean | null;
}

@Resolver(() => MissingEpisode)
export class MissingEpisodeResolver {
  @Mutation(() => MissingEpisode, { nullable: true })
  async recordMissingEpisode(@Arg('input', () => RecordMissingEpisodeInput) input: RecordMissingEpisodeInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    checkPeriod(input.startDate, input.endDate);
    return ctx.access.write(childId, async (tx) => {
      const child = await requireChild(tx, childId);
      return tx.create(MissingEpisode, {
        child, kind: input.kind, startDate: input.startDate, endDate: input.endDate ?? null,
        returnInterviewOffered: input.returnInterviewOffered ?? null, returnInterviewAccepted: input.returnInterviewAccepted ?? null,
      });
    });
  }
}
