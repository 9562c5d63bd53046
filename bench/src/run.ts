import 'reflect-metadata';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { signIdentity } from '@caregraph/kit';
import { DEMO_LA } from '@caregraph/demo';
import { GRANTS, SUBGRAPHS, type Principal, type SubgraphName } from '@caregraph/schema';
import { freePort } from '../../scripts/dist/embedded-postgres.js';
import { startHubProcesses, type HubOptions, type HubProcesses } from '../../scripts/dist/hub.js';
import { ensureLocalKeys, identityEnv, signToken, type LocalKeys } from '../../scripts/dist/keys.js';
import { createDataset, resetStatements, startBenchPostgres, statementsSoFar, topStatements, type BenchPostgres, type Dataset } from './database.js';
import { ALLOW_ALL_GATEWAY, ALLOW_ALL_SUBGRAPH, startAllowAllHub } from './allow-all-hub.js';
import { startHiveGateway, type HiveGateway } from './hive.js';
import { functionLoad, httpLoad } from './load.js';
import { cpuMs, findChild, loadAverage, machineBusyMs, memoryMb, postgresCpuMs } from './procs.js';
import { renderMarkdown, summarise, type BenchReport, type RunFigures, type TargetName } from './report.js';
import { loadFixtures, WORKLOADS, type Fixtures, type Workload } from './workloads.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH = join(ROOT, 'bench');

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    children: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    out: { type: 'string' },
    /** Write a .cpuprofile per gateway and subgraph process (node --cpu-prof) under this folder. */
    profile: { type: 'string' },
    /** Only these workloads, e.g. `--workloads W1,W3`. */
    workloads: { type: 'string' },
    /** Only re-render bench/RESULTS.md from bench/results/latest.json (after editing bench/ANALYSIS.md). */
    render: { type: 'boolean', default: false },
  },
});
const smoke = args.smoke!;
/** Dataset sizes, load per run (seconds, connections) and the request cap that bounds each run in count too. */
const SETTINGS = {
  children: args.children ? args.children.split(',').map(Number) : smoke ? [60] : [1000, 100_000],
  // The smoke run's cap in time (it normally ends at maxRequests, well before).
  seconds: Number(args.seconds ?? (smoke ? 5 : 10)),
  /** The smoke run's warm-up is the checked request alone. */
  warmupSeconds: smoke ? 0 : 2,
  floorSeconds: smoke ? 0.3 : 5,
  connections: Number(args.connections ?? (smoke ? 2 : 8)),
  /** Each run also ends after this many responses (the smoke run needs a handful, not a second's worth). */
  maxRequests: smoke ? 4 : 50_000,
  warmupRequests: 50_000,
};
const OUT = args.out ?? (smoke ? join(BENCH, 'results', 'smoke') : join(BENCH, 'results'));
const started = Date.now();
const log = (message: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}`);

interface Target {
  name: TargetName;
  url: string;
  gatewayPid: number;
  subgraphPids: Record<SubgraphName, number>;
  /** Request headers for a principal: a bearer token for our gateway, the signed internal identity for Hive. */
  headers(p: Principal): Promise<Record<string, string>>;
}

interface Hub {
  hub: HubProcesses;
  gatewayPid: number;
  subgraphPids: Record<SubgraphName, number>;
  subgraphUrls: Record<SubgraphName, string>;
}

async function hubPorts(): Promise<Record<SubgraphName, number>> {
  const ports = {} as Record<SubgraphName, number>;
  for (const s of SUBGRAPHS) ports[s.name] = await freePort();
  return ports;
}

const urlsOf = (ports: Record<SubgraphName, number>) =>
  Object.fromEntries(SUBGRAPHS.map((s) => [s.name, `http://127.0.0.1:${ports[s.name]}/graphql`])) as Record<SubgraphName, string>;

/**
 * One hub over the dataset. 'enforced' is the product as deployed (each subgraph's dist/main.js, gateway/dist/main.js);
 * 'off' is the comparison without authorization, built inside bench/ (allow-all access control in every subgraph,
 * no gateway pruning): the product itself has no switch that turns the policy off.
 */
