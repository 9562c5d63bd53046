import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { AllocationRole } from '../codes.js';
import { Child } from '../child/child.entity.js';

/** Who holds a professional relationship with the child, over time (also the basis of row scope). */
@ObjectType({ description: 'A professional allocated to the child for a period.' })
@Entity({ tableName: 'allocation' })
@Index({ properties: ['child', 'role', 'startDate'] })
@Index({ properties: ['workerId', 'endDate'] })
export class Allocation {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Child, { deleteRule: 'restrict' })
  child!: Rel<Child>;

  @Field(() => AllocationRole)
  @Enum({ items: Object.keys(AllocationRole) })
  role!: keyof typeof AllocationRole;

  @Field({ description: 'The professional’s id (their `sub` when they sign in).' })
  @Property()
  workerId!: string;

  @Field({ description: 'Professionals acting in an official capacity are named on the record.' })
  @Property()
  workerName!: string;

  @Field(() => String, { nullable: true })
  @Property({ nullable: true })
  teamId?: string | null;

  @Field(() => GraphQLLocalDate)
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;
}
