import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { HealthConditionCategory } from '../codes.js';

@ObjectType({ description: 'A diagnosed health condition, as summarised for the child’s carers and care plan.' })
@Entity({ tableName: 'health_condition' })
export class HealthCondition {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => String, { nullable: true })
  @Property()
  description!: string;

  @Field(() => HealthConditionCategory, { nullable: true })
  @Enum({ items: Object.keys(HealthConditionCategory) })
  category!: keyof typeof HealthConditionCategory;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  diagnosedOn?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Still affects the child (false once resolved).' })
  @Property({ type: 'boolean' })
  ongoing!: boolean;
}
