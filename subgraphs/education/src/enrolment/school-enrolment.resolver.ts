import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { BadUserInputError, ConflictError, NotFoundError, checkPeriod, endRelations, grantRelations, parseId, requireText } from '@caregraph/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EnrolStatus } from '../codes.js';
import { School } from '../school/school.entity.js';
import { parseUrn } from '../school/urn.js';
import { SchoolEnrolment } from './school-enrolment.entity.js';
import type { Context } from '../context.js';

type Status = keyof typeof EnrolStatus;

/** Single and main registrations are "the" school: a child has at most one open at a time. */
const isMain = (status: Status) => status === 'C' || status === 'M';

@InputType({ description: 'A child joining the roll of a school.' })
export class EnrolInSchoolInput {
  @Field(() => ID)
  childId!: string;

  @Field({ description: 'URN of the school (6 digits).' })
  urn!: string;

  @Field(() => String, { nullable: true, description: 'Name of the school; used only when the hub does not know the URN yet.' })
  schoolName?: string | null;

  @Field(() => GraphQLLocalDate)
  startDate!: string;

  @Field(() => Int, { nullable: true, description: 'National curriculum year group (0 = reception, up to 14).' })
  ncYear?: number | null;

  @Field(() => EnrolStatus, { nullable: true, description: 'Defaults to C (single registration).' })
  enrolStatus?: Status | null;
}

@InputType({ description: 'A child leaving the roll of a school.' })
export class LeaveSchoolInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => GraphQLLocalDate)
  endDate!: string;

  @Field(() => String, { nullable: true, description: 'URN of the school left; defaults to the current main school.' })
  urn?: string | null;
}

async function openEnrolments(tx: EntityManager, childId: string): Promise<SchoolEnrolment[]> {
  return tx.find(SchoolEnrolment, { childId, endDate: null }, { orderBy: { startDate: 'desc' } });
}

/** Being on a school's roll puts the child in the scope of that school's designated teacher (subject: the URN). */
const ON_ROLL = 'on_roll';

@Resolver(() => SchoolEnrolment)
export class SchoolEnrolmentResolver {
  @FieldResolver(() => School, { nullable: true })
  school(@Root() enrolment: SchoolEnrolment, @Ctx() ctx: Context) {
    return ctx.loaders.schoolByUrn.load(enrolment.school.urn);
  }

  @Mutation(() => SchoolEnrolment, {
    nullable: true, description: 'Puts a child on a school roll. A single or main registration ends the current one the same day.',
  })
  async enrolInSchool(@Arg('input', () => EnrolInSchoolInput) input: EnrolInSchoolInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    const urn = parseUrn(input.urn);
    ctx.access.requireSchool(urn, childId);
    checkPeriod(input.startDate, null);
    const ncYear = input.ncYear ?? null;
    if (ncYear != null && (ncYear < 0 || ncYear > 14)) throw new BadUserInputError('ncYear must be between 0 and 14', 'ncYear');
    const schoolName = input.schoolName == null ? null : requireText(input.schoolName, 'schoolName', 200);
    const enrolStatus = input.enrolStatus ?? 'C';
    return ctx.access.write(childId, async (tx) => {
      let school = await tx.findOne(School, { urn });
      if (!school) {
        if (!schoolName) throw new NotFoundError('school');
        school = tx.create(School, { urn, name: schoolName });
      }
      const open = await openEnrolments(tx, childId);
      if (open.some((e) => e.school.urn === urn)) throw new ConflictError('the child is already on the roll of this school');
      if (isMain(enrolStatus)) {
        for (const current of open.filter((e) => isMain(e.enrolStatus))) {
          if (current.startDate > input.startDate) throw new ConflictError('startDate is before the current enrolment began');
          current.endDate = input.startDate;
          await endRelations(tx, { relation: ON_ROLL, childId, at: input.startDate, subject: current.school.urn });
        }
      }
      const enrolment = tx.create(SchoolEnrolment, { childId, school, startDate: input.startDate, endDate: null, ncYear, enrolStatus });
      await grantRelations(tx, 'education', [{ relation: ON_ROLL, subject: urn, childId, from: input.startDate, to: null }]);
      return enrolment;
    });
  }

  @Mutation(() => SchoolEnrolment, { nullable: true, description: 'Takes a child off a school roll.' })
  async leaveSchool(@Arg('input', () => LeaveSchoolInput) input: LeaveSchoolInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    const urn = input.urn == null ? null : parseUrn(input.urn);
    if (urn) ctx.access.requireSchool(urn, childId);
    checkPeriod(input.endDate, null, ['endDate']);
    return ctx.access.write(childId, async (tx) => {
      const open = await openEnrolments(tx, childId);
      const enrolment = urn ? open.find((e) => e.school.urn === urn) : open.find((e) => isMain(e.enrolStatus)) ?? open[0];
      if (!enrolment) throw new ConflictError(urn ? 'the child is not on the roll of this school' : 'the child is not on a school roll');
      ctx.access.requireSchool(enrolment.school.urn, childId);
      if (enrolment.startDate > input.endDate) throw new ConflictError('endDate is before the enrolment began');
      enrolment.endDate = input.endDate;
      await endRelations(tx, { relation: ON_ROLL, childId, at: input.endDate, subject: enrolment.school.urn });
      return enrolment;
    });
  }
}
