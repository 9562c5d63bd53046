import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { BadUserInputError, checkPeriod, Exemption, parseId, Redaction, requireText, WithheldContent } from '@caregraph/kit';
import { shownNote, type WithheldSpan } from './redaction.js';
import { CaseNoteCategory } from '../codes.js';
import { requireChild } from '../child/child.service.js';
import { CaseNote } from './case-note.entity.js';
import type { Context } from '../context.js';

@InputType({ description: 'A part of the body to withhold from the child: about another person, or exempt.' })
export class WithheldPartInput {
  @Field({ description: 'The exact text, as it appears in the body.' })
  text!: string;

  @Field(() => WithheldContent)
  content!: WithheldContent;

  @Field(() => Exemption)
  exemption!: Exemption;
}

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

  @Field(() => [WithheldPartInput], { nullable: true, description: 'Third-party or exempt parts of the body.' })
  withheld?: WithheldPartInput[] | null;
}

/** Turns the author's withheld parts into spans of the body; a part not found in the body is bad input. */
function spansOf(body: string, parts: WithheldPartInput[]): WithheldSpan[] {
  return parts.map((p) => {
    const start = p.text.length > 0 ? body.indexOf(p.text) : -1;
    if (start < 0) throw new BadUserInputError('a withheld part does not occur in the body', 'withheld');
    return { start, end: start + p.text.length, content: p.content, exemption: p.exemption };
  });
}

@Resolver(() => CaseNote)
export class CaseNoteResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The title; for the child reading their own record, with third-party parts withheld.' })
  title(@Root() note: CaseNote, @Ctx() ctx: Context): string | null {
    return shownNote(ctx.access, note).title;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The note; for the child reading their own record, with third-party parts withheld.' })
  body(@Root() note: CaseNote, @Ctx() ctx: Context): string {
    return shownNote(ctx.access, note).body;
  }

  @FieldResolver(() => [Redaction], { nullable: true, description: 'What was withheld from this reader, and why.' })
  redactions(@Root() note: CaseNote, @Ctx() ctx: Context): Redaction[] {
    return shownNote(ctx.access, note).redactions;
  }

  @Mutation(() => CaseNote, { nullable: true })
  async addCaseNote(@Arg('input', () => AddCaseNoteInput) input: AddCaseNoteInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    checkPeriod(input.occurredOn, null, ['occurredOn']);
    const fields = {
      authorId: requireText(input.authorId, 'authorId', 100),
      authorName: requireText(input.authorName, 'authorName', 200),
      title: requireText(input.title, 'title', 200),
      body: requireText(input.body, 'body', 50_000),
    };
    const withheld = spansOf(fields.body, input.withheld ?? []);
    return ctx.access.write(childId, async (tx) => {
      const child = await requireChild(tx, childId);
      return tx.create(CaseNote, { child, occurredOn: input.occurredOn, category: input.category, ...fields, withheld });
    });
  }
}
