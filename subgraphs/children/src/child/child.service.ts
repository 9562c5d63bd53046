import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, ConflictError, grantRelations, NotFoundError, requireText, today } from '@caregraph/kit';
import { Child } from './child.entity.js';
import type { RecordChildInput } from './child.inputs.js';
import { recordAllocation } from '../allocation/allocation.service.js';

const UPN = /^[A-Z]\d{11}[0-9A-Z]$/;
const LA_CHILD_ID = /^[A-Za-z0-9-]{1,20}$/;

/** NHS numbers carry a modulus 11 check digit. */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const sum = [...value.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  return (check === 11 ? 0 : check) === Number(value[9]);
}

/** Records a new child on `la`'s records (which puts the child in that LA's dpo scope). */
export async function recordChild(write: (change: (tx: EntityManager) => Promise<Child>) => Promise<Child>, input: RecordChildInput, la: string): Promise<Child> {
  if (!LA_CHILD_ID.test(input.laChildId)) throw new BadUserInputError('laChildId is malformed', 'laChildId');
  if (input.dateOfBirth > today()) throw new BadUserInputError('dateOfBirth is in the future', 'dateOfBirth');
  if (input.upn != null && !UPN.test(input.upn)) throw new BadUserInputError('upn is malformed', 'upn');
  if ((input.upn == null) === (input.upnUnknownReason == null)) {
    throw new BadUserInputError('give exactly one of upn and upnUnknownReason', 'upn');
  }
  if (input.nhsNumber != null && !isValidNhsNumber(input.nhsNumber)) {
    throw new BadUserInputError('nhsNumber is not a valid NHS number', 'nhsNumber');
  }
  const worker = {
    workerId: requireText(input.socialWorker.workerId, 'workerId', 100),
    workerName: requireText(input.socialWorker.workerName, 'workerName', 200),
    teamId: input.socialWorker.teamId ?? null,
  };
  return write(async (tx) => {
    if (await tx.count(Child, { laChildId: input.laChildId })) throw new ConflictError('laChildId is already recorded');
    const child = tx.create(Child, {
      laChildId: input.laChildId,
      legalGivenName: requireText(input.legalGivenName, 'legalGivenName', 200),
      legalFamilyName: requireText(input.legalFamilyName, 'legalFamilyName', 200),
      preferredName: input.preferredName == null ? null : requireText(input.preferredName, 'preferredName', 200),
      dateOfBirth: input.dateOfBirth,
      sex: input.sex,
      ethnicity: input.ethnicity,
      upn: input.upn ?? null,
      upnUnknownReason: input.upnUnknownReason ?? null,
      nhsNumber: input.nhsNumber ?? null,
    });
    await tx.flush();
    await grantRelations(tx, 'children', [{ relation: 'la_child', subject: la, childId: child.id, from: today() }]);
    await recordAllocation(tx, child, { role: 'SOCIAL_WORKER', ...worker, startDate: today() });
    return child;
  });
}

/** The child a write is about (already checked in scope); an unknown child is NOT_FOUND and nothing is written. */
export async function requireChild(em: EntityManager, id: string): Promise<Child> {
  const child = await em.findOne(Child, { id });
  if (!child) throw new NotFoundError('child');
  return child;
}
