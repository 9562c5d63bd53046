import type { EntityManager } from '@mikro-orm/postgresql';
import { endRelations, grantRelations, type RelationTuple } from '@caregraph/kit';
import type { Relation } from '@caregraph/schema';
import { Allocation } from './allocation.entity.js';
import type { Child } from '../child/child.entity.js';

const RELATION: Record<Allocation['role'], Relation> = {
  SOCIAL_WORKER: 'social_worker',
  IRO: 'iro',
  PERSONAL_ADVISER: 'personal_adviser',
};

/** The scope tuples an allocation implies: the worker, and for a social worker their team too. */
export function allocationTuples(a: Pick<Allocation, 'role' | 'workerId' | 'teamId' | 'startDate' | 'endDate'>, childId: string): RelationTuple[] {
  const tuples: RelationTuple[] = [{ relation: RELATION[a.role], subject: a.workerId, childId, from: a.startDate, to: a.endDate }];
  if (a.role === 'SOCIAL_WORKER' && a.teamId) tuples.push({ relation: 'team', subject: a.teamId, childId, from: a.startDate, to: a.endDate });
  return tuples;
}

/**
 * Allocates a worker from `startDate`: whoever held the role hands over that day, and the scope tuples
 * move with the allocation, in the caller's transaction.
 */
export async function recordAllocation(
  tx: EntityManager,
  child: Child,
  a: Pick<Allocation, 'role' | 'workerId' | 'workerName' | 'teamId' | 'startDate'>,
): Promise<Allocation> {
  const current = await tx.findOne(Allocation, { child, role: a.role, endDate: null });
  if (current) {
    current.endDate = a.startDate;
    await endRelations(tx, { relation: RELATION[a.role], childId: child.id, subject: current.workerId, at: a.startDate });
    if (a.role === 'SOCIAL_WORKER' && current.teamId) {
      await endRelations(tx, { relation: 'team', childId: child.id, subject: current.teamId, at: a.startDate });
    }
  }
  const allocation = tx.create(Allocation, { child, ...a, endDate: null });
  await tx.flush();
  await grantRelations(tx, 'children', allocationTuples(allocation, child.id));
  return allocation;
}
