import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { SUBGRAPH_DEFINITIONS } from './subgraphs.js';
import { seedSubgraphs, STOPPED } from './seed-subgraphs.js';

/** Messages from seed.ts: commit once every worker is ready, or abort because one failed. */
export type Verdict = 'commit' | 'abort';
export type WorkerMessage = { type: 'progress'; stories: number } | { type: 'relations'; lines: string } | { type: 'loaded' } | { type: 'ready' };

const { databaseUrl, count, names } = workerData as { databaseUrl: string; count: number; names: string[] };
const port = parentPort!;
let verdict: Verdict | undefined;
let decide: ((v: Verdict) => void) | undefined;
const onVerdict = (v: Verdict) => {
  verdict = v;
  decide?.(v);
};
port.on('message', onVerdict);
const send = (m: WorkerMessage) => port.postMessage(m);
try {
  await seedSubgraphs(databaseUrl, count, SUBGRAPH_DEFINITIONS.filter((d) => names.includes(d.name)), {
    progress: (stories) => send({ type: 'progress', stories }),
    relations: (lines) => send({ type: 'relations', lines }),
    loaded: () => send({ type: 'loaded' }),
    cancelled: () => verdict === 'abort',
    ready: () =>
      new Promise<void>((resolve, reject) => {
        decide = (v) => (v === 'commit' ? resolve() : reject(new Error(STOPPED)));
        send({ type: 'ready' });
        if (verdict) decide(verdict);
      }),
  });
} finally {
  // The listener keeps the thread alive; without it the worker exits once its connections are closed.
  port.off('message', onVerdict);
}
