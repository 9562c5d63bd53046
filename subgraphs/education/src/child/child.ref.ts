import { Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { ChronologyArgs, ChronologyEvent, MAX_CHRONOLOGY_PAGE, chronologyPage } from '@caregraph/kit';
import { SchoolEnrolment } from '../enrolment/school-enrolment.entity.js';
import { AttendanceTerm } from '../attendance/attendance-term.entity.js';
import { Exclusion } from '../exclusion/exclusion.entity.js';
import { SenProvisionRecord } from '../sen/sen-provision-record.entity.js';
import { Ehcp } from '../ehcp/ehcp.entity.js';
import { PersonalEducationPlan } from '../pep/personal-education-plan.entity.js';
import type { Context } from '../context.js';

/** The child as this subgraph sees it: only the key; the children subgraph owns everything else. */
@Directive('@key(fields: "id")')
@ObjectType('Child')
export class ChildRef {
  @Field(() => ID)
  id!: string;
}

/** Main registrations outrank subsidiary and guest ones when choosing the current school. */
const MAIN_FIRST = { C: 0, M: 0, S: 1, G: 2 } as const;

@Resolver(() => ChildRef)
export class ChildEducationResolver {
  @FieldResolver(() => [SchoolEnrolment], { nullable: true, description: 'School enrolments, oldest first.' })
  schoolEnrolments(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.enrolmentsByChild.load(child.id);
  }

  @FieldResolver(() => SchoolEnrolment, { nullable: true, description: 'The open enrolment, the main registration when dual registered.' })
  async currentSchool(@Root() child: ChildRef, @Ctx() ctx: Context) {
    const open = (await ctx.loaders.enrolmentsByChild.load(child.id)).filter((e) => e.endDate == null);
    open.sort((a, b) => MAIN_FIRST[a.enrolStatus] - MAIN_FIRST[b.enrolStatus] || b.startDate.localeCompare(a.startDate));
    return open[0] ?? null;
  }

  @FieldResolver(() => [AttendanceTerm], { nullable: true, description: 'Termly attendance, oldest term first.' })
  attendance(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.attendanceByChild.load(child.id);
  }

  @FieldResolver(() => [Exclusion], { nullable: true, description: 'Suspensions and permanent exclusions, oldest first.' })
  exclusions(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.exclusionsByChild.load(child.id);
  }

  @FieldResolver(() => [SenProvisionRecord], { nullable: true, description: 'Special educational needs provision over time, oldest first.' })
  senProvision(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.senByChild.load(child.id);
  }

  @FieldResolver(() => Ehcp, { nullable: true, description: 'The education, health and care plan, if one was requested.' })
  ehcp(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.ehcpByChild.load(child.id);
  }

  @FieldResolver(() => [PersonalEducationPlan], { nullable: true, description: 'Personal education plan meetings, oldest first.' })
  personalEducationPlans(@Root() child: ChildRef, @Ctx() ctx: Context) {
    return ctx.loaders.pepsByChild.load(child.id);
  }

  @FieldResolver(() => [ChronologyEvent], {
    nullable: true,
    description: `One page of the child’s education (school starts and moves, exclusions, PEPs, SEN provision, EHCP requested, issued and reviewed) events in the chronology’s order, at most \`first\` (up to ${MAX_CHRONOLOGY_PAGE + 1}); a kind appears only if the principal may read the field it comes from. The children subgraph merges these pages into \`chronology\`.`,
  })
  educationEvents(@Root() child: ChildRef, @Ctx() ctx: Context, @Args() args: ChronologyArgs) {
    return ctx.loaders.chronologyByChild(chronologyPage(args, MAX_CHRONOLOGY_PAGE + 1)).load(child.id);
  }
}
