import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_LA } from '@caregraph/demo';
import type { Principal } from '@caregraph/schema';
import { writeResultsSection } from './fuzz.js';
import type { ServiceName, SupervisedHub } from './hub.js';

/**
 * `npm run soak [-- --minutes 10 --children 200]`: the hub as `npm start` runs it (five processes, embedded
 * PostgreSQL of its own), first driven flat out to measure its maximum rate for the mix below, then held at
 * 80% of that rate for the given minutes, open loop (requests leave on schedule whether or not earlier ones
 * have answered). The RSS of every service is sampled every 5 s. Target: no error, and every service's RSS
 * flat within 10% after the first minute (median of the last minute against the second minute's). Figures go to reliability/RESULTS.md under "Soak".
 *
 * Mix: 45% a combined view of 10 children (all four subgraphs), 35% one child with their placements and school,
 * 10% one child's chronology, 10% writes (a case note, as the child's allocated social worker).
 */
const SERVICES: ServiceName[] = ['gateway', 'children', 'placements', 'education', 'health'];
const CALIBRATION_SECONDS = 20;
const CALIBRATION_CONCURRENCY = 16;
const MAX_IN_FLIGHT = 256;
const REQUEST_TIMEOUT_MS = 30_000;

interface Soak {
  url: string;
  dpo: string;
  writers: { token: string; childId: string }[];
  childIds: string[];
}

type Kind = 'combined' | 'child' | 'chronology' | 'write';

const QUERIES: Record<Kind, string> = {
  combined: 'query SoakCombined { children(first: 10) { edges { node { id legalGivenName placements { placementType startDate } schoolEnrolments { urn } healthAssessments { kind dueOn } } } } }',
  child: 'query SoakChild($id: ID!) { child(id: $id) { id legalGivenName dateOfBirth placements { placementType startDate endDate } currentSchool { urn } } }',
  chronology: 'query SoakChronology($id: ID!) { child(id: $id) { chronology(first: 20) { edges { node { date kind title } } } } }',
  write: 'mutation SoakNote($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id } }',
};

function pick(n: number): Kind {
  const r = n % 20;
  return r < 9 ? 'combined' : r < 16 ? 'child' : r < 18 ? 'chronology' : 'write';
}

interface Outcome { ok: boolean; ms: number; kind: Kind; error?: string }

async function send(s: Soak, n: number): Promise<Outcome> {
  const kind = pick(n);
  const started = performance.now();
  let token = s.dpo;
  let variables: Record<string, unknown> = {};
  if (kind === 'child' || kind === 'chronology') variables = { id: s.childIds[n % s.childIds.length] };
  if (kind === 'write') {
    const w = s.writers[n % s.writers.length]!;
    token = w.token;
    variables = { input: { childId: w.childId, occurredOn: '2026-01-01', category: 'VISIT', authorId: 'soak', authorName: 'Soak test', title: `Soak visit ${n}`, body: 'A routine visit recorded by the soak test.' } };
  }
  try {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERIES[kind], variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    const ms = performance.now() - started;
    if (res.status !== 200) return { ok: false, ms, kind, error: `http_${res.status}` };
    if (body.errors?.length) return { ok: false, ms, kind, error: body.errors[0]?.extensions?.code ?? 'UNCODED' };
    return { ok: true, ms, kind };
  } catch (err) {
    return { ok: false, ms: performance.now() - started, kind, error: (err as Error).name === 'TimeoutError' ? 'timeout' : 'no_answer' };
  }
}

/** Closed loop, `concurrency` clients flat out: requests per second the hub sustains for this mix. */
async function measureMaxRate(s: Soak, seconds: number, concurrency: number): Promise<{ rate: number; errors: number }> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const o = await send(s, n++);
        done++;
        if (!o.ok) errors++;
      }
    }),
  );
  return { rate: done / seconds, errors };
}

