import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { AllergySeverity } from '../codes.js';

@ObjectType({ description: 'A known allergy; carers must know it before a placement starts.' })
@Entity({ tableName: 'allergy' })
export class Allergy {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => String, { nullable: true, description: 'What the child reacts to.' })
  @Property()
  substance!: string;

  @Field(() => AllergySeverity, { nullable: true })
  @Enum({ items: Object.keys(AllergySeverity) })
  severity!: keyof typeof AllergySeverity;
}
