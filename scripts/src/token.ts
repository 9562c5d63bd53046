import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEMO_LA } from '@caregraph/demo';
import { ROLES, principalSchema } from '@caregraph/schema';
import { ensureLocalKeys, signToken } from './keys.js';

/**
 * `npm run token -- --role <role> [--sub --la --team --child --school --agency --agreement --purpose --ttl]`
 * prints a JWT (alone, on one line) signed with the hub's local key.
 */
const { values } = parseArgs({
  options: Object.fromEntries(
    ['role', 'sub', 'la', 'team', 'child', 'school', 'agency', 'agreement', 'purpose', 'ttl'].map((o) => [o, { type: 'string' }]),
  ) as Record<string, { type: 'string' }>,
});
const fail = (message: string): never => {
  process.stderr.write(`${message}\nusage: npm run token -- --role <${ROLES.join('|')}> [--sub id] [--la code] [--team id] [--child id] [--school urn] [--agency id] [--agreement id] [--purpose text] [--ttl seconds]\n`);
  process.exit(2);
};
const ttl = Number(values.ttl ?? 3600);
if (!Number.isInteger(ttl) || ttl < 1) fail('--ttl must be a positive number of seconds');
const claims = principalSchema.safeParse({
  role: values.role,
  sub: values.sub ?? `user-${randomUUID().slice(0, 8)}`,
  la: values.la ?? DEMO_LA,
  team: values.team,
  childId: values.child,
  schoolUrn: values.school,
  agency: values.agency,
  agreement: values.agreement,
  purpose: values.purpose,
});
if (!claims.success) fail(`invalid claims: ${claims.error.issues.map((i) => i.path.join('.')).join(', ')}`);
const keys = await ensureLocalKeys('.data/keys');
process.stdout.write(`${await signToken(keys.privateKeyPem, claims.data!, ttl)}\n`);
