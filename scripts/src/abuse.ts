import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_LA } from '@caregraph/demo';
import type { Principal } from '@caregraph/schema';
import { startFuzzHub, writeResultsSection } from './fuzz.js';

/**
 * `npm run abuse`: the abuse documents of issue 10 against a hub of its own (separate processes, as `npm
 * start` runs them, so this client does not share the gateway's event loop), while another client keeps
 * asking a small query. Targets: each abuse document refused with QUERY_TOO_COMPLEX in < 50 ms; the other
 * client's p99 < 200 ms meanwhile. Figures go to reliability/RESULTS.md (section "abuse").
 */

const CHILD = '20bf066f-9258-4ee3-ae0e-71fa89b11a8f';

/** The documents the issue measured (the same shapes test/edge/limits.test.ts refuses). */
export function abuseDocuments(): Record<string, string> {
  let nested = 'id legalGivenName';
  for (let i = 0; i < 6; i++) nested = `placements { child { ${nested} } }`;
  const bomb = Array.from({ length: 18 }, (_, i) =>
    i === 17 ? 'fragment F17 on Child { id legalGivenName }' : `fragment F${i} on Child { ...F${i + 1} placements { child { ...F${i + 1} } } }`,
  );
  const chain = Array.from({ length: 10_000 }, (_, i) => (i === 9_999 ? `fragment F${i} on Child { id }` : `fragment F${i} on Child { ...F${i + 1} }`));
  const chronology = (alias: string) => `${alias}: chronology(first: 100) { edges { node { date domain kind title body redactions { content exemption explanation } } } }`;
  return {
    'child.placements nested six levels': `{ child(id: "${CHILD}") { ${nested} } }`,
    '1,000 aliases': `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: children(first: 100) { edges { node { id } } }`).join(' ')} }`,
    '18-level fragment bomb': `{ children(first: 100) { edges { node { ...F0 } } } } ${bomb.join(' ')}`,
    '10,000 chained fragments': `{ children(first: 1) { edges { node { ...F0 } } } } ${chain.join(' ')}`,
    'cost: two 100 x 100 chronologies': `{ children(first: 100) { edges { node { ${chronology('a')} ${chronology('b')} } } } }`,
  };
}

const SMALL_QUERY = '{ children(first: 5) { edges { node { id legalGivenName } } } }';

interface Timed {
  ms: number;
  status: number;
  codes: string[];
}

async function timedPost(url: string, token: string, query: string): Promise<Timed> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    return { ms: performance.now() - started, status: res.status, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)) };
  } catch {
    return { ms: performance.now() - started, status: 0, codes: ['NO_ANSWER'] };
  }
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');

/** The other client: one small query after another until `until` resolves. */
async function steadyClient(url: string, token: string, stop: { done: boolean }): Promise<Timed[]> {
  const out: Timed[] = [];
  while (!stop.done) out.push(await timedPost(url, token, SMALL_QUERY));
  return out;
}

async function main() {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, attackers: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } } });
  const rounds = Number(values.rounds ?? 40);
  const attackers = Number(values.attackers ?? 1);
  if (values.url && !values.token) throw new Error('--url needs --token (any valid token: npm run -s token -- --role dpo)');
  const hub = values.url
    ? { gatewayUrl: values.url, bearer: async () => values.token!, stop: async () => undefined }
    : (console.log('Starting a hub of its own (embedded PostgreSQL, 4 subgraph processes, gateway process)...'), await startFuzzHub({ stories: 50, processes: true }));
  const stopOnSignal = () => void hub.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const token = await hub.bearer({ sub: 'abuse-dpo', role: 'dpo', la: DEMO_LA } as Principal);
    const otherToken = await hub.bearer({ sub: 'other-client', role: 'social_worker', la: DEMO_LA } as Principal);
    const url = hub.gatewayUrl;
    const documents = abuseDocuments();
    const loadBefore = loadavg()[0]!;

    // Warm-up, then the other client alone.
    for (let i = 0; i < 20; i++) await timedPost(url, otherToken, SMALL_QUERY);
    const alone = { done: false };
    const aloneRun = steadyClient(url, otherToken, alone);
    await new Promise((r) => setTimeout(r, 5_000));
    alone.done = true;
    const baseline = await aloneRun;

    // The abuse: `attackers` clients each sending every document `rounds` times, while the other client goes on.
    const during = { done: false };
    const duringRun = steadyClient(url, otherToken, during);
    const refusals: Record<string, Timed[]> = Object.fromEntries(Object.keys(documents).map((k) => [k, []]));
    const started = performance.now();
    await Promise.all(
      Array.from({ length: attackers }, async () => {
        for (let r = 0; r < rounds; r++) {
          for (const [name, query] of Object.entries(documents)) refusals[name]!.push(await timedPost(url, token, query));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    during.done = true;
    const underAbuse = await duringRun;

    const rows = Object.entries(refusals).map(([name, list]) => {
      const refused = list.filter((t) => t.status === 400 && t.codes.length > 0 && t.codes.every((c) => c === 'QUERY_TOO_COMPLEX')).length;
      const times = list.map((t) => t.ms);
      const bytes = Buffer.byteLength(JSON.stringify({ query: documents[name] }));
      return { name, bytes, sent: list.length, refused, p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(...times) };
    });
    const small = (list: Timed[]) => ({ n: list.length, ok: list.filter((t) => t.status === 200 && t.codes.length === 0).length, p50: percentile(list.map((t) => t.ms), 50), p99: percentile(list.map((t) => t.ms), 99) });
    const before = small(baseline);
    const meanwhile = small(underAbuse);
    const refusedFast = rows.every((r) => r.refused === r.sent && r.max < 50);
    const othersFine = meanwhile.ok === meanwhile.n && meanwhile.p99 < 200;
    writeResultsSection('abuse', `## Abuse refused before execution: \`npm run abuse\`

