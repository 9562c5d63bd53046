import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench -- --smoke`, so the benchmark cannot rot: the whole pipeline (embedded PostgreSQL with
 * pg_stat_statements, seeding, both hubs, Hive Gateway, every workload through every gateway, the SQL floor,
 * the report) on a tiny dataset, for a second or so per run. It runs the compiled bench: `npm test` builds first.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('runs every workload through our gateway (authorization on and off), Hive Gateway and the SQL floor', () => {
  const run = spawnSync(process.execPath, ['bench/dist/run.js', '--smoke'], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  if (run.status !== 0) throw new Error(`bench --smoke failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
  const report = JSON.parse(readFileSync(`${ROOT}bench/results/smoke/smoke.json`, 'utf8'));
  expect(report.results.map((r: { workload: string }) => r.workload)).toEqual(['W1', 'W2', 'W3', 'W4']);
  for (const result of report.results) {
    for (const target of ['hub', 'hub_authz_off', 'hive_gateway', 'sql_floor']) {
      const figures = result.runs[target];
      expect({ workload: result.workload, target, failures: figures.failures }).toEqual({ workload: result.workload, target, failures: 0 });
      expect(figures.requests).toBeGreaterThan(0);
      expect(figures.sql_per_request).toBeGreaterThan(0);
    }
    expect(result.runs.hub.gateway_cpu_ms_per_request).toBeGreaterThan(0);
    expect(result.runs.hub.gateway_rss_mb).toBeGreaterThan(0);
    expect(Object.keys(result.ratios)).toEqual(['vs_hive_gateway', 'vs_hive_gateway_cpu', 'authz_cost', 'vs_sql_floor', 'scale_100k_vs_1k']);
  }
  expect(report.targets.length).toBeGreaterThan(0);
}, 180_000);
