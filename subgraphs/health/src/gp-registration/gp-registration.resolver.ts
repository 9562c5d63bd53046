import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { BadUserInputError, ConflictError, checkPeriod, parseId, requireText } from '@caregraph/kit';
import { GpRegistration } from './gp-registration.entity.js';
import type { Context } from '../context.js';

/** GP practice ODS codes: one letter and five digits (e.g. A81001). */
const ODS_CODE = /^[A-Z]\d{5}$/;

@InputType()
export class RegisterWithGpInput {
  @Field(() => ID)
  childId!: string;

  @Field()
  practiceName!: string;

  @Field({ description: 'The practice’s NHS ODS code, e.g. A81001.' })
  odsCode!: string;

  @Field(() => GraphQLLocalDate)
  registeredFrom!: string;
}

@Resolver(() => GpRegistration)
export class GpRegistrationResolver {
  @Mutation(() => GpRegistration, { nullable: true, description: 'Registers the child with a GP practice; the current registration ends the same day.' })
  async registerWithGp(@Arg('input', () => RegisterWithGpInput) input: RegisterWithGpInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    checkPeriod(input.registeredFrom, null, ['registeredFrom']);
    const practiceName = requireText(input.practiceName, 'practiceName', 200);
    const odsCode = input.odsCode.trim().toUpperCase();
    if (!ODS_CODE.test(odsCode)) throw new BadUserInputError('odsCode is not a GP practice ODS code', 'odsCode');
    return ctx.access.write(childId, async (tx) => {
      const current = await tx.findOne(GpRegistration, { childId, registeredTo: null });
      if (current) {
        if (current.odsCode === odsCode) throw new ConflictError('the child is already registered with this practice');
        if (current.registeredFrom > input.registeredFrom) throw new ConflictError('registeredFrom is before the current registration began');
        current.registeredTo = input.registeredFrom;
        // Updates flush after inserts: end the current one first, or the one-current index rejects the new one.
        await tx.flush();
      }
      return tx.create(GpRegistration, { childId, practiceName, odsCode, registeredFrom: input.registeredFrom });
    });
  }
}
