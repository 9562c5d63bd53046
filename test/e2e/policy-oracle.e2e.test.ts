import { ROLES, type Role } from '../policy/expected.js';
import { BOUNDARY_NAMES, startOracle, type Oracle } from '../policy/oracle-harness.js';

/**
 * The independent policy oracle over HTTP: every role x every field group (policy.md, as hand-written in
 * test/policy/expected.ts) in scope and out of scope, every root query and mutation, and every row rule's
 * boundary case (after the placement ended, before 16, expired agreement, other agency, no agency, another
 * child's id, overlapping redaction spans, repeated phrase, title, family contact, carers, the designated
 * teacher's writes at another school, voice as chosen, chronology without crashes).
 */
let oracle: Oracle;
const failures: string[] = [];

beforeAll(async () => {
  oracle = await startOracle();
}, 180_000);

afterAll(async () => {
  if (failures.length) console.log(`policy oracle: ${failures.length} expectations fail:\n  ${failures.join('\n  ')}`);
  await oracle?.stop();
});

const record = (found: string[]) => {
  failures.push(...found);
  return found;
};

describe('policy oracle over HTTP (expected.ts, not the policy code)', () => {
  it.each(ROLES)('%s: every field group in scope', async (role: Role) => {
    expect(record(await oracle.checkRole(role, `e2e in ${role}`))).toEqual([]);
  });

  it.each(ROLES)('%s: the child out of scope is null + FORBIDDEN and never listed', async (role: Role) => {
    expect(record(await oracle.checkOutOfScope(role, `e2e out ${role}`))).toEqual([]);
  });

  it.each(ROLES)('%s: root queries and mutations (denied: null + FORBIDDEN, audited as refused)', async (role: Role) => {
    expect(record(await oracle.checkRoots(role, `e2e roots ${role}`))).toEqual([]);
  });

  it.each(BOUNDARY_NAMES)('boundary: %s', async (name) => {
    expect(record(await oracle.boundaries[name](`e2e ${name}`))).toEqual([]);
  });
});
