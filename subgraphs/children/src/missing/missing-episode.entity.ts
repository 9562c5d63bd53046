import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { MissingType } from '../codes.js';
import { Child } from '../child/child.entity.js';

@ObjectType({ description: 'A period missing or away from placement without authorisation (SSDA903 Missing).' })
@Entity({ tableName: 'missing_episode' })
export class MissingEpisode {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Child, { deleteRule: 'restrict', index: true })
  child!: Rel<Child>;

  @Field(() => MissingType)
  @Enum({ items: Object.keys(MissingType) })
  kind!: keyof typeof MissingType;

  @Field(() => GraphQLLocalDate)
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Return home interview offered.' })
  @Property({ type: 'boolean', nullable: true })
  returnInterviewOffered?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Return home interview accepted.' })
  @Property({ type: 'boolean', nullable: true })
  returnInterviewAccepted?: boolean | null;
}
