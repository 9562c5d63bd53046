import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_LA } from '@caregraph/demo';
import type { Principal } from '@caregraph/schema';
import { writeResultsSection } from './fuzz.js';
import type { ServiceName, SupervisedHub } from './hub.js';
import type { ScratchDatabase } from './scratch-hub.js';

/**
 * `npm run soak [-- --minutes 10 --children 200]`: the hub as `npm start` runs it (five processes, embedded
 * PostgreSQL of its own), first driven flat out to measure its maximum rate for the mix below, then held at
 * 80% of that rate for the given minutes, open loop (requests leave on schedule whether or not earlier ones
 * have answered). The RSS of every service is sampled every 5 s. Target: no error, and every service's RSS
 * flat within 10% after the first minute (median of the last minute against the second minute's). Figures go to reliability/RESULTS.md under "Soak".
 * Each service's /metrics is read with the RSS: the live heap after a full GC says whether objects are retained,
 * and the young generation's size whether V8 is resizing its heap (what moves RSS when nothing is retained).
 *
 * `--v8-defaults` starts the services without the V8 flags `npm start` gives them (hub.ts, SERVICE_NODE_FLAGS), so V8
 * sizes its heap on its own: the drift those flags remove (written under "Soak with V8's default heap sizing").
 *
 * `npm run soak -- --compare-flags [--rounds 6 --seconds 15]`: what the services' V8 flags (hub.ts,
 * SERVICE_NODE_FLAGS) cost. Two hubs on one database, one with the flags and one with V8's defaults, each
 * measured closed-loop as above in alternating rounds (both see the same machine); written under "Soak: V8 flags".
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
  /** Each service's /metrics (served without a token, like /health). */
  metricsUrls: Record<ServiceName, string>;
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

/** What a service's /metrics says about its V8 heap (bytes). */
interface HeapSample {
  /** Old generation in use just after the last full GC (0 before the first): climbs if objects are retained. */
  liveAfterFullGc?: number;
  /** All V8 spaces, committed. */
  committed?: number;
  /** The young generation (both semi-spaces), committed: V8 resizes it with the allocation rate unless pinned. */
  young?: number;
}

const METRIC_LINE = (name: string, labels = '') => new RegExp(`^${name}\\{${labels}[^}]*\\} ([0-9.e+]+)$`, 'm');
const LIVE_AFTER_FULL_GC = METRIC_LINE('caregraph_heap_live_after_major_gc_bytes');
const HEAP_COMMITTED = METRIC_LINE('nodejs_heap_size_total_bytes');
const YOUNG_GENERATION = METRIC_LINE('nodejs_heap_space_size_total_bytes', 'space="new"');

async function heapOf(metricsUrl: string): Promise<HeapSample> {
  try {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(2000) })).text();
    const read = (re: RegExp) => {
      const v = re.exec(text)?.[1];
      return v === undefined ? undefined : Number(v);
    };
    const live = read(LIVE_AFTER_FULL_GC);
    return { liveAfterFullGc: live ? live : undefined, committed: read(HEAP_COMMITTED), young: read(YOUNG_GENERATION) };
  } catch {
    return {};
  }
}

/** Seconds a service has spent in garbage collection (prom-client's `nodejs_gc_duration_seconds`, every kind). */
async function gcSecondsOf(metricsUrl: string): Promise<number> {
  try {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(2000) })).text();
    return [...text.matchAll(/^nodejs_gc_duration_seconds_sum\{[^}]*\} ([0-9.e+-]+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used, in ms; clock ticks of 10 ms, Linux's USER_HZ. */
function cpuMsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

interface Sample { at: number; rss: Partial<Record<ServiceName, number>>; heap: Partial<Record<ServiceName, HeapSample>> }

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
  const sample = async () => {
    const at = (performance.now() - started) / 1000;
    const rss = Object.fromEntries(SERVICES.map((name) => [name, rssOf(hub.pid(name))]));
    const heap = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await heapOf(s.metricsUrls[name])])));
    samples.push({ at, rss, heap });
  };
  await sample();
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
      // Not awaited: the schedule of requests must not wait for a slow /metrics.
      void sample();
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
  await sample();
  samples.sort((a, b) => a.at - b.at);
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