${new Date().toISOString()}, ${values.url ? 'against a running hub' : 'a hub of its own (50 demo children; gateway and subgraphs as separate processes, production settings)'}.
Machine: ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after (other work shares these cores; latencies rise with it).
${attackers} attacking clients each sent every document ${rounds} times (${seconds.toFixed(1)} s) while another client (a social
worker) asked \`${SMALL_QUERY}\` one request after another. Times are round trips seen by the client.

| abuse document | request bytes | sent | refused with QUERY_TOO_COMPLEX (400) | p50 ms | p99 ms | max ms | target |
|---|---:|---:|---:|---:|---:|---:|---|
${rows.map((r) => `| ${r.name} | ${r.bytes} | ${r.sent} | ${r.refused} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | every one refused, < 50 ms |`).join('\n')}

| the other client's small query | requests | answered 200 without errors | p50 ms | p99 ms | target |
|---|---:|---:|---:|---:|---|
| alone (5 s) | ${before.n} | ${before.ok} | ${ms(before.p50)} | ${ms(before.p99)} | |
| during the abuse | ${meanwhile.n} | ${meanwhile.ok} | ${ms(meanwhile.p50)} | ${ms(meanwhile.p99)} | p99 < 200 ms |

${refusedFast && othersFine ? 'Every figure is on target.' : 'Not on target: see the rows above.'}
`);
    console.log(rows.map((r) => `${r.name}: ${r.refused}/${r.sent} refused, p99 ${ms(r.p99)} ms, max ${ms(r.max)} ms`).join('\n'));
    console.log(`other client: alone p99 ${ms(before.p99)} ms; during the abuse p99 ${ms(meanwhile.p99)} ms (${meanwhile.ok}/${meanwhile.n} ok)`);
    console.log('written to reliability/RESULTS.md');
    if (!(refusedFast && othersFine)) process.exitCode = 1;
  } finally {
    await hub.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`abuse failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
