import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Opt, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ExclusionCategory, ExclusionReason } from '../codes.js';
import { School } from '../school/school.entity.js';

@ObjectType({ description: 'A suspension or permanent exclusion from school (school census exclusions).' })
@Entity({ tableName: 'exclusion' })
@Index({ properties: ['childId', 'startDate'] })
export class Exclusion {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @ManyToOne(() => School, { fieldName: 'urn', deleteRule: 'restrict' })
  school!: Rel<School>;

  @Field(() => String, { nullable: true, description: 'URN of the excluding school.' })
  get urn(): Opt<string> {
    return this.school.urn;
  }

  @Field(() => ExclusionCategory, { nullable: true })
  @Enum({ items: Object.keys(ExclusionCategory) })
  category!: keyof typeof ExclusionCategory;

  @Field(() => ExclusionReason, { nullable: true })
  @Enum({ items: Object.keys(ExclusionReason) })
  reason!: keyof typeof ExclusionReason;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => Int, { nullable: true, description: 'Length in sessions (half days); none for a permanent exclusion.' })
  @Property({ type: 'smallint', nullable: true })
  sessions?: number | null;
}
