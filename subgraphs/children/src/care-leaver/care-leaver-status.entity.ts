import { Entity, Enum, OneToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { CareLeaverAccommodation, CareLeaverActivity, InTouch } from '../codes.js';
import { Child } from '../child/child.entity.js';

@ObjectType({ description: 'Care-leaver status and pathway plan (SSDA903 OC3).' })
@Entity({ tableName: 'care_leaver_status' })
export class CareLeaverStatus {
  @OneToOne(() => Child, { primary: true, deleteRule: 'restrict' })
  child!: Rel<Child>;

  @Field(() => InTouch)
  @Enum({ items: Object.keys(InTouch) })
  inTouch!: keyof typeof InTouch;

  @Field(() => CareLeaverActivity, { nullable: true, description: 'OC3 ACTIV code (education, employment, training); its label is in `codeLists`.' })
  @Property({ nullable: true, length: 2 })
  activity?: string | null;

  @Field(() => CareLeaverAccommodation, { nullable: true, description: 'OC3 ACCOM code: letter plus suitability digit; its label is in `codeLists`.' })
  @Property({ nullable: true, length: 2 })
  accommodation?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  latestContactOn?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  pathwayPlanReviewOn?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When the case record was closed.' })
  @Property({ type: 'date', nullable: true })
  recordClosedOn?: string | null;
}
