import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

@ObjectType({ description: 'Registration with a GP practice; the current one has no end date.' })
@Entity({ tableName: 'gp_registration' })
@Index({ properties: ['childId', 'registeredTo'] })
// At most one current registration per child, even under concurrent writes.
@Unique({
  name: 'gp_registration_one_current',
  expression: 'create unique index "gp_registration_one_current" on "health"."gp_registration" ("child_id") where "registered_to" is null',
})
export class GpRegistration {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => String, { nullable: true })
  @Property()
  practiceName!: string;

  @Field(() => String, { nullable: true, description: 'The practice’s NHS ODS code (a letter and five digits).' })
  @Property({ length: 6 })
  odsCode!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date' })
  registeredFrom!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  registeredTo?: string | null;
}