function rssOf(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Sample { at: number; rss: Partial<Record<ServiceName, number>> }

/** Open loop at `rate` per second for `minutes`, sampling RSS every 5 s. */
async function hold(s: Soak, hub: SupervisedHub, rate: number, minutes: number) {
  const outcomes: Outcome[] = [];
  const samples: Sample[] = [];
  const started = performance.now();
  const end = started + minutes * 60_000;
  let sent = 0;
  let inFlight = 0;
  let shed = 0;
  const pending = new Set<Promise<void>>();
  const sample = () => samples.push({ at: (performance.now() - started) / 1000, rss: Object.fromEntries(SERVICES.map((name) => [name, rssOf(hub.pid(name))])) });
  sample();
  let nextSample = started + 5_000;
  let lastReport = started;
  while (performance.now() < end) {
    const now = performance.now();
    const owed = Math.floor(((now - started) / 1000) * rate) - sent;
    for (let i = 0; i < owed; i++) {
      sent++;
      // A hub that falls behind would grow the client's queue without bound: count it, don't queue it.
      if (inFlight >= MAX_IN_FLIGHT) {
        shed++;
        continue;
      }
      inFlight++;
      const p = send(s, sent).then((o) => {
        outcomes.push(o);
        inFlight--;
        pending.delete(p);
      });
      pending.add(p);
    }
    if (now >= nextSample) {
      sample();
      nextSample += 5_000;
    }
    if (now - lastReport >= 30_000) {
      lastReport = now;
      const errors = outcomes.filter((o) => !o.ok).length;
      console.log(`  ${((now - started) / 60_000).toFixed(1)} min: ${outcomes.length} answered, ${errors} errors, ${shed} shed, ${inFlight} in flight`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(pending);
  sample();
  return { outcomes, samples, sent, shed, seconds: (performance.now() - started) / 1000 };
}

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

async function startSoakHub(children: number): Promise<{ hub: SupervisedHub; soak: Soak; stop(): Promise<void> }> {
  const { freePort } = await import('./embedded-postgres.js');
  const { SUBGRAPH_DEFINITIONS } = await import('./subgraphs.js');
  const { identityEnv, signToken } = await import('./keys.js');
  const { startHubProcesses } = await import('./hub.js');
  const { startScratchDatabase } = await import('./scratch-hub.js');
  const scratch = await startScratchDatabase('soak', children);
  const { keys, stops, stop } = scratch;
  const db = { url: scratch.serviceUrl };
  try {
    const ports = Object.fromEntries(await Promise.all(SUBGRAPH_DEFINITIONS.map(async (d) => [d.name, await freePort()]))) as never;
    const hub = await startHubProcesses({
      databaseUrl: db.url, gatewayPort: await freePort(), subgraphPorts: ports, logLevel: 'silent', stdio: 'ignore',
      env: { ...identityEnv(keys), NODE_ENV: 'production' },
      log: (line) => console.log(line),
    });
    stops.push(() => hub.stop());
    const token = (p: Principal) => signToken(keys.privateKeyPem, p, 6 * 3600);
    const dpo = await token({ sub: 'soak-dpo', role: 'dpo', la: DEMO_LA, purpose: 'soak test' } as Principal);
    const res = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${dpo}` },
      body: JSON.stringify({ query: '{ children(first: 50) { edges { node { id allocations { role workerId endDate } } } } }' }),
    });
    const edges = ((await res.json()) as { data?: { children?: { edges: { node: { id: string; allocations?: { role: string; workerId: string; endDate: string | null }[] } }[] } } }).data?.children?.edges ?? [];
    const childIds = edges.map((e) => e.node.id);
    const writers: Soak['writers'] = [];
    for (const { node } of edges) {
      const sw = node.allocations?.find((a) => a.role === 'SOCIAL_WORKER' && a.endDate === null);
      if (sw && writers.length < 20) writers.push({ childId: node.id, token: await token({ sub: sw.workerId, role: 'social_worker', la: DEMO_LA } as Principal) });
    }
    if (!childIds.length || !writers.length) throw new Error('the demo data has no children with an allocated social worker to write as');
    return { hub, soak: { url: hub.gatewayUrl, dpo, writers, childIds }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function main() {
  const { values } = parseArgs({ options: { minutes: { type: 'string' }, children: { type: 'string' } } });
  const minutes = Number(values.minutes ?? 10);
  const children = Number(values.children ?? 200);
  if (!(minutes > 0)) throw new Error('--minutes must be a positive number');
  console.log(`Starting a hub of its own (embedded PostgreSQL, ${children} demo children, 4 subgraphs, gateway as processes)...`);
  const { hub, soak, stop } = await startSoakHub(children);
  try {
    // Each kind once, so the soak does not start by measuring a mix that cannot work.
    for (let n = 0; n < 20; n++) {
      const o = await send(soak, n);
      if (!o.ok) throw new Error(`a ${o.kind} request failed before the soak started (${o.error})`);
    }
    console.log(`Measuring the maximum rate (${CALIBRATION_SECONDS} s, ${CALIBRATION_CONCURRENCY} clients flat out)...`);
    const max = await measureMaxRate(soak, CALIBRATION_SECONDS, CALIBRATION_CONCURRENCY);
    const rate = Math.max(1, Math.floor(max.rate * 0.8));
    console.log(`Maximum ${max.rate.toFixed(1)} req/s (${max.errors} errors); holding ${rate} req/s for ${minutes} min...`);
    const run = await hold(soak, hub, rate, minutes);

    const latencies = run.outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const errors = run.outcomes.filter((o) => !o.ok);
    const errorKinds: Record<string, number> = {};
    for (const e of errors) errorKinds[`${e.kind}: ${e.error}`] = (errorKinds[`${e.kind}: ${e.error}`] ?? 0) + 1;
    const byKind: Record<string, number> = {};
    for (const o of run.outcomes) byKind[o.kind] = (byKind[o.kind] ?? 0) + 1;
    // Flat = no trend: RSS saws up and down with garbage collection (20-30% here), so the second minute's median
    // is compared with the last minute's. The sawtooth's range after the first minute is reported too.
    const afterFirstMinute = run.samples.filter((s) => s.at >= 60);
    const secondMinute = run.samples.filter((s) => s.at >= 60 && s.at < 120);
    const lastMinute = run.samples.filter((s) => s.at >= run.seconds - 60);
    const rssRows = SERVICES.map((name) => {
      const of = (samples: Sample[]) => samples.map((s) => s.rss[name]).filter((v): v is number => v !== undefined);
      const values = of(afterFirstMinute);
      const first = run.samples[0]?.rss[name];
      const min = values.length ? Math.min(...values) : undefined;
      const maxRss = values.length ? Math.max(...values) : undefined;
      const baseline = median(of(secondMinute));
      const end = median(of(lastMinute));
      const drift = baseline && end ? (end - baseline) / baseline : undefined;
      return { name, first, min, max: maxRss, baseline, end, drift, flat: drift !== undefined && Math.abs(drift) <= 0.1 };
    });
    const restarts = hub.restarts();
    const achieved = run.outcomes.length / run.seconds;
    const onTarget = errors.length === 0 && run.shed === 0 && rssRows.every((r) => r.flat) && Object.values(restarts).every((n) => n === 0);
    const markdown = [
      `## Soak: \`npm run soak -- --minutes ${minutes}\``,
      '',
      `${new Date().toISOString()}, a hub of its own (${children} demo children, five processes as \`npm start\` runs them, production`,
      `settings, embedded PostgreSQL), on this machine (${(await import('node:os')).cpus().length} cores, shared). Mix: 45% a combined view of`,
      '10 children (all four subgraphs), 35% one child with placements and school, 10% one chronology, 10% case-note',
      'writes as the allocated social worker. Maximum rate measured closed-loop (16 clients, 20 s); the soak holds 80% of',
      'it open-loop (requests leave on schedule). RSS read from /proc every 5 s.',
      '',
      '| figure | value | target |',
      '|---|---:|---:|',
      `| measured maximum | ${max.rate.toFixed(1)} req/s (${max.errors} errors) | |`,
      `| held rate | ${rate} req/s scheduled, ${achieved.toFixed(1)} req/s answered | 80% of maximum |`,
      `| duration | ${(run.seconds / 60).toFixed(1)} min | ${minutes} min |`,
      `| requests answered | ${run.outcomes.length} (${Object.entries(byKind).map(([k, v]) => `${k} ${v}`).join(', ')}) | |`,
      `| errors (non-200, GraphQL errors, timeouts) | ${errors.length} | 0 |`,
      `| shed by the client (over ${MAX_IN_FLIGHT} in flight) | ${run.shed} | 0 |`,
      `| latency p50 / p95 / p99 / max | ${percentile(latencies, 50).toFixed(0)} / ${percentile(latencies, 95).toFixed(0)} / ${percentile(latencies, 99).toFixed(0)} / ${(latencies.at(-1) ?? 0).toFixed(0)} ms | |`,
      `| service restarts | ${Object.values(restarts).reduce((a, b) => a + b, 0)} | 0 |`,
      '',
      '| service | RSS at start | min / max after the first minute (GC sawtooth) | median, 2nd minute | median, last minute | drift | flat within 10% |',
      '|---|---:|---:|---:|---:|---:|:---:|',
      ...rssRows.map((r) => `| ${r.name} | ${mb(r.first)} | ${mb(r.min)} / ${mb(r.max)} | ${mb(r.baseline)} | ${mb(r.end)} | ${r.drift === undefined ? 'n/a' : `${r.drift >= 0 ? '+' : ''}${(r.drift * 100).toFixed(1)}%`} | ${r.flat ? 'yes' : 'no'} |`),
      ...(minutes < 3 ? ['', `A ${minutes}-minute run checks that the soak works: its second and last minutes overlap, so the drift says little.`] : []),
      '',
      onTarget ? 'On target.' : `Not on target.${errors.length ? ` Errors: ${JSON.stringify(errorKinds)}.` : ''}`,
    ].join('\n');
    writeResultsSection('soak', markdown);
    console.log(markdown);
    console.log('\nWritten to reliability/RESULTS.md');
  } finally {
    await stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`soak failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
