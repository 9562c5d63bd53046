import { randomUUID } from 'node:crypto';
import { Check, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { HealthAssessmentKind, HealthProfessionalRole } from '../codes.js';

/** A statutory health assessment, recorded when it falls due and completed later (or never, when missed). */
@ObjectType({ description: 'A statutory health assessment of a looked-after child: initial, then reviews on a schedule.' })
@Entity({ tableName: 'health_assessment' })
@Index({ properties: ['childId', 'dueOn'] })
@Check({ name: 'health_assessment_completion', expression: '(completed_on is null) = (completed_by_role is null) and (outcome is null or completed_on is not null)' })
export class HealthAssessment {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => HealthAssessmentKind, { nullable: true })
  @Enum({ items: Object.keys(HealthAssessmentKind) })
  kind!: keyof typeof HealthAssessmentKind;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The date the assessment must be done by.' })
  @Property({ type: 'date' })
  dueOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When it was done; null while it is not done yet.' })
  @Property({ type: 'date', nullable: true })
  completedOn?: string | null;

  @Field(() => HealthProfessionalRole, { nullable: true, description: 'Who carried it out; set once completed.' })
  @Enum({ items: Object.keys(HealthProfessionalRole), nullable: true })
  completedByRole?: keyof typeof HealthProfessionalRole | null;

  @Field(() => String, { nullable: true, description: 'Summary of the outcome and the health plan it led to.' })
  @Property({ type: 'text', nullable: true })
  outcome?: string | null;
}
