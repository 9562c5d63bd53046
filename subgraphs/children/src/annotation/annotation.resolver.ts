import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from 'type-graphql';
import { BadUserInputError, parseId, requireText } from '@caregraph/kit';
import { Annotation } from './annotation.entity.js';
import { Child } from '../child/child.entity.js';
import { requireChild } from '../child/child.service.js';
import type { Context } from '../context.js';

const ITEM_TYPE = /^[A-Z][A-Za-z]{1,40}$/;

@InputType()
export class AnnotateInput {
  @Field(() => ID)
  childId!: string;

  @Field({ description: 'The item’s GraphQL type, as ChronologyEvent.itemType gives it.' })
  itemType!: string;

  @Field(() => ID)
  itemId!: string;

  @Field()
  text!: string;

  @Field(() => Boolean, { nullable: true })
  isCorrection?: boolean | null;
}

@Resolver(() => Child)
export class ChildAnnotationsResolver {
  @FieldResolver(() => [Annotation], { nullable: true, description: 'The care leaver’s own comments and corrections, oldest first.' })
  annotations(@Root() child: Child, @Ctx() ctx: Context) {
    return ctx.loaders.annotationsByChild.load(child.id);
  }
}

@Resolver(() => Annotation)
export class AnnotationResolver {
  @Mutation(() => Annotation, { nullable: true, description: 'A care leaver adds a comment or correction to an item of their own history.' })
  async annotate(@Arg('input', () => AnnotateInput) input: AnnotateInput, @Ctx() ctx: Context): Promise<Annotation> {
    const childId = parseId(input.childId, 'childId');
    if (!ITEM_TYPE.test(input.itemType)) throw new BadUserInputError('itemType is not a type name', 'itemType');
    const itemId = requireText(input.itemId, 'itemId', 100);
    const text = requireText(input.text, 'text', 10_000);
    return ctx.access.write(childId, async (tx) => {
      const child = await requireChild(tx, childId);
      return tx.create(Annotation, { child, itemType: input.itemType, itemId, text, isCorrection: input.isCorrection ?? false });
    });
  }
}
