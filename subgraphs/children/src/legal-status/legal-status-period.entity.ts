import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { LegalStatus } from '../codes.js';
import { Child } from '../child/child.entity.js';

@ObjectType({ description: 'A period under one legal status; the current one has no end date.' })
@Entity({ tableName: 'legal_status_period' })
@Index({ properties: ['child', 'startDate'] })
export class LegalStatusPeriod {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Child, { deleteRule: 'restrict' })
  child!: Rel<Child>;

  @Field(() => LegalStatus)
  @Enum({ items: Object.keys(LegalStatus) })
  legalStatus!: keyof typeof LegalStatus;

  @Field(() => GraphQLLocalDate)
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;
}
