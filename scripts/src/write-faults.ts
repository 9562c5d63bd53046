import 'reflect-metadata';
import pg from 'pg';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_LA } from '@caregraph/demo';
import type { Principal } from '@caregraph/schema';
import { writeResultsSection } from './fuzz.js';

/**
 * `npm run faults -- [--writes 1000] [--concurrency 50]`: writes under faults, as issue 10 asks. A hub of its own
 * (separate, supervised processes, as `npm start` runs them) takes `writes` case notes, each sent with its own
 * Idempotency-Key by `concurrency` clients that retry (same key, backoff) until they get an answer. During the run
 * the children subgraph is killed with SIGKILL (the supervisor restarts it), every database connection of the services
 * is terminated (in-flight transactions roll back), and PostgreSQL itself is killed with SIGKILL and started again
 * (it recovers from its write-ahead log). Then it counts, from the
 * database: acknowledged writes lost, duplicates, partial records (a note without its audit entry or the other way
 * round), and writes that committed but were reported as failed (a definitive error answer). Figures go to
 * reliability/RESULTS.md under "Writes under faults".
 */
const NOTE = `mutation($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id title } }`;
/** Answers that mean "try again": the service or the database was away. Anything else coded is definitive. */
const RETRYABLE = new Set(['SERVICE_UNAVAILABLE']);

