import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';

export const TARGET_NAMES = ['hub', 'hub_authz_off', 'hive_gateway', 'sql_floor'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface RunFigures extends LoadResult {
  sql_per_request: number;
  /** VmHWM: the gateway process's peak resident set since it started (all runs so far on this dataset). */
  gateway_rss_mb?: number;
  /** The highest VmRSS sampled (every 100 ms) during this run. */
  gateway_rss_run_peak_mb?: number;
  gateway_cpu_ms_per_request?: number;
  subgraph_cpu_ms_per_request?: Record<string, number>;
  postgres_cpu_ms_per_request: number;
  /** The bench process itself (autocannon, or the floor's pg client). */
  loadgen_cpu_ms_per_request: number;
  /** CPU used by processes other than the measured ones, per second of the run (0.0-2.0 on 2 cores): noise. */
  other_processes_cpu_share?: number;
  /** The statements that took the most PostgreSQL time during the run (pg_stat_statements). */
  top_sql?: { calls: number; total_ms: number; mean_ms: number; query: string }[];
}

export interface Ratios {
  /** Our gateway (authorization on) requests/s over Hive Gateway's (authorization off there): target >= 1.0 (W1). */
  vs_hive_gateway: number | null;
  /** Our gateway CPU per request over Hive Gateway's: target <= 1.0 (W1). */
  vs_hive_gateway_cpu: number | null;
  /** Throughput lost to authorization: 1 - rps(on) / rps(off): target <= 0.10. */
  authz_cost: number | null;
  /** p50 through our gateway over the SQL floor's p50: target <= 3 (W3). */
  vs_sql_floor: number | null;
  /** p50 at 100,000 children over p50 at 1,000: target <= 1.2. */
  scale_100k_vs_1k: number | null;
}

export interface WorkloadResult {
  workload: string;
  title: string;
  dataset: number;
  runs: Record<TargetName, RunFigures>;
  // The product's figures (our gateway, authorization on), flat, as the issue lists them.
  rps?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  sql_per_request?: number;
  gateway_rss_mb?: number;
  gateway_cpu_ms_per_request?: number;
  subgraph_cpu_ms_per_request?: Record<string, number>;
  ratios?: Ratios;
}

export interface Target {
  name: string;
  target: string;
  figure: string;
  met: boolean | null;
}

export interface BenchReport {
  generated_at: string;
  command: string;
  machine: { cpus: number; cpu_model: string; memory_gb: number; node: string; load_average_at_start: number };
  settings: Record<string, unknown>;
  datasets: { children: number; rows: number; seed_seconds: number }[];
  results: WorkloadResult[];
  targets: Target[];
  seconds_total: number;
}

const r2 = (n: number) => Math.round(n * 100) / 100;
const ratio = (a: number | undefined, b: number | undefined) => (a != null && b ? r2(a / b) : null);

/** Flat product figures and ratios on every result, then the issue's targets, met or missed. */
export function summarise(report: BenchReport): void {
  for (const res of report.results) {
    const { hub, hub_authz_off: off, hive_gateway: hive, sql_floor: floor } = res.runs;
    const small = report.results.find((o) => o.workload === res.workload && o.dataset === 1000);
    Object.assign(res, {
      rps: hub.rps, p50: hub.p50, p95: hub.p95, p99: hub.p99, sql_per_request: hub.sql_per_request, gateway_rss_mb: hub.gateway_rss_mb,
      gateway_cpu_ms_per_request: hub.gateway_cpu_ms_per_request, subgraph_cpu_ms_per_request: hub.subgraph_cpu_ms_per_request,
      ratios: {
        vs_hive_gateway: ratio(hub.rps, hive.rps),
        vs_hive_gateway_cpu: ratio(hub.gateway_cpu_ms_per_request, hive.gateway_cpu_ms_per_request),
        authz_cost: off.rps ? r2(1 - hub.rps / off.rps) : null,
        vs_sql_floor: ratio(hub.p50, floor.p50),
        scale_100k_vs_1k: res.dataset === 100_000 && small ? ratio(hub.p50, small.runs.hub.p50) : null,
      },
    });
  }
  const seeded = report.datasets.find((d) => d.children === 100_000);
  const pick = (w: string) => report.results.filter((r) => r.workload === w);
  const all = (check: (r: WorkloadResult) => boolean | null) => {
    const verdicts = report.results.map(check).filter((v): v is boolean => v != null);
    return verdicts.length ? verdicts.every(Boolean) : null;
  };
  const list = (f: (r: WorkloadResult) => string, only = (_: WorkloadResult) => true) =>
    report.results.filter(only).map((r) => `${r.workload}@${r.dataset}: ${f(r)}`).join(', ') || 'not run';
  report.targets = [
    ...pick('W1').flatMap((r) => [
      { name: `W1 ${r.dataset}: requests/s vs Hive Gateway + router-runtime`, target: '>= 1.0x', figure: `${r.ratios!.vs_hive_gateway}x (${r.rps} vs ${r.runs.hive_gateway.rps} req/s)`, met: r.ratios!.vs_hive_gateway == null ? null : r.ratios!.vs_hive_gateway >= 1 },
      { name: `W1 ${r.dataset}: gateway CPU per request vs Hive Gateway`, target: '<= 1.0x', figure: `${r.ratios!.vs_hive_gateway_cpu}x (${r.gateway_cpu_ms_per_request} vs ${r.runs.hive_gateway.gateway_cpu_ms_per_request} ms)`, met: r.ratios!.vs_hive_gateway_cpu == null ? null : r.ratios!.vs_hive_gateway_cpu <= 1 },
    ]),
    { name: 'authorization cost (every workload and dataset)', target: '<= 10% of requests/s', figure: list((r) => `${Math.round((r.ratios!.authz_cost ?? 0) * 100)}%`), met: all((r) => (r.ratios!.authz_cost == null ? null : r.ratios!.authz_cost <= 0.1)) },
    ...pick('W3').map((r) => ({ name: `W3 ${r.dataset}: p50 vs the SQL floor`, target: '<= 3x', figure: `${r.ratios!.vs_sql_floor}x (${r.p50} vs ${r.runs.sql_floor.p50} ms)`, met: r.ratios!.vs_sql_floor == null ? null : r.ratios!.vs_sql_floor <= 3 })),
    { name: 'latency at 100k children vs 1k (p50, every workload)', target: '<= 1.2x', figure: list((r) => `${r.ratios!.scale_100k_vs_1k}x`, (r) => r.ratios!.scale_100k_vs_1k != null), met: all((r) => (r.ratios!.scale_100k_vs_1k == null ? null : r.ratios!.scale_100k_vs_1k <= 1.2)) },
    { name: 'seeding 100,000 children', target: '<= 60 s', figure: seeded ? `${seeded.seed_seconds} s` : 'not run', met: seeded ? seeded.seed_seconds <= 60 : null },
    { name: 'gateway RSS under load (peak, every run)', target: '<= 300 MB', figure: `${Math.max(...report.results.map((r) => r.gateway_rss_mb ?? 0))} MB`, met: report.results.every((r) => (r.gateway_rss_mb ?? 0) <= 300) },
  ];
}

const ANALYSIS = fileURLToPath(new URL('../ANALYSIS.md', import.meta.url));

export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const m = report.machine;
  lines.push('# Benchmark results', '');
  lines.push(`Generated by \`${report.command}\` (from the repository root) on ${report.generated_at}, in ${Math.round(report.seconds_total)} s.`);
  lines.push(`Machine: ${m.cpus} cores (${m.cpu_model}), ${m.memory_gb} GB, Node ${m.node}; load average ${m.load_average_at_start} at the start.`);
  lines.push(`Load: ${report.settings.connections} concurrent connections, closed loop, ${report.settings.seconds} s per run after ${report.settings.warmupSeconds} s of warm-up (SQL floor: ${report.settings.floorSeconds} s), everything on loopback on this one machine.`);
  lines.push('Figures are produced by the bench; the analysis at the end is written by hand from the run it names.', '');
  lines.push('## Targets', '', '| target | goal | figure | |', '|---|---|---|---|');
  for (const t of report.targets) lines.push(`| ${t.name} | ${t.target} | ${t.figure} | ${t.met == null ? 'n/a' : t.met ? 'met' : '**missed**'} |`);
  lines.push('', '## Datasets', '', '| children | rows (all subgraphs) | seeding (`seedDemoData`) |', '|---:|---:|---:|');
  for (const d of report.datasets) lines.push(`| ${d.children.toLocaleString('en-GB')} | ${d.rows.toLocaleString('en-GB')} | ${d.seed_seconds} s |`);
  lines.push('', '## Figures', '');
  lines.push('CPU is milliseconds of CPU per request (utime + stime from /proc); "subgraphs" is the sum of the four, each shown as children/placements/education/health. SQL is statements per request counted by pg_stat_statements (top level, utility statements included). RSS is the gateway\'s VmHWM. "other" is CPU used by unrelated processes during the run (cores), i.e. noise from the shared machine.', '');
  lines.push('| workload | children | target | req/s | p50 ms | p95 ms | p99 ms | SQL/req | gateway CPU | subgraphs CPU (c/p/e/h) | PostgreSQL CPU | gateway RSS MB | other | failures |');
  lines.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|');
  for (const res of report.results) {
    for (const name of ['hub', 'hub_authz_off', 'hive_gateway', 'sql_floor'] as const) {
      const r = res.runs[name];
      const s = r.subgraph_cpu_ms_per_request;
      const sub = s ? `${s.total} (${s.children}/${s.placements}/${s.education}/${s.health})` : '-';
      lines.push(`| ${res.workload} | ${res.dataset.toLocaleString('en-GB')} | ${name} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.sql_per_request} | ${r.gateway_cpu_ms_per_request ?? '-'} | ${sub} | ${r.postgres_cpu_ms_per_request} | ${r.gateway_rss_mb ?? '-'} | ${r.other_processes_cpu_share ?? '-'} | ${r.failures} |`);
    }
  }
  lines.push('', '## Ratios', '', '| workload | children | vs_hive_gateway (req/s) | gateway CPU vs Hive | authz_cost | vs_sql_floor (p50) | scale_100k_vs_1k (p50) |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const res of report.results) {
    const x = res.ratios!;
    lines.push(`| ${res.workload} | ${res.dataset.toLocaleString('en-GB')} | ${x.vs_hive_gateway ?? '-'} | ${x.vs_hive_gateway_cpu ?? '-'} | ${x.authz_cost == null ? '-' : `${Math.round(x.authz_cost * 100)}%`} | ${x.vs_sql_floor ?? '-'} | ${x.scale_100k_vs_1k ?? '-'} |`);
  }
  lines.push('', '## Workloads', '');
  for (const w of [...new Map(report.results.map((r) => [r.workload, r.title])).entries()]) lines.push(`- ${w[0]}: ${w[1]}`);
  lines.push('', 'The queries are in `bench/src/workloads.ts`, with the SQL floor of each next to it.', '');
  if (existsSync(ANALYSIS)) lines.push(readFileSync(ANALYSIS, 'utf8').trim(), '');
  return `${lines.join('\n')}\n`;
}
