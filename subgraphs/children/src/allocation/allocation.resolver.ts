import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ConflictError, checkPeriod, parseId, requireText } from '@caregraph/kit';
import { recordAllocation } from './allocation.service.js';
import { AllocationRole } from '../codes.js';
import { requireChild } from '../child/child.service.js';
import { Allocation } from './allocation.entity.js';
import { WorkerInput } from '../child/child.inputs.js';
import type { Context } from '../context.js';

@InputType()
export class AllocateWorkerInput extends WorkerInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => AllocationRole)
  role!: keyof typeof AllocationRole;

  @Field(() => GraphQLLocalDate)
  startDate!: string;
}

@Resolver(() => Allocation)
export class AllocationResolver {
  @Mutation(() => Allocation, { nullable: true, description: 'Allocates a professional; whoever held the same role hands over that day.' })
  async allocateWorker(@Arg('input', () => AllocateWorkerInput) input: AllocateWorkerInput, @Ctx() ctx: Context) {
    const childId = parseId(input.childId, 'childId');
    checkPeriod(input.startDate, null);
    const workerId = requireText(input.workerId, 'workerId', 100);
    const workerName = requireText(input.workerName, 'workerName', 200);
    return ctx.access.write(childId, async (tx) => {
      const child = await requireChild(tx, childId);
      const current = await tx.findOne(Allocation, { child, role: input.role, endDate: null });
      if (current?.workerId === workerId) throw new ConflictError('this worker already holds the allocation');
      if (current && current.startDate > input.startDate) throw new ConflictError('startDate is before the current allocation began');
      return recordAllocation(tx, child, { role: input.role, workerId, workerName, teamId: input.teamId ?? null, startDate: input.startDate });
    });
  }
}
