import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SUBGRAPHS, type SubgraphName } from '@caregraph/schema';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface HubProcesses {
  gatewayUrl: string;
  stop(): Promise<void>;
}

export interface HubOptions {
  databaseUrl: string;
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  logLevel?: string;
  /** Where the services' logs go: the terminal for `npm start`, nowhere for tests. */
  stdio?: 'inherit' | 'ignore';
  env?: Record<string, string>;
}

/** Starts the four subgraphs and the gateway as five processes (compiled output) and waits until /ready is 200. */
export async function startHubProcesses(opts: HubOptions): Promise<HubProcesses> {
  const children: ChildProcess[] = [];
  const common = { ...process.env, LOG_LEVEL: opts.logLevel ?? 'info', NODE_ENV: process.env.NODE_ENV ?? 'production', ...opts.env };
  const run = (script: string, env: Record<string, string>) => {
    const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...common, ...env }, stdio: ['ignore', opts.stdio ?? 'inherit', opts.stdio ?? 'inherit'] });
    children.push(child);
    return child;
  };
  for (const s of SUBGRAPHS) {
    run(`subgraphs/${s.name}/dist/main.js`, { DATABASE_URL: opts.databaseUrl, PORT: String(opts.subgraphPorts[s.name]) });
  }
  const subgraphUrls = Object.fromEntries(
    SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${opts.subgraphPorts[s.name]}/graphql`]),
  );
  run('gateway/dist/main.js', { PORT: String(opts.gatewayPort), ...subgraphUrls });
  const stop = () => stopAll(children);
  const gatewayUrl = `http://127.0.0.1:${opts.gatewayPort}`;
  try {
    await waitUntilReady(`${gatewayUrl}/ready`, children);
  } catch (err) {
    await stop();
    throw err;
  }
  return { gatewayUrl: `${gatewayUrl}/graphql`, stop };
}

async function waitUntilReady(url: string, children: ChildProcess[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`a service exited during start-up (${dead.spawnargs.at(-1)}, code ${dead.exitCode})`);
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
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}
