import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Vaccine } from '../codes.js';

@ObjectType({ description: 'One dose of a vaccine given to the child.' })
@Entity({ tableName: 'immunisation' })
@Index({ properties: ['childId', 'dateGiven'] })
export class Immunisation {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => Vaccine, { nullable: true })
  @Enum({ items: Object.keys(Vaccine) })
  vaccine!: keyof typeof Vaccine;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date' })
  dateGiven!: string;
}