const signedPercent = (value: number, base: number) => `${value >= base ? '+' : ''}${(((value - base) / base) * 100).toFixed(1)}%`;
const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

/** A hub (five processes, started with `nodeFlags`) on a scratch database, and the soak's tokens and ids for it. */
async function startSoakHub(scratch: ScratchDatabase, nodeFlags?: readonly string[]): Promise<{ hub: SupervisedHub; soak: Soak }> {
  const { freePort } = await import('./embedded-postgres.js');
  const { SUBGRAPH_DEFINITIONS } = await import('./subgraphs.js');
  const { identityEnv, signToken } = await import('./keys.js');
  const { startHubProcesses } = await import('./hub.js');
  const { keys, stops } = scratch;
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_DEFINITIONS.map(async (d) => [d.name, await freePort()]))) as Record<ServiceName, number>;
  ports.gateway = await freePort();
  const hub = await startHubProcesses({
    databaseUrl: scratch.serviceUrl, gatewayPort: ports.gateway, subgraphPorts: ports, logLevel: 'silent', stdio: 'ignore',
    env: { ...identityEnv(keys), NODE_ENV: 'production' },
    log: (line) => console.log(line),
    nodeFlags,
  });
  stops.push(() => hub.stop());
  const metricsUrls = Object.fromEntries(SERVICES.map((name) => [name, `http://127.0.0.1:${ports[name]}/metrics`])) as Record<ServiceName, string>;
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
  // Each kind once, so a measurement does not start with a mix that cannot work.
  const soak: Soak = { url: hub.gatewayUrl, metricsUrls, dpo, writers, childIds };
  for (let n = 0; n < 20; n++) {
    const o = await send(soak, n);
    if (!o.ok) throw new Error(`a ${o.kind} request failed before the soak started (${o.error})`);
  }
  return { hub, soak };
}

async function soakRun(minutes: number, children: number, v8Defaults: boolean) {
  console.log(`Starting a hub of its own (embedded PostgreSQL, ${children} demo children, 4 subgraphs, gateway as processes)...`);
  const { startScratchDatabase } = await import('./scratch-hub.js');
  const { SERVICE_NODE_FLAGS } = await import('./hub.js');
  const scratch = await startScratchDatabase('soak', children);
  try {
    const { hub, soak } = await startSoakHub(scratch, v8Defaults ? [] : SERVICE_NODE_FLAGS);
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
    // What RSS is made of: the live heap after a full GC (retained objects) and the young generation V8 sizes.
    const heapRows = SERVICES.map((name) => {
      const of = (samples: Sample[], key: keyof HeapSample) => samples.map((s) => s.heap[name]?.[key]).filter((v): v is number => v !== undefined);
      const young = of(afterFirstMinute, 'young');
      const committed = of(afterFirstMinute, 'committed');
      const liveBaseline = median(of(secondMinute, 'liveAfterFullGc'));
      const liveEnd = median(of(lastMinute, 'liveAfterFullGc'));
      return {
        name,
        young: young.length ? `${mb(Math.min(...young))} / ${mb(Math.max(...young))}` : 'n/a',
        committed: committed.length ? `${mb(Math.min(...committed))} / ${mb(Math.max(...committed))}` : 'n/a',
        liveBaseline,
        liveEnd,
        liveGrowth: liveBaseline && liveEnd ? (liveEnd - liveBaseline) / liveBaseline : undefined,
      };
    });
    const restarts = hub.restarts();
    const achieved = run.outcomes.length / run.seconds;
    const onTarget = errors.length === 0 && run.shed === 0 && rssRows.every((r) => r.flat) && Object.values(restarts).every((n) => n === 0);
    const markdown = [
      v8Defaults
        ? `## Soak with V8's default heap sizing: \`npm run soak -- --minutes ${minutes} --v8-defaults\``
        : `## Soak: \`npm run soak -- --minutes ${minutes}\``,
      '',
      `${new Date().toISOString()}, a hub of its own (${children} demo children, five processes as \`npm start\` runs them, production`,
      `settings, embedded PostgreSQL), on this machine (${(await import('node:os')).cpus().length} cores, shared). Mix: 45% a combined view of`,
      '10 children (all four subgraphs), 35% one child with placements and school, 10% one chronology, 10% case-note',
      'writes as the allocated social worker. Maximum rate measured closed-loop (16 clients, 20 s); the soak holds 80% of',
      'it open-loop (requests leave on schedule). RSS read from /proc every 5 s, with each service\'s /metrics (V8 heap).',
      v8Defaults
        ? 'Every service runs with V8\'s default heap sizing (`--v8-defaults`), not with the flags `npm start` gives them.'
        : `Every service runs with \`${SERVICE_NODE_FLAGS.join(' ')}\` (scripts/src/hub.ts; what it costs: "Soak: V8 flags" below).`,
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
      '',
      'What the RSS is made of. "Live after a full GC" is the old generation in use just after the last mark-compact',
      '(`caregraph_heap_live_after_major_gc_bytes`): it climbs when objects are retained. The young generation and the',
      'committed V8 heap are what V8 sizes on its own; both count in RSS whether or not anything is retained. Pinned, the',
      'young generation still reads half its size for a moment after a full GC (V8 releases the idle semi-space until the',
      'next scavenge): a dip of one sample, not a resize.',
      '',
      '| service | young generation, min / max after the first minute | V8 heap committed, min / max | live after a full GC, 2nd minute | live after a full GC, last minute | change |',
      '|---|---:|---:|---:|---:|---:|',
      ...heapRows.map((r) => `| ${r.name} | ${r.young} | ${r.committed} | ${mb(r.liveBaseline)} | ${mb(r.liveEnd)} | ${r.liveGrowth === undefined ? 'n/a' : `${r.liveGrowth >= 0 ? '+' : ''}${(r.liveGrowth * 100).toFixed(1)}%`} |`),
      ...(minutes < 3 ? ['', `A ${minutes}-minute run checks that the soak works: its second and last minutes overlap, so the drift says little.`] : []),
      '',
      onTarget ? 'On target.' : `Not on target.${errors.length ? ` Errors: ${JSON.stringify(errorKinds)}.` : ''}`,
    ].join('\n');
    // Not how the services run: kept apart from the soak's own figure, as the drift the flags remove.
    writeResultsSection(v8Defaults ? 'soak v8 defaults' : 'soak', markdown);
    console.log(markdown);
    console.log('\nWritten to reliability/RESULTS.md');
  } finally {
    await scratch.stop();
  }
}

