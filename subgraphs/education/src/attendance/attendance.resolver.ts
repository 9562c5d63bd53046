import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { BadUserInputError, ConflictError, parseId, today } from '@caregraph/kit';
import { SchoolTerm } from '../codes.js';
import { parseAcademicYear, termDates } from '../school-year.js';
import { AttendanceTerm } from './attendance-term.entity.js';
import type { Context } from '../context.js';

/** A term has about 140 sessions at most; anything far above is a typing error. */
const MAX_SESSIONS = 200;

@InputType({ description: "One term's attendance for a child, in sessions (half days)." })
export class RecordAttendanceInput {
  @Field(() => ID)
  childId!: string;

  @Field({ description: "Academic year, such as '2025/26'." })
  academicYear!: string;

  @Field(() => SchoolTerm)
  term!: keyof typeof SchoolTerm;

  @Field(() => Int)
  sessionsPossible!: number;

  @Field(() => Int)
  sessionsAuthorisedAbsence!: number;

  @Field(() => Int)
  sessionsUnauthorisedAbsence!: number;
}

function checkSessions(input: RecordAttendanceInput): void {
  if (input.sessionsPossible < 1 || input.sessionsPossible > MAX_SESSIONS) {
    throw new BadUserInputError(`sessionsPossible must be between 1 and ${MAX_SESSIONS}`, 'sessionsPossible');
  }
  for (const field of ['sessionsAuthorisedAbsence', 'sessionsUnauthorisedAbsence'] as const) {
    if (input[field] < 0) throw new BadUserInputError(`${field} is negative`, field);
  }
  if (input.sessionsAuthorisedAbsence + input.sessionsUnauthorisedAbsence > input.sessionsPossible) {
    throw new BadUserInputError('absences exceed sessionsPossible', 'sessionsPossible');
  }
}

@Resolver(() => AttendanceTerm)
export class AttendanceResolver {
  @Mutation(() => AttendanceTerm, { nullable: true, description: 'Records a term of attendance; each child has one record per term.' })
  async recordAttendance(@Arg('input', () => RecordAttendanceInput) input: RecordAttendanceInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    const year = parseAcademicYear(input.academicYear);
    if (year == null) throw new BadUserInputError("academicYear must look like '2025/26'", 'academicYear');
    if (termDates(year, input.term).start > today()) throw new BadUserInputError('the term has not started', 'term');
    checkSessions(input);
    const key = { childId, academicYear: input.academicYear, term: input.term };
    try {
      return await ctx.access.write(childId, async (tx) => {
        if (await tx.count(AttendanceTerm, key)) throw new ConflictError('attendance for this term is already recorded');
        return tx.create(AttendanceTerm, {
          ...key,
          sessionsPossible: input.sessionsPossible,
          sessionsAuthorisedAbsence: input.sessionsAuthorisedAbsence,
          sessionsUnauthorisedAbsence: input.sessionsUnauthorisedAbsence,
        });
      });
    } catch (err) {
      // A concurrent write of the same term loses to the unique index.
      if (err instanceof UniqueConstraintViolationException) throw new ConflictError('attendance for this term is already recorded');
      throw err;
    }
  }
}
