import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

/** The statutory limit from request to final plan (SEND Regulations 2014, reg 13). */
const TWENTY_WEEKS_MS = 20 * 7 * 86_400_000;

function oneYearAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

@ObjectType({ description: 'The education, health and care plan process for a child: request, assessment, plan and reviews.' })
@Entity({ tableName: 'ehcp' })
export class Ehcp {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', unique: true })
  childId!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date the EHC needs assessment was requested.' })
  @Property({ type: 'date' })
  requestedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date the local authority agreed to assess.' })
  @Property({ type: 'date', nullable: true })
  assessedOn?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date the final plan was issued.' })
  @Property({ type: 'date', nullable: true })
  issuedOn?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of the latest annual review.' })
  @Property({ type: 'date', nullable: true })
  lastReviewedOn?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Annual reviews fall due 12 months after the plan or the last review.' })
  get nextReviewDue(): string | null {
    const from = this.lastReviewedOn ?? this.issuedOn;
    return from ? oneYearAfter(from) : null;
  }

  @Field(() => Boolean, { nullable: true, description: 'Whether the plan was issued within 20 weeks of the request.' })
  get issuedWithinTwentyWeeks(): boolean | null {
    if (!this.issuedOn) return null;
    return Date.parse(this.issuedOn) - Date.parse(this.requestedOn) <= TWENTY_WEEKS_MS;
  }
}
