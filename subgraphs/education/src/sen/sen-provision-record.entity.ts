import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { SenNeed, SenProvision } from '../codes.js';

@ObjectType({ description: 'A period under one level of special educational needs provision; the current one has no end date.' })
@Entity({ tableName: 'sen_provision' })
@Index({ properties: ['childId', 'startDate'] })
export class SenProvisionRecord {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => SenProvision, { nullable: true })
  @Enum({ items: Object.keys(SenProvision) })
  provision!: keyof typeof SenProvision;

  @Field(() => SenNeed, { nullable: true, description: 'Primary type of need (ranked 1 in the census); none when provision is N.' })
  @Enum({ items: Object.keys(SenNeed), nullable: true })
  primaryNeed?: keyof typeof SenNeed | null;

  @Field(() => SenNeed, { nullable: true, description: 'Secondary type of need (ranked 2), when there is one.' })
  @Enum({ items: Object.keys(SenNeed), nullable: true })
  secondaryNeed?: keyof typeof SenNeed | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;
}
