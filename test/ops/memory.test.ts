import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { createMetrics } from '@caregraph/kit';
import { SUBGRAPHS, type SubgraphName } from '@caregraph/schema';
import { freePort } from '../../scripts/src/embedded-postgres.js';
import { SERVICE_NODE_FLAGS, startHubProcesses, type ServiceName } from '../../scripts/src/hub.js';

/**
 * The soak's RSS drift was V8 resizing the young generation, not retained objects (reliability/RESULTS.md, "Soak"):
 * every service is started with the young generation pinned, and /metrics reports the live heap after a full GC.
 */
const FIXTURE = 'test/ops/fixtures/heap-report.mjs';
const MB = 1024 * 1024;

async function startFakeHub(nodeFlags?: readonly string[]) {
  const subgraphPorts = {} as Record<SubgraphName, number>;
  for (const s of SUBGRAPHS) subgraphPorts[s.name] = await freePort();
  const gatewayPort = await freePort();
  const hub = await startHubProcesses({
    databaseUrl: 'postgres://unused', gatewayPort, subgraphPorts, stdio: 'ignore', nodeFlags,
    entries: { subgraph: () => [FIXTURE], gateway: [FIXTURE] },
  });
  const ports: Record<ServiceName, number> = { ...subgraphPorts, gateway: gatewayPort };
  // The hub is ready when the gateway is; the stand-in subgraphs may still be starting.
  const report = async (name: ServiceName) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await (await fetch(`http://127.0.0.1:${ports[name]}/`)).json()) as { pid: number; execArgv: string[]; young: number };
      } catch (err) {
        if (attempt >= 100) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  return { hub, report, names: Object.keys(ports) as ServiceName[] };
}

test('every service is started with the young generation pinned (SERVICE_NODE_FLAGS)', async () => {
  expect(SERVICE_NODE_FLAGS).toEqual(expect.arrayContaining([expect.stringMatching(/^--min-semi-space-size=\d+$/), expect.stringMatching(/^--max-semi-space-size=\d+$/)]));
  const { hub, report, names } = await startFakeHub();
  try {
    for (const name of names) {
      const r = await report(name);
      expect(r.pid).toBe(hub.pid(name));
      expect(r.execArgv).toEqual([...SERVICE_NODE_FLAGS]);
      // The minimum is committed from the start: V8's own default starts at 1 MB and may shrink back to it.
      expect(r.young).toBeGreaterThanOrEqual(16 * MB);
    }
  } finally {
    await hub.stop();
  }
}, 60_000);

test("nodeFlags: [] starts the services with V8's defaults (the soak's comparison)", async () => {
  const { hub, report, names } = await startFakeHub([]);
  try {
    for (const name of names) {
      const r = await report(name);
      expect(r.pid).toBe(hub.pid(name));
      expect(r.execArgv).toEqual([]);
      expect(r.young).toBeLessThan(16 * MB);
    }
  } finally {
    await hub.stop();
  }
}, 60_000);

test('/metrics reports the live heap after the last full GC', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const metrics = createMetrics('memory-test');
  const live = async () => Number(/^caregraph_heap_live_after_major_gc_bytes\{[^}]*\} (\d+)$/m.exec(await metrics.registry.metrics())?.[1]);
  gc();
  // The GC observer is called back after the collection, on the event loop.
  let value = 0;
  for (let i = 0; i < 50 && !(value > 0); i++) {
    await new Promise((r) => setTimeout(r, 20));
    value = await live();
  }
  expect(value).toBeGreaterThan(1 * MB);
  expect(value).toBeLessThanOrEqual(process.memoryUsage().heapTotal);
});