async function startHub(dataset: Dataset, keys: LocalKeys, authorization: 'enforced' | 'off', subgraphPorts: Record<SubgraphName, number>): Promise<Hub> {
  const gatewayPort = await freePort();
  const options: HubOptions = {
    databaseUrl: dataset.url,
    gatewayPort,
    subgraphPorts,
    logLevel: 'error',
    stdio: 'ignore',
    env: {
      ...identityEnv(keys),
      NODE_ENV: 'production',
      ...(args.profile
        ? { NODE_OPTIONS: `--require ${join(BENCH, 'profile-preload.cjs')}`, BENCH_PROFILE_DIR: join(args.profile, `${dataset.children}-${authorization}`) }
        : {}),
    },
  };
  const hub = authorization === 'enforced' ? await startHubProcesses(options) : await startAllowAllHub(options);
  const subgraphPids = {} as Record<SubgraphName, number>;
  const subgraphScript = (name: SubgraphName) => (authorization === 'enforced' ? `subgraphs/${name}/dist/main.js` : ALLOW_ALL_SUBGRAPH);
  for (const s of SUBGRAPHS) subgraphPids[s.name] = findChild(subgraphScript(s.name), subgraphPorts[s.name]);
  const subgraphUrls = urlsOf(subgraphPorts);
  const gatewayPid = findChild(authorization === 'enforced' ? 'gateway/dist/main.js' : ALLOW_ALL_GATEWAY, gatewayPort);
  if (args.profile) log(`profiling (authorization ${authorization}): gateway pid ${gatewayPid}, ${Object.entries(subgraphPids).map(([n, p]) => `${n} pid ${p}`).join(', ')}`);
  return { hub, gatewayPid, subgraphPids, subgraphUrls };
}

async function post(url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] };
  if (!res.ok || body.errors?.length) {
    throw new Error(`HTTP ${res.status}: ${(body.errors ?? []).map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ')}`);
  }
  return body.data!;
}

/** The data-sharing agreement for W2, recorded by the DPO through the gateway, over the first page of children. */
async function recordAgreement(url: string, keys: LocalKeys, cohort: string[]): Promise<string> {
  const id = 'bench-agreement';
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const fieldGroups = Object.entries(GRANTS.partner_agency).filter(([, g]) => g?.kind === 'agreement').map(([group]) => group);
  const token = await signToken(keys.privateKeyPem, { sub: 'bench-dpo', role: 'dpo', la: DEMO_LA }, 600);
  await post(url, { authorization: `Bearer ${token}` }, `mutation($input: RecordDataSharingAgreementInput!) { recordDataSharingAgreement(input: $input) { id } }`, {
    input: { id, agency: 'bench-agency', purpose: 'Benchmark', lawfulBasis: 'Benchmark only', fieldGroups, cohort, validFrom: day(-1), validTo: day(365) },
  });
  return id;
}

/** One load run against one gateway: HTTP figures, and CPU, memory and SQL statements from the processes and the server. */
async function measure(server: BenchPostgres, dataset: Dataset, target: Target, workload: Workload, fixtures: Fixtures): Promise<RunFigures> {
  const principal = workload.principal(fixtures);
  const headers = await target.headers(principal);
  const variables = workload.variables(fixtures);
  workload.check(await post(target.url, headers, workload.query, variables));
  const body = JSON.stringify({ query: workload.query, variables });
  const load = { url: target.url, body, headers, connections: SETTINGS.connections };
  if (SETTINGS.warmupSeconds > 0) await httpLoad({ ...load, seconds: SETTINGS.warmupSeconds, maxRequests: SETTINGS.warmupRequests });

  const pids = Object.values(target.subgraphPids);
  await resetStatements(server);
  const before = {
    gateway: cpuMs(target.gatewayPid),
    subgraphs: pids.map(cpuMs),
    postgres: postgresCpuMs(server.postmaster),
    machine: machineBusyMs(),
    self: process.cpuUsage(),
    sql: await statementsSoFar(server, dataset.database),
  };
  const profiled = [target.gatewayPid, ...pids];
  if (args.profile) profiled.forEach((pid) => process.kill(pid, 'SIGUSR2'));
  let rssPeak = memoryMb(target.gatewayPid).rss;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, memoryMb(target.gatewayPid).rss)), 100);
  const result = await httpLoad({ ...load, seconds: SETTINGS.seconds, maxRequests: SETTINGS.maxRequests });
  clearInterval(sampler);
  if (args.profile) {
    profiled.forEach((pid) => process.kill(pid, 'SIGUSR2'));
    log(`profiles of ${workload.name} ${target.name}: pids ${profiled.join(', ')} (gateway first)`);
  }
  const sql = (await statementsSoFar(server, dataset.database)) - before.sql; // the count itself runs in the postgres database, not counted here
  const self = process.cpuUsage(before.self);
  const after = { gateway: cpuMs(target.gatewayPid), subgraphs: pids.map(cpuMs), postgres: postgresCpuMs(server.postmaster), machine: machineBusyMs() };
  const perRequest = (ms: number) => (result.requests ? round(ms / result.requests) : 0);
  const subgraphMs = Object.fromEntries(SUBGRAPHS.map((s, i) => [s.name, perRequest(after.subgraphs[i]! - before.subgraphs[i]!)])) as Record<SubgraphName, number>;
  const ours = after.gateway - before.gateway + after.subgraphs.reduce((n, v, i) => n + v - before.subgraphs[i]!, 0) + after.postgres - before.postgres + (self.user + self.system) / 1000;
  return {
    ...result,
    sql_per_request: perRequest(sql),
    gateway_rss_mb: round(memoryMb(target.gatewayPid).hwm),
    gateway_rss_run_peak_mb: round(rssPeak),
    gateway_cpu_ms_per_request: perRequest(after.gateway - before.gateway),
    subgraph_cpu_ms_per_request: { ...subgraphMs, total: round(Object.values(subgraphMs).reduce((a, b) => a + b, 0)) },
    postgres_cpu_ms_per_request: perRequest(after.postgres - before.postgres),
    loadgen_cpu_ms_per_request: perRequest((self.user + self.system) / 1000),
    other_processes_cpu_share: round(Math.max(0, after.machine - before.machine - ours) / (result.seconds * 1000)),
    top_sql: await topStatements(server, dataset.database),
  };
}

