import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SUBGRAPHS } from '@caregraph/schema';
import type { HubOptions, HubProcesses } from '../../scripts/dist/hub.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The compiled entry points of the benchmark's "authorization off" hub (paths from the repository root). */
export const ALLOW_ALL_SUBGRAPH = 'bench/dist/allow-all-subgraph.js';
export const ALLOW_ALL_GATEWAY = 'bench/dist/allow-all-gateway.js';

/**
 * The "authorization off" hub: the same five processes, environment and readiness check as scripts/src/hub.ts
 * `startHubProcesses`, but each subgraph built with the allow-all access control and the gateway pruning nothing.
 */
export async function startAllowAllHub(opts: HubOptions): Promise<HubProcesses> {
  const children: ChildProcess[] = [];
  const common = { ...process.env, LOG_LEVEL: opts.logLevel ?? 'info', NODE_ENV: process.env.NODE_ENV ?? 'production', ...opts.env };
  const run = (args: string[], env: Record<string, string>) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...common, ...env }, stdio: ['ignore', opts.stdio ?? 'inherit', opts.stdio ?? 'inherit'] });
    children.push(child);
    return child;
  };
  for (const s of SUBGRAPHS) {
    run([ALLOW_ALL_SUBGRAPH, s.name], { DATABASE_URL: opts.databaseUrl, PORT: String(opts.subgraphPorts[s.name]) });
  }
  const subgraphUrls = Object.fromEntries(
    SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${opts.subgraphPorts[s.name]}/graphql`]),
  );
  run([ALLOW_ALL_GATEWAY], { PORT: String(opts.gatewayPort), ...subgraphUrls });
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
    if (dead) throw new Error(`a service exited during start-up (${dead.spawnargs.slice(1).join(' ')}, code ${dead.exitCode})`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the allow-all hub was not ready within ${timeoutMs / 1000}s`);
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
