import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Opt, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { EnrolStatus } from '../codes.js';
import { School } from '../school/school.entity.js';

@ObjectType({ description: 'A period on the roll of one school (school census enrolment); the current one has no end date.' })
@Entity({ tableName: 'school_enrolment' })
@Index({ properties: ['childId', 'startDate'] })
export class SchoolEnrolment {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => ID, { description: 'Hub id of the child.' })
  @Property({ type: 'uuid' })
  childId!: string;

  @ManyToOne(() => School, { fieldName: 'urn', deleteRule: 'restrict' })
  school!: Rel<School>;

  @Field(() => String, { nullable: true, description: 'URN of the school.' })
  get urn(): Opt<string> {
    return this.school.urn;
  }

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date the child joined the roll (census EntryDate).' })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date the child left the roll.' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => Int, { nullable: true, description: 'National curriculum year group when the enrolment began (0 = reception, 12-14 = post-16).' })
  @Property({ type: 'smallint', nullable: true })
  ncYear?: number | null;

  @Field(() => EnrolStatus, { nullable: true })
  @Enum({ items: Object.keys(EnrolStatus) })
  enrolStatus!: keyof typeof EnrolStatus;
}
