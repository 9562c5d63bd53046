import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Opt, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { CaseNoteCategory } from '../codes.js';
import { Child } from '../child/child.entity.js';

@ObjectType({ description: 'A dated, authored record of work with or about the child.' })
@Entity({ tableName: 'case_note' })
@Index({ properties: ['child', 'occurredOn'] })
export class CaseNote {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Child, { deleteRule: 'restrict' })
  child!: Rel<Child>;

  @Field(() => GraphQLLocalDate)
  @Property({ type: 'date' })
  occurredOn!: string;

  @Field(() => CaseNoteCategory)
  @Enum({ items: Object.keys(CaseNoteCategory) })
  category!: keyof typeof CaseNoteCategory;

  @Field()
  @Property()
  authorId!: string;

  @Field({ description: 'Author acting in an official capacity.' })
  @Property()
  authorName!: string;

  @Field()
  @Property()
  title!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text' })
  body!: string;

  @Field(() => Date, { description: 'When the note was written into the record.' })
  @Property({ defaultRaw: 'now()' })
  recordedAt: Opt<Date> = new Date();
}
