import { AccessControl } from '@caregraph/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AllowAllAccess, NEUTRAL_METHODS } from '../src/allow-all.js';

/** The benchmark's allow-all access control really allows all, and keeps up with AccessControl. */
const methods = (proto: object) => Object.getOwnPropertyNames(proto).filter((n) => typeof (proto as Record<string, unknown>)[n] === 'function');

it('overrides every method of AccessControl that decides or audits (a new one must be added to bench/src/allow-all.ts)', () => {
  const overridden = new Set(methods(AllowAllAccess.prototype));
  const missing = methods(AccessControl.prototype).filter((m) => !NEUTRAL_METHODS.includes(m) && !overridden.has(m));
  expect(missing).toEqual([]);
});

it('allows every coordinate, sees every child, filters and redacts nothing, and writes no audit entry', async () => {
  const executed: string[] = [];
  const em = {
    getConnection: () => ({ execute: async (sql: string) => (executed.push(sql), [{ id: 'x' }]) }),
    transactional: async <T>(f: (tx: unknown) => Promise<T>) => f('tx'),
  } as unknown as EntityManager;
  const access = await AllowAllAccess.create({ sub: 'x', role: 'analyst', la: 'E09000017' }, em, { subgraph: 'children', requestId: 'r' });
  expect(access).toBeInstanceOf(AccessControl);
  expect(['Child.caseNotes', 'Child.healthConditions', 'Query.accessEvents', 'Mutation.recordChild'].every((c) => access.field(c))).toBe(true);
  expect(await access.canSeeChild('00000000-0000-4000-8000-000000000000')).toBe(true);
  await expect(access.requireChild('anything')).resolves.toBeUndefined();
  expect(await access.filterByChild([1, 2, 3], String)).toEqual([1, 2, 3]);
  expect(access.childFilter('c.id')).toEqual({ sql: 'true', params: [] });
  expect(access.keepDated('CaseNote.body', [1, 2], () => ({ date: '2001-01-01', dateOfBirth: '2000-01-01' }))).toEqual([1, 2]);
  expect(access.mayHear({ childId: 'c', visibleTo: [] } as never)).toBe(true);
  expect(access.keepCarer({ carerId: 'carer-1', linkedToChildInScope: false })).toBe(true);
  expect(() => access.requireSchool('100001', 'c')).not.toThrow();
  expect(access.redact({ fields: { body: 'Jo lives at 1 High St' }, source: 'Jo lives at 1 High St', spans: [{ start: 0, end: 2, kind: 'THIRD_PARTY' }] as never })).toEqual({ fields: { body: 'Jo lives at 1 High St' }, kinds: [] });
  expect(access.withholdsFamilyContact()).toBe(false);
  expect(await access.write('c', async (tx) => `wrote in ${tx}`)).toBe('wrote in tx');
  await access.flushAudit();
  expect(executed).toEqual([]);
});
