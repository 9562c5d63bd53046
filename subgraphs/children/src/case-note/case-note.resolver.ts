import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { checkPeriod, parseId, requireText } from '@caregraph/kit';
import { CaseNoteCategory } from '../codes.js';
import { requireChild } from '../child/child.service.js';
import { CaseNote } from './case-note.entity.js';
import type { Context } from '../context.js';

@InputType()
export class AddCaseNoteInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => GraphQLLocalDate)
  occurredOn!: string;

  @Field(() => CaseNoteCategory)
  category!: keyof typeof CaseNoteCategory;

  @Field()
  authorId!: string;

  @Field()
  authorName!: string;

  @Field()
  title!: string;

  @Field()
  body!: string;
}

@Resolver(() => CaseNote)
export class CaseNoteResolver {
  @Mutation(() => CaseNote)
  async addCaseNote(@Arg('input', () => AddCaseNoteInput) input: AddCaseNoteInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    checkPeriod(input.occurredOn, null, ['occurredOn']);
    const fields = {
      authorId: requireText(input.authorId, 'authorId', 100),
      authorName: requireText(input.authorName, 'authorName', 200),
      title: requireText(input.title, 'title', 200),
      body: requireText(input.body, 'body', 50_000),
    };
    await ctx.access.requireChild(childId);
    return ctx.em.transactional(async (tx) => {
      const child = await requireChild(tx, childId);
      return tx.create(CaseNote, { child, occurredOn: input.occurredOn, category: input.category, ...fields });
    });
  }
}