/**
 * What the services' V8 flags cost in throughput and memory: a hub with SERVICE_NODE_FLAGS and one with V8's
 * defaults on the same database, measured closed-loop in alternating rounds (ABBA...), so a busy moment of this
 * shared machine falls on both. Each hub is warmed up first (its JIT and its young generation).
 */
async function compareFlags(children: number, rounds: number, seconds: number) {
  const { startScratchDatabase } = await import('./scratch-hub.js');
  const { SERVICE_NODE_FLAGS } = await import('./hub.js');
  console.log(`Starting two hubs on one embedded PostgreSQL (${children} demo children): with \`${SERVICE_NODE_FLAGS.join(' ')}\` and with V8's defaults...`);
  const scratch = await startScratchDatabase('soak', children);
  try {
    const variants = [
      { label: `\`${SERVICE_NODE_FLAGS.join(' ')}\``, ...(await startSoakHub(scratch, SERVICE_NODE_FLAGS)), rates: [] as number[], cpuPerRequest: [] as number[], gcPerRequest: [] as number[], errors: 0 },
      { label: "V8's defaults", ...(await startSoakHub(scratch, [])), rates: [] as number[], cpuPerRequest: [] as number[], gcPerRequest: [] as number[], errors: 0 },
    ];
    const cpu = (v: (typeof variants)[number]) => SERVICES.reduce((sum, name) => sum + cpuMsOf(v.hub.pid(name)), 0);
    const gcMs = async (v: (typeof variants)[number]) => (await Promise.all(SERVICES.map((name) => gcSecondsOf(v.soak.metricsUrls[name])))).reduce((a, b) => a + b, 0) * 1000;
    for (const v of variants) await measureMaxRate(v.soak, 10, CALIBRATION_CONCURRENCY);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) {
        // A hub left idle while the other is measured is busy again before its round counts.
        await measureMaxRate(v.soak, 5, CALIBRATION_CONCURRENCY);
        const before = cpu(v);
        const gcBefore = await gcMs(v);
        const m = await measureMaxRate(v.soak, seconds, CALIBRATION_CONCURRENCY);
        const requests = m.rate * seconds;
        const perRequest = (cpu(v) - before) / requests;
        const gcPerRequest = ((await gcMs(v)) - gcBefore) / requests;
        v.rates.push(m.rate);
        v.cpuPerRequest.push(perRequest);
        v.gcPerRequest.push(gcPerRequest);
        v.errors += m.errors;
        console.log(`  round ${r + 1}, ${v.label}: ${m.rate.toFixed(1)} req/s, ${perRequest.toFixed(1)} ms of service CPU and ${gcPerRequest.toFixed(2)} ms of GC per request (${m.errors} errors)`);
      }
    }
    const rssAfter = (v: (typeof variants)[number]) => SERVICES.map((name) => `${name} ${mb(rssOf(v.hub.pid(name)))}`).join(', ');
    const heapAfter = async (v: (typeof variants)[number]) => (await Promise.all(SERVICES.map(async (name) => `${name} ${mb((await heapOf(v.soak.metricsUrls[name])).young)}`))).join(', ');
    const rows = [];
    for (const v of variants) {
      rows.push(`| ${v.label} | ${v.rates.map((x) => x.toFixed(1)).join(', ')} | ${median(v.rates)!.toFixed(1)} req/s | ${median(v.cpuPerRequest)!.toFixed(1)} ms | ${median(v.gcPerRequest)!.toFixed(2)} ms | ${v.errors} | ${rssAfter(v)} | ${await heapAfter(v)} |`);
    }
    const [pinned, defaults] = variants.map((v) => median(v.rates)!);
    const [pinnedCpu, defaultsCpu] = variants.map((v) => median(v.cpuPerRequest)!);
    const [pinnedGc, defaultsGc] = variants.map((v) => median(v.gcPerRequest)!);
    const markdown = [
      '## Soak: V8 flags: `npm run soak -- --compare-flags`',
      '',
      `${new Date().toISOString()}, ${children} demo children, this machine (${(await import('node:os')).cpus().length} cores, shared). Two hubs on one`,
      `database, each measured closed-loop with the soak's mix (${CALIBRATION_CONCURRENCY} clients flat out, ${seconds} s a round) in`,
      `${rounds} alternating rounds (each after 5 s unmeasured, so a hub left idle is busy again), after a 10 s warm-up.`,
      'Service CPU: user + system time of the five processes during a round, per request answered: unlike the rate, it',
      'depends less on what else this shared machine is doing. GC: the five services\' `nodejs_gc_duration_seconds`, per',
      'request answered. RSS and young generation read once the rounds are over.',
      '',
      '| services started with | closed-loop rate per round | median rate | median service CPU per request | median GC per request | errors | RSS after the rounds | young generation after the rounds |',
      '|---|---|---:|---:|---:|---:|---|---|',
      ...rows,
      '',
      `With the flags against V8's defaults (medians of the rounds): rate ${signedPercent(pinned!, defaults!)}, service CPU per request ${signedPercent(pinnedCpu!, defaultsCpu!)}, GC per request ${signedPercent(pinnedGc!, defaultsGc!)}.`,
    ].join('\n');
    writeResultsSection('soak v8 flags', markdown);
    console.log(markdown);
    console.log('\nWritten to reliability/RESULTS.md');
  } finally {
    await scratch.stop();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string' },
      children: { type: 'string' },
      'compare-flags': { type: 'boolean' },
      'v8-defaults': { type: 'boolean' },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
    },
  });
  const children = Number(values.children ?? 200);
  if (values['compare-flags']) {
    const rounds = Number(values.rounds ?? 6);
    const seconds = Number(values.seconds ?? 15);
    if (!(rounds > 0 && seconds > 0)) throw new Error('--rounds and --seconds must be positive numbers');
    return compareFlags(children, rounds, seconds);
  }
  const minutes = Number(values.minutes ?? 10);
  if (!(minutes > 0)) throw new Error('--minutes must be a positive number');
  return soakRun(minutes, children, values['v8-defaults'] ?? false);
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
