import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

@ObjectType({ description: 'A prescribed medication; the current ones have no end date.' })
@Entity({ tableName: 'medication' })
@Index({ properties: ['childId', 'startDate'] })
export class Medication {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => String, { nullable: true })
  @Property()
  name!: string;

  @Field(() => String, { nullable: true, description: 'Dose and frequency as prescribed.' })
  @Property()
  dose!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;
}
