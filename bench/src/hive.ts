import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPERGRAPH_PATH } from '@caregraph/schema';

const BENCH = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);

export interface HiveGateway {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Hive Gateway's own CLI, as a user would run it, over the committed supergraph (bench/hive/gateway.config.mjs). */
export async function startHiveGateway(opts: { port: number; subgraphUrls: Record<string, string>; env?: Record<string, string> }): Promise<HiveGateway> {
  const bin = join(dirname(require.resolve('@graphql-hive/gateway/package.json')), 'dist', 'bin.js');
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NODE_ENV: 'production', FORK: '1', ...opts.env };
  for (const [name, url] of Object.entries(opts.subgraphUrls)) env[`${name.toUpperCase()}_URL`] = url;
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, 'supergraph', SUPERGRAPH_PATH, '-c', join(BENCH, 'hive', 'gateway.config.mjs'), '--port', String(opts.port), '--host', '127.0.0.1'],
    { cwd: BENCH, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const url = `http://127.0.0.1:${opts.port}/graphql`;
  const deadline = Date.now() + 120_000; // generous: on a busy machine the CLI takes a while to load
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Hive Gateway exited during start-up (code ${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${opts.port}/readiness`, { signal: AbortSignal.timeout(2000) })).ok) return { pid: child.pid!, url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`Hive Gateway was not ready within 120s:\n${output}`);
}