/** The SQL floor: the workload's rows with one statement per subgraph, straight from PostgreSQL through `pg`. */
async function measureFloor(server: BenchPostgres, dataset: Dataset, workload: Workload, fixtures: Fixtures): Promise<RunFigures> {
  const pool = new pg.Pool({ connectionString: dataset.url, max: SETTINGS.connections * 4 });
  try {
    await functionLoad(() => workload.floor(pool, fixtures), SETTINGS.connections, Math.min(1, SETTINGS.floorSeconds));
    await resetStatements(server);
    const sql = await statementsSoFar(server, dataset.database);
    const pgBefore = postgresCpuMs(server.postmaster);
    const self = process.cpuUsage();
    const result = await functionLoad(() => workload.floor(pool, fixtures), SETTINGS.connections, SETTINGS.floorSeconds);
    const used = process.cpuUsage(self);
    const perRequest = (ms: number) => (result.requests ? round(ms / result.requests) : 0);
    return {
      ...result,
      sql_per_request: perRequest((await statementsSoFar(server, dataset.database)) - sql),
      postgres_cpu_ms_per_request: perRequest(postgresCpuMs(server.postmaster) - pgBefore),
      loadgen_cpu_ms_per_request: perRequest((used.user + used.system) / 1000),
    };
  } finally {
    await pool.end();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

async function main() {
  mkdirSync(OUT, { recursive: true });
  const dataDir = join(ROOT, '.data', smoke ? `bench-smoke-${process.pid}` : 'bench');
  log(`settings ${JSON.stringify(SETTINGS)}`);
  const server = await startBenchPostgres(join(dataDir, 'postgres'));
  const keys = await ensureLocalKeys(join(dataDir, 'keys'));
  const report: BenchReport = {
    generated_at: new Date().toISOString(),
    command: smoke ? 'npm run bench -- --smoke' : `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? 'unknown', memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version, load_average_at_start: loadAverage() },
    settings: SETTINGS,
    datasets: [],
    results: [],
    targets: [],
    seconds_total: 0,
  };
  const hubs: Hub[] = [];
  let hive: HiveGateway | null = null;
  try {
    for (const children of SETTINGS.children) {
      log(`dataset ${children} children: migrating and seeding...`);
      const dataset = await createDataset(server, children);
      log(`seeded ${children} children (${dataset.rows} rows) in ${dataset.seedSeconds.toFixed(1)}s`);
      report.datasets.push({ children, rows: dataset.rows, seed_seconds: round(dataset.seedSeconds) });

      // Hive Gateway reads the supergraph from the file and meets the subgraphs at the first request: it starts alongside.
      const offPorts = await hubPorts();
      const hivePort = await freePort();
      const started = await Promise.allSettled([
        startHub(dataset, keys, 'enforced', await hubPorts()),
        startHub(dataset, keys, 'off', offPorts),
        startHiveGateway({
          port: hivePort,
          subgraphUrls: urlsOf(offPorts),
          env: args.profile ? { NODE_OPTIONS: `--require ${join(BENCH, 'profile-preload.cjs')}`, BENCH_PROFILE_DIR: join(args.profile, `${children}-hive`) } : {},
        }),
      ]);
      for (const r of started.slice(0, 2)) if (r.status === 'fulfilled') hubs.push(r.value as Hub);
      if (started[2].status === 'fulfilled') hive = started[2].value as HiveGateway;
      const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const [on, off] = hubs as [Hub, Hub];
      if (!hive) throw new Error('Hive Gateway did not start');
      log('hub (authorization on), hub (authorization off) and Hive Gateway are ready');
      const setupPool = new pg.Pool({ connectionString: dataset.url, max: 2 });
      const firstPage = await loadFixtures(setupPool, '');
      await setupPool.end();
      const fixtures: Fixtures = { ...firstPage, agreementId: await recordAgreement(on.hub.gatewayUrl, keys, firstPage.cohort) };

      const bearer = async (p: Principal) => ({ authorization: `Bearer ${await signToken(keys.privateKeyPem, p, 3600)}` });
      const targets: Target[] = [
        { name: 'hub', url: on.hub.gatewayUrl, gatewayPid: on.gatewayPid, subgraphPids: on.subgraphPids, headers: bearer },
        { name: 'hub_authz_off', url: off.hub.gatewayUrl, gatewayPid: off.gatewayPid, subgraphPids: off.subgraphPids, headers: bearer },
        {
          name: 'hive_gateway',
          url: hive.url,
          gatewayPid: hive.pid,
          subgraphPids: off.subgraphPids,
          // Signed now, valid 60 s: each run (warm-up + measurement) is shorter than that.
          headers: async (p) => ({ 'x-caregraph-identity': await signIdentity(p, keys.internalSecret) }),
        },
      ];
      for (const workload of WORKLOADS.filter((w) => !args.workloads || args.workloads.split(',').includes(w.name))) {
        const runs = {} as Record<TargetName, RunFigures>;
        for (const target of targets) {
          runs[target.name] = await measure(server, dataset, target, workload, fixtures);
          const r = runs[target.name];
          log(`${workload.name} ${children} ${target.name.padEnd(13)} ${String(r.rps).padStart(8)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  gateway ${r.gateway_cpu_ms_per_request} ms/req  subgraphs ${r.subgraph_cpu_ms_per_request?.total} ms/req  sql ${r.sql_per_request}/req${r.failures ? `  FAILURES ${r.failures}` : ''}`);
        }
        runs.sql_floor = await measureFloor(server, dataset, workload, fixtures);
        log(`${workload.name} ${children} sql_floor     ${String(runs.sql_floor.rps).padStart(8)} req/s  p50 ${runs.sql_floor.p50} ms  p99 ${runs.sql_floor.p99} ms`);
        report.results.push({ workload: workload.name, title: workload.title, dataset: children, runs });
      }
      await hive.stop();
      hive = null;
      for (const h of hubs.splice(0)) await h.hub.stop();
    }
  } finally {
    await hive?.stop();
    for (const h of hubs) await h.hub.stop();
    await server.stop();
    if (smoke) rmSync(dataDir, { recursive: true, force: true });
  }
  report.seconds_total = round((Date.now() - started) / 1000);
  summarise(report);
  writeFileSync(join(OUT, smoke ? 'smoke.json' : 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  // RESULTS.md is the committed record of a full run; smoke runs and runs written elsewhere (--out) leave it alone.
  const markdown = smoke ? join(OUT, 'smoke.md') : args.out ? join(OUT, 'RESULTS.md') : join(BENCH, 'RESULTS.md');
  writeFileSync(markdown, renderMarkdown(report));
  log(`done in ${report.seconds_total}s: ${join(OUT, smoke ? 'smoke.json' : 'latest.json')} and ${markdown}`);
  for (const t of report.targets) log(`${t.met == null ? 'n/a   ' : t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.figure}`);
}

if (args.render) {
  const report = JSON.parse(readFileSync(join(BENCH, 'results', 'latest.json'), 'utf8')) as BenchReport;
  summarise(report);
  writeFileSync(join(BENCH, 'results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(BENCH, 'RESULTS.md'), renderMarkdown(report));
  console.log('bench/results/latest.json summarised again and bench/RESULTS.md re-rendered from it');
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
