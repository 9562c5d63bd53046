import { randomUUID } from 'node:crypto';
import { Check, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { SdqReason } from '../codes.js';

/** Either a score or the reason there is none, never both (DfE rules 180, 181): the database enforces it too. */
@ObjectType({ description: 'A Strengths and Difficulties Questionnaire result (SSDA903 OC2 SDQ_SCORE / SDQ_REASON).' })
@Entity({ tableName: 'sdq_score' })
@Index({ properties: ['childId', 'assessedOn'] })
@Check({
  name: 'sdq_score_score_or_reason',
  // Written as PostgreSQL prints it back, so the migration diff sees no change.
  expression: '((score IS NULL) <> (reason IS NULL)) AND ((score IS NULL) OR ((score >= 0) AND (score <= 40)))',
})
export class SdqScore {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The date of the assessment.' })
  @Property({ type: 'date' })
  assessedOn!: string;

  @Field(() => Int, { nullable: true, description: 'Total difficulties score, 0-40; null when a reason is given.' })
  @Property({ type: 'smallint', nullable: true })
  score?: number | null;

  @Field(() => SdqReason, { nullable: true, description: 'Why there is no score; null when a score is given.' })
  @Enum({ items: Object.keys(SdqReason), nullable: true })
  reason?: keyof typeof SdqReason | null;
}
