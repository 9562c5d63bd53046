import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

/** A clinician's judgement against the schedule (SSDA903 OC2 IMMUNISATIONS), not derived from the dose list. */
@ObjectType({ description: 'Whether the child’s immunisations are up to date for their age (SSDA903 OC2 IMMUNISATIONS).' })
@Entity({ tableName: 'immunisation_status' })
export class ImmunisationStatus {
  @PrimaryKey({ type: 'uuid' })
  childId!: string;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean' })
  upToDate!: boolean;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The date the status was last assessed.' })
  @Property({ type: 'date' })
  asAt!: string;
}
