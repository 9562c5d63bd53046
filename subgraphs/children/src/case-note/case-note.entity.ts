import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Opt, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { CaseNoteCategory } from '../codes.js';
import type { WithheldSpan } from './redaction.js';
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

  /** As written; readers get it through `shownNote` (redaction.ts), like the body. */
  @Property()
  title!: string;

  /** As written; readers who must not see third-party parts get it through `redact` (case-note.resolver.ts). */
  @Property({ type: 'text' })
  body!: string;

  /** Spans of `body` withheld from the child, marked by the author. */
  @Property({ type: 'json', default: '[]' })
  withheld: WithheldSpan[] & Opt = [];

  @Field(() => Date, { description: 'When the note was written into the record.' })
  @Property({ defaultRaw: 'now()' })
  recordedAt: Opt<Date> = new Date();
}
