import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { BadUserInputError, ConflictError, grantRelations, parseId, requireText } from '@caregraph/kit';
import { AGREEMENT_GROUPS } from '@caregraph/schema';
import type { Context } from '../context.js';

/** The field groups an agreement may name: those the policy lets partner agencies see "per agreement". */
const SHAREABLE: readonly string[] = AGREEMENT_GROUPS;

@ObjectType({ description: 'A data-sharing agreement: what a partner agency may see, about whom, why, and until when.' })
export class DataSharingAgreement {
  @Field(() => ID)
  id!: string;

  @Field()
  agency!: string;

  @Field()
  purpose!: string;

  @Field()
  lawfulBasis!: string;

  @Field(() => [String])
  fieldGroups!: string[];

  @Field(() => GraphQLLocalDate)
  validFrom!: string;

  @Field(() => GraphQLLocalDate)
  validTo!: string;
}

@InputType()
export class RecordDataSharingAgreementInput {
  @Field({ description: 'The id partner tokens carry in their `agreement` claim.' })
  id!: string;

  @Field()
  agency!: string;

  @Field()
  purpose!: string;

  @Field()
  lawfulBasis!: string;

  @Field(() => [String], { description: `Field groups shared: any of ${SHAREABLE.join(', ')}.` })
  fieldGroups!: string[];

  @Field(() => [ID], { description: 'The children the agreement covers.' })
  cohort!: string[];

  @Field(() => GraphQLLocalDate)
  validFrom!: string;

  @Field(() => GraphQLLocalDate, { description: 'The first day it no longer applies: access ends at its start.' })
  validTo!: string;
}

@Resolver(() => DataSharingAgreement)
export class DataSharingAgreementResolver {
  @Query(() => [DataSharingAgreement], { nullable: true })
  async dataSharingAgreements(@Ctx() ctx: Context): Promise<DataSharingAgreement[]> {
    const rows: Record<string, unknown>[] = await ctx.em.getConnection().execute(
      `select id, agency, purpose, lawful_basis, field_groups, to_char(valid_from at time zone 'UTC', 'YYYY-MM-DD') as valid_from,
              to_char(valid_to at time zone 'UTC', 'YYYY-MM-DD') as valid_to from "access"."agreement" order by valid_from, id`,
    );
    return rows.map((r) => ({
      id: r.id as string, agency: r.agency as string, purpose: r.purpose as string, lawfulBasis: r.lawful_basis as string,
      fieldGroups: r.field_groups as string[], validFrom: r.valid_from as string, validTo: r.valid_to as string,
    }));
  }

  @Mutation(() => DataSharingAgreement, { nullable: true, description: 'Records an agreement and its cohort; a partner sees nothing outside it, and nothing after validTo.' })
  async recordDataSharingAgreement(
    @Arg('input', () => RecordDataSharingAgreementInput) input: RecordDataSharingAgreementInput,
    @Ctx() ctx: Context,
  ): Promise<DataSharingAgreement> {
    const id = requireText(input.id, 'id', 100);
    const fields = {
      agency: requireText(input.agency, 'agency', 200),
      purpose: requireText(input.purpose, 'purpose', 500),
      lawfulBasis: requireText(input.lawfulBasis, 'lawfulBasis', 500),
    };
    if (input.fieldGroups.length === 0 || input.fieldGroups.some((g) => !SHAREABLE.includes(g))) {
      throw new BadUserInputError(`fieldGroups must name some of: ${SHAREABLE.join(', ')}`, 'fieldGroups');
    }
    if (input.validTo <= input.validFrom) throw new BadUserInputError('validTo must be after validFrom', 'validTo');
    const cohort = [...new Set(input.cohort.map((c) => parseId(c, 'cohort')))];
    if (cohort.length === 0) throw new BadUserInputError('cohort is empty', 'cohort');
    return ctx.access.write(cohort, async (tx) => {
      const [existing] = await tx.getConnection().execute(`select 1 from "access"."agreement" where id = ?`, [id], 'all', tx.getTransactionContext());
      if (existing) throw new ConflictError('an agreement with this id exists');
      await tx.getConnection().execute(
        `insert into "access"."agreement" (id, agency, purpose, lawful_basis, field_groups, valid_from, valid_to, created_by) values (?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, fields.agency, fields.purpose, fields.lawfulBasis, `{${input.fieldGroups.join(',')}}`, `${input.validFrom}T00:00:00Z`, `${input.validTo}T00:00:00Z`, ctx.principal.sub],
        'run',
        tx.getTransactionContext(),
      );
      await grantRelations(tx, 'children', cohort.map((childId) => ({ relation: 'agreement_cohort', subject: id, childId, from: input.validFrom, to: input.validTo })));
      return { id, ...fields, fieldGroups: input.fieldGroups, validFrom: input.validFrom, validTo: input.validTo };
    });
  }
}
