import { randomUUID } from 'node:crypto';
import { Check, Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { SchoolTerm } from '../codes.js';

@ObjectType({ description: 'Attendance for one term, in sessions (half days), as the school census counts it.' })
@Entity({ tableName: 'attendance_term' })
@Unique({ properties: ['childId', 'academicYear', 'term'] })
@Check({ expression: 'sessions_authorised_absence + sessions_unauthorised_absence <= sessions_possible' })
export class AttendanceTerm {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => String, { nullable: true, description: "Academic year, such as '2025/26'." })
  @Property({ length: 7 })
  academicYear!: string;

  @Field(() => SchoolTerm, { nullable: true })
  @Enum({ items: Object.keys(SchoolTerm) })
  term!: keyof typeof SchoolTerm;

  @Field(() => Int, { nullable: true, description: 'Sessions the child could have attended.' })
  @Property({ type: 'smallint' })
  sessionsPossible!: number;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'smallint' })
  sessionsAuthorisedAbsence!: number;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'smallint' })
  sessionsUnauthorisedAbsence!: number;

  @Field(() => Float, { nullable: true, description: 'Percentage of possible sessions attended, to one decimal place.' })
  get attendanceRate(): number | null {
    if (this.sessionsPossible <= 0) return null;
    const attended = this.sessionsPossible - this.sessionsAuthorisedAbsence - this.sessionsUnauthorisedAbsence;
    return Math.round((attended / this.sessionsPossible) * 1000) / 10;
  }
}
