import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Exemption, Redaction, WithheldContent } from '@caregraph/kit';
import { FamilyMember } from './family-member.entity.js';
import type { Context } from '../context.js';

const WITHHELD: Redaction = {
  content: WithheldContent.ABOUT_FAMILY_MEMBER,
  exemption: Exemption.THIRD_PARTY,
  explanation:
    'This person’s date of birth, address and contact details are about them rather than about you, so they have been withheld to protect their privacy. '
    + 'Their name and how they are related to you are shown. You can ask the records team to review this decision.',
};

/**
 * Family members' own details, by the policy's row rule on family contact (applied by the kit): the care leaver
 * sees each person's name and relationship, and a typed reason in place of the rest.
 */
@Resolver(() => FamilyMember)
export class FamilyMemberResolver {
  @FieldResolver(() => GraphQLLocalDate, { nullable: true })
  dateOfBirth(@Root() member: FamilyMember, @Ctx() ctx: Context): string | null {
    return ctx.access.withholdsFamilyContact() ? null : member.dateOfBirth ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  address(@Root() member: FamilyMember, @Ctx() ctx: Context): string | null {
    return ctx.access.withholdsFamilyContact() ? null : member.address ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Parental responsibility, contact arrangements, etc.' })
  notes(@Root() member: FamilyMember, @Ctx() ctx: Context): string | null {
    return ctx.access.withholdsFamilyContact() ? null : member.notes ?? null;
  }

  @FieldResolver(() => [Redaction], { nullable: true, description: 'What was withheld from this reader about this person, and why.' })
  redactions(@Root() member: FamilyMember, @Ctx() ctx: Context): Redaction[] {
    const held = member.dateOfBirth != null || member.address != null || member.notes != null;
    return ctx.access.withholdsFamilyContact() && held ? [WITHHELD] : [];
  }
}