interface Intent { n: number; key: string; title: string; childId: string; token: string }
interface Outcome { intent: Intent; id?: string; attempts: number; definitiveError?: string; retried: number }

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { writes: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '50' } } });
  const total = Number(values.writes);
  const concurrency = Number(values.concurrency);
  const { startScratchDatabase } = await import('./scratch-hub.js');
  const { startHubProcesses } = await import('./hub.js');
  const { freePort } = await import('./embedded-postgres.js');
  const { SUBGRAPH_DEFINITIONS } = await import('./subgraphs.js');
  const { identityEnv, signToken } = await import('./keys.js');
  console.log('Starting a hub of its own (embedded PostgreSQL, supervised processes)...');
  const scratch = await startScratchDatabase('faults', 60);
  let owner = new pg.Client({ connectionString: scratch.url });
  try {
    await owner.connect();
    const ports = Object.fromEntries(await Promise.all(SUBGRAPH_DEFINITIONS.map(async (d) => [d.name, await freePort()]))) as never;
    // FAULTS_DEBUG=1 shows the services' error log lines (codes and locations only, never messages).
    const hub = await startHubProcesses({
      databaseUrl: scratch.serviceUrl, gatewayPort: await freePort(), subgraphPorts: ports, logLevel: process.env.FAULTS_DEBUG ? 'error' : 'silent', stdio: process.env.FAULTS_DEBUG ? 'inherit' : 'ignore',
      env: { ...identityEnv(scratch.keys), NODE_ENV: 'production' }, log: (line) => console.log(line),
    });
    scratch.stops.push(() => hub.stop());
    // Writers: each child's allocated social worker, from the relationship tuples.
    const { rows: allocated } = await owner.query<{ subject: string; child_id: string }>(
      `select subject, child_id from access.relationship where relation = 'social_worker' and valid_from <= now() and (valid_to is null or valid_to > now()) order by child_id limit 40`,
    );
    if (allocated.length === 0) throw new Error('no child with an allocated social worker in the demo data');
    const tokens = new Map<string, string>();
    for (const a of allocated) tokens.set(a.subject, await signToken(scratch.keys.privateKeyPem, { sub: a.subject, role: 'social_worker', la: DEMO_LA } as Principal, 3600));
    const runId = Date.now().toString(36);
    const intents: Intent[] = Array.from({ length: total }, (_, n) => {
      const a = allocated[n % allocated.length]!;
      return { n, key: `faults-${runId}-${n}`, title: `Fault run ${runId} note ${n}`, childId: a.child_id, token: tokens.get(a.subject)! };
    });

    const outcomes: Outcome[] = [];
    let acknowledged = 0;
    const faults: string[] = [];
    const inject = async () => {
      if (faults.length === 0 && acknowledged >= total * 0.3) {
        faults.push('kill -9 children subgraph');
        const pid = hub.pid('children');
        if (pid) process.kill(pid, 'SIGKILL');
      } else if (faults.length === 1 && acknowledged >= total * 0.5) {
        faults.push('every service database connection terminated');
        await owner.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = 'caregraph_service'`);
      } else if (faults.length === 2 && acknowledged >= total * 0.7) {
        faults.push('kill -9 PostgreSQL, started again (crash recovery)');
        await owner.end().catch(() => undefined);
        await scratch.crash();
        owner = new pg.Client({ connectionString: scratch.url });
        await owner.connect();
      }
    };
    const send = async (intent: Intent): Promise<Outcome> => {
      const outcome: Outcome = { intent, attempts: 0, retried: 0 };
      for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
        outcome.attempts++;
        try {
          const res = await fetch(hub.gatewayUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${intent.token}`, 'idempotency-key': intent.key },
            body: JSON.stringify({ query: NOTE, variables: { input: { childId: intent.childId, occurredOn: '2026-11-01', category: 'VISIT', authorId: 'faults', authorName: 'Fault Run', title: intent.title, body: 'Written under faults.' } } }),
            signal: AbortSignal.timeout(30_000),
          });
          const body = (await res.json()) as { data?: { addCaseNote?: { id: string } | null }; errors?: { extensions?: { code?: string } }[] };
          const id = body.data?.addCaseNote?.id;
          if (id && !body.errors?.length) return { ...outcome, id };
          const code = body.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}`;
          if (!RETRYABLE.has(code) && res.status < 500) return { ...outcome, definitiveError: code };
        } catch {
          // connection refused or reset while a service restarts: retry with the same key
        }
        outcome.retried++;
        if (outcome.attempts > 60) return { ...outcome, definitiveError: 'gave up after 60 attempts' };
        await new Promise((r) => setTimeout(r, delay));
      }
    };
    const started = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < intents.length) {
        const outcome = await send(intents[next++]!);
        outcomes.push(outcome);
        if (outcome.id) acknowledged++;
        await inject();
      }
    }));
    const seconds = (Date.now() - started) / 1000;

    // What the database holds, for this run's titles.
    const { rows: notes } = await owner.query<{ title: string; id: string }>(`select title, id from children.case_note where title like $1`, [`Fault run ${runId} note %`]);
    const byTitle = new Map<string, string[]>();
    for (const n of notes) byTitle.set(n.title, [...(byTitle.get(n.title) ?? []), n.id]);
    const lost = outcomes.filter((o) => o.id && !(byTitle.get(o.intent.title) ?? []).includes(o.id)).length;
    const duplicates = [...byTitle.values()].filter((ids) => ids.length > 1).length;
    const reportedFailed = outcomes.filter((o) => o.definitiveError && byTitle.has(o.intent.title)).length;
    const failedOutright = outcomes.filter((o) => o.definitiveError).length;
    const { rows: [audit] } = await owner.query<{ n: string }>(
      `select count(*) as n from audit.access_event where kind = 'write' and subgraph = 'children' and sub = any($1::text[]) and at >= to_timestamp($2 / 1000.0)`,
      [[...tokens.keys()], started],
    );
    const { rows: [keys] } = await owner.query<{ n: string }>(`select count(*) as n from access.idempotency where key like $1`, [`faults-${runId}-%`]);
    const partial = Math.abs(Number(audit!.n) - notes.length) + Math.abs(Number(keys!.n) - notes.length);
    const retries = outcomes.reduce((s, o) => s + o.retried, 0);
    const markdown = [
      '## Writes under faults',
      '',
      `Measured by \`npm run faults -- --writes ${total} --concurrency ${concurrency}\` on ${new Date().toISOString()}: ${total} case notes, each with its own`,
      'Idempotency-Key, from clients that retry with the same key until answered, against a hub of separate supervised processes',
      `(as \`npm start\` runs it). Faults injected, in order: ${faults.join('; ') || 'none (the run ended first)'}.`,
      'Then every figure is counted from the database itself.',
      '',
      '| figure | value | target |',
      '|---|---:|---:|',
      `| writes acknowledged | ${acknowledged} of ${total} in ${seconds.toFixed(1)} s (${retries} retries) | ${total} |`,
      `| acknowledged writes lost | ${lost} | 0 |`,
      `| duplicates (a note written twice) | ${duplicates} | 0 |`,
      `| partial records (notes vs their write audit entries and idempotency keys) | ${partial} | 0 |`,
      `| committed writes reported as failed | ${reportedFailed} | 0 |`,
      `| writes refused for good | ${failedOutright}${failedOutright ? ` (${JSON.stringify(countBy(outcomes.flatMap((o) => (o.definitiveError ? [o.definitiveError] : []))))})` : ''} | 0 |`,
      `| service restarts by the supervisor | ${JSON.stringify(hub.restarts())} | |`,
    ].join('\n');
    writeResultsSection('writes under faults', markdown);
    console.log(markdown);
    if (lost || duplicates || partial || reportedFailed || failedOutright || acknowledged !== total) process.exitCode = 1;
  } finally {
    await owner.end().catch(() => undefined);
    await scratch.stop();
  }
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
