import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

@ObjectType({ description: "A personal education plan (PEP) review meeting, part of the looked-after child's care plan." })
@Entity({ tableName: 'personal_education_plan' })
@Index({ properties: ['childId', 'heldOn'] })
export class PersonalEducationPlan {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date the PEP meeting was held.' })
  @Property({ type: 'date' })
  heldOn!: string;

  @Field(() => String, { nullable: true, description: 'SMART targets agreed for the coming term.' })
  @Property({ type: 'text' })
  targets!: string;

  @Field(() => Int, { nullable: true, description: 'Pupil premium plus agreed for the term, in whole pounds.' })
  @Property({ type: 'integer', nullable: true })
  pupilPremiumPlusSpend?: number | null;

  @Field(() => String, { nullable: true, description: 'What the pupil premium plus pays for.' })
  @Property({ type: 'text', nullable: true })
  pupilPremiumPlusUse?: string | null;

  @Field(() => String, { nullable: true, description: "The child's own views, in their words where possible." })
  @Property({ type: 'text', nullable: true })
  childsViews?: string | null;

  @Field(() => [String], { nullable: true, description: 'Who attended, by role.' })
  @Property({ type: ArrayType })
  attendees!: string[];
}
