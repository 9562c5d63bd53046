import { readFileSync } from 'node:fs';
import { story } from '@caregraph/demo';
import type { Principal } from '@caregraph/schema';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { principal } from './helpers/identity.js';
import type { GraphQLResponse } from './helpers/http.js';

/**
 * Every GraphQL example in README.md, read from the README itself and sent to a hub on the demo data as the
 * token the README's example makes (`npm run -s token -- --role ...`): each answers without an error. A README
 * edit that breaks an example, or a schema change that breaks the README, fails here.
 */
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ stories: 40 });
}, 180_000);
afterAll(() => hub?.stop());

/** The principal `npm run -s token -- <args>` would sign (scripts/src/token.ts): role, sub, team, child, school, agency, agreement, purpose. */
function tokenOf(line: string, vars: Record<string, string>): Principal {
  const args = line.slice(line.indexOf('--role')).replace(/\).*$/, '').replace(/\$(\w+)/g, (_, v: string) => vars[v] ?? '').match(/--\w+ ("[^"]*"|\S+)/g) ?? [];
  const opt = Object.fromEntries(args.map((a) => { const [k, ...v] = a.split(' '); return [k!.slice(2), v.join(' ').replace(/^"|"$/g, '')]; }));
  return principal(opt.role as Principal['role'], {
    ...(opt.sub ? { sub: opt.sub } : {}), ...(opt.team ? { team: opt.team } : {}), ...(opt.child ? { childId: opt.child } : {}),
    ...(opt.school ? { schoolUrn: opt.school } : {}), ...(opt.agency ? { agency: opt.agency } : {}), ...(opt.agreement ? { agreement: opt.agreement } : {}),
    ...(opt.purpose ? { purpose: opt.purpose } : {}),
  });
}

interface Example { where: string; who: Principal; body: { query: string; variables?: Record<string, unknown> } }

/** The requests of every ```sh block, in order, with the shell variables they set (ME, ENTRY from an answer). */
function shellExamples(): { block: string; run: (send: (e: Example) => Promise<GraphQLResponse>) => Promise<number> }[] {
  const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.map((block) => ({
    block,
    async run(send) {
      const vars: Record<string, string> = {};
      let who: Principal | undefined;
      let mode: 'query' | 'json' = 'query';
      let sent = 0;
      const lines = block.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        const set = /^(\w+)=([0-9a-f-]{36})/.exec(line);
        if (set) vars[set[1]!] = set[2]!;
        if (/^TOKEN=\$\(npm run -s token -- /.test(line)) who = tokenOf(line, vars);
        if (/^q\(\)/.test(line)) mode = line.includes('{\\"query\\":\\"$1\\"}') ? 'query' : 'json';
        const q = /^q '(.*)'(\s+#.*)?$/.exec(line);
        const d = /^\s*-d '(\{.*\})'\s*$/.exec(line);
        if (!who || !(q || d)) continue;
        const raw = (q?.[1] ?? d![1]!).replace(/'\$(\w+)'/g, (_, v: string) => vars[v] ?? '');
        const body = q && mode === 'query' ? { query: raw } : (JSON.parse(raw) as Example['body']);
        const r = await send({ where: `README line: ${line.trim().slice(0, 80)}`, who, body });
        sent++;
        const id = (Object.values(r.data ?? {})[0] as { id?: string } | null)?.id;
        if (id && /^ENTRY=/.test(lines[i + 1] ?? '')) vars.ENTRY = id;
      }
      return sent;
    },
  }));
}

const expectAnswered = (r: GraphQLResponse, where: string) => {
  expect({ where, status: r.status, errors: r.errors }).toEqual({ where, status: 200, errors: undefined });
  expect(r.data).toBeTruthy();
};

describe('README examples', () => {
  it('names the first demo care leaver as the demo data does', () => {
    expect(README).toContain(`ME=${story(0).id}`);
  });

  it('answers every request of every shell example, as the token it makes', async () => {
    let total = 0;
    for (const example of shellExamples()) {
      total += await example.run(async (e) => {
        const r = await hub.queryAs(e.who, e.body.query, e.body.variables);
        expectAnswered(r, e.where);
        return r;
      });
    }
    // identity (1), care leaver (4: chronology, codes with their labels, case notes, access log), voice (3), combined view (1), finding children (1)
    expect(total).toBe(10);
  });

  it('answers the combined child view (the graphql block) for a child, as the DPO', async () => {
    const [query] = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/#.*$/gm, ''));
    expect(query).toContain('query CombinedView');
    const r = await hub.queryAs(principal('dpo'), query!, { id: story(5).id });
    expectAnswered(r, 'README CombinedView');
    expect(r.data?.child?.legalGivenName).toEqual(expect.any(String));
  });
});
