import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Child } from '../child/child.entity.js';

/** A care leaver's own comment or correction on an item of their history. The item itself is never changed. */
@ObjectType({ description: 'A care leaver’s comment or correction, shown beside the item it is about.' })
@Entity({ tableName: 'annotation' })
@Index({ properties: ['child', 'createdAt'] })
export class Annotation {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Child, { deleteRule: 'restrict' })
  child!: Rel<Child>;

  @Field({ description: 'The GraphQL type of the item (e.g. CaseNote, Placement), as in a ChronologyEvent.' })
  @Property()
  itemType!: string;

  @Field(() => ID)
  @Property()
  itemId!: string;

  @Field()
  @Property({ type: 'text' })
  text!: string;

  @Field(() => Boolean, { description: 'Whether this corrects the item (rather than commenting on it).' })
  @Property({ type: 'boolean', default: false })
  isCorrection: boolean & Opt = false;

  @Field(() => Date)
  @Property({ defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
