import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SUBGRAPHS, type SubgraphName } from '@caregraph/schema';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Restart delays after a crash: doubling from 0.5 s, at most 30 s; back to 0.5 s once a process has run 60 s. */
const FIRST_RESTART_MS = 500;
const MAX_RESTART_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

export type ServiceName = SubgraphName | 'gateway';

/**
 * V8 flags every service is started with. The young generation is pinned at 16 MB per semi-space, the size V8
 * grows it to under load anyway: left to itself, V8 shrinks it to 0.5-4 MB whenever the allocation rate dips and
 * grows it back later, which moved each subgraph's RSS by about 24 MB with no object retained (the soak's
 * evidence and the throughput this costs: reliability/RESULTS.md, "Soak").
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--min-semi-space-size=16', '--max-semi-space-size=16'];

export interface HubProcesses {
  gatewayUrl: string;
  stop(): Promise<void>;
}

/** The processes `startHubProcesses` supervises. */
export interface SupervisedHub extends HubProcesses {
  /** The running process of a service (it changes when the supervisor restarts it). */
  pid(name: ServiceName): number | undefined;
  /** How many times each service has been restarted after a crash. */
  restarts(): Record<ServiceName, number>;
}

export interface HubOptions {
  databaseUrl: string;
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  logLevel?: string;
  /** Where the services' logs go: the terminal for `npm start`, nowhere for tests. */
  stdio?: 'inherit' | 'ignore';
  env?: Record<string, string>;
  /** Supervisor events (a crash, a restart); the terminal by default, nowhere when stdio is 'ignore'. */
  log?: (line: string) => void;
  /** Other entry points (script and arguments, from the repository root): the benchmark's allow-all hub. */
  entries?: { subgraph(name: SubgraphName): string[]; gateway: string[] };
  /** Node/V8 flags for every service: SERVICE_NODE_FLAGS unless told otherwise (the soak compares with none). */
  nodeFlags?: readonly string[];
}

interface Supervised {
  name: ServiceName;
  /** The entry script and its arguments. */
  script: string[];
  env: Record<string, string>;
  child?: ChildProcess;
  startedAt: number;
  delay: number;
  restarts: number;
  timer?: NodeJS.Timeout;
}

/**
 * Starts the four subgraphs and the gateway as five processes (compiled output) and waits until /ready is 200.
 * Once the hub is ready, a service that exits on its own is restarted with a growing delay, and each crash and
 * restart is logged; a service that dies during start-up fails the start instead (a restart would not fix a
 * port in use or a bad setting).
 */
export async function startHubProcesses(opts: HubOptions): Promise<SupervisedHub> {
  const log = opts.log ?? (opts.stdio === 'ignore' ? () => undefined : (line: string) => console.warn(line));
  const common = { ...process.env, LOG_LEVEL: opts.logLevel ?? 'info', NODE_ENV: process.env.NODE_ENV ?? 'production', ...opts.env };
  const nodeFlags = opts.nodeFlags ?? SERVICE_NODE_FLAGS;
  const services: Supervised[] = [];
  let ready = false;
  let stopping = false;

  const launch = (s: Supervised) => {
    const child = spawn(process.execPath, [...nodeFlags, ...s.script], { cwd: ROOT, env: { ...common, ...s.env }, stdio: ['ignore', opts.stdio ?? 'inherit', opts.stdio ?? 'inherit'] });
    s.child = child;
    s.startedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (stopping || !ready) return;
      if (Date.now() - s.startedAt >= STABLE_AFTER_MS) s.delay = FIRST_RESTART_MS;
      log(`[caregraph] ${s.name} exited (${signal ?? `code ${code}`}); restarting in ${(s.delay / 1000).toFixed(1)}s`);
      s.timer = setTimeout(() => {
        if (stopping) return;
        s.restarts++;
        launch(s);
        log(`[caregraph] ${s.name} restarted (pid ${s.child?.pid}, restart ${s.restarts})`);
      }, s.delay);
      s.delay = Math.min(s.delay * 2, MAX_RESTART_MS);
    });
  };
  const supervise = (name: ServiceName, script: string[], env: Record<string, string>) => {
    const s: Supervised = { name, script, env, startedAt: 0, delay: FIRST_RESTART_MS, restarts: 0 };
    services.push(s);
    launch(s);
  };

  const subgraphUrls = Object.fromEntries(
    SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${opts.subgraphPorts[s.name]}/graphql`]),
  );
  // The subgraphs are told each other's addresses too: the children subgraph calls the others for the chronology.
  for (const s of SUBGRAPHS) {
    supervise(s.name, opts.entries?.subgraph(s.name) ?? [`subgraphs/${s.name}/dist/main.js`], { DATABASE_URL: opts.databaseUrl, PORT: String(opts.subgraphPorts[s.name]), ...subgraphUrls });
  }
  supervise('gateway', opts.entries?.gateway ?? ['gateway/dist/main.js'], { PORT: String(opts.gatewayPort), ...subgraphUrls });
  const stop = () => {
    stopping = true;
    for (const s of services) clearTimeout(s.timer);
    return stopAll(services.flatMap((s) => (s.child ? [s.child] : [])));
  };
  const gatewayUrl = `http://127.0.0.1:${opts.gatewayPort}`;
  try {
    await waitUntilReady(`${gatewayUrl}/ready`, services);
  } catch (err) {
    await stop();
    throw err;
  }
  ready = true;
  return {
    gatewayUrl: `${gatewayUrl}/graphql`,
    pid: (name) => services.find((s) => s.name === name)?.child?.pid,
    restarts: () => Object.fromEntries(services.map((s) => [s.name, s.restarts])) as Record<ServiceName, number>,
    stop,
  };
}

async function waitUntilReady(url: string, services: Supervised[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = services.find((s) => s.child?.exitCode !== null && s.child?.exitCode !== undefined);
    if (dead) throw new Error(`a service exited during start-up (${dead.script.join(' ')}, code ${dead.child?.exitCode})`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the hub was not ready within ${timeoutMs / 1000}s`);
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          // The services drain in-flight requests for up to 10 s on SIGTERM; after 15 s they are killed.
          const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}
