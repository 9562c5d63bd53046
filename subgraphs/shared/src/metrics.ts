import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one service (`GET /metrics`). One registry per service, not prom-client's global one:
 * tests run the gateway and four subgraphs in one process, and each must report only its own numbers.
 * Labels carry route patterns, operation names and error codes: never ids, variables or anything personal.
 */
export interface ServiceMetrics {
  registry: Registry;
  requests: Counter<'route' | 'operation' | 'status' | 'code'>;
  requestDuration: Histogram<'route' | 'operation' | 'code'>;
  /** Requests received and not yet answered (probes included): what a graceful stop waits for. */
  inFlight: Gauge;
  /** Gateway: each call to a subgraph, by subgraph and outcome (ok, http_<status>, unavailable). */
  subgraphFetchDuration: Histogram<'subgraph' | 'outcome'>;
  /** Gateway: failed subgraph calls by kind (refused, timeout, reset, http_5xx, ...). */
  subgraphFetchErrors: Counter<'subgraph' | 'kind'>;
  /** Gateway: reads retried once after a reset on a reused connection. */
  subgraphFetchRetries: Counter<'subgraph'>;
  /** Subgraphs: audit entries that could not be written (the response was withheld). */
  auditWriteFailures: Counter;
  /** The subgraph's name for a routing URL (the URL itself when unknown), for the fetch metrics' label. */
  subgraphName(url: string): string;
  /** A bounded label for a client-chosen operation name (cardinality capped: later names become "other"). */
  operationLabel(name: string | undefined): string;
  /** Samples a database pool at each scrape (used, free, pending acquires and creates). */
  observeDbPool(sample: () => DbPoolSample | undefined): void;
}

export interface DbPoolSample {
  used: number;
  free: number;
  pendingAcquires: number;
  pendingCreates: number;
  max: number;
}

/** Distinct operation names kept as label values per service; beyond this every new one is "other". */
const MAX_OPERATION_LABELS = 200;

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(service: string, opts: { subgraphUrls?: Record<string, string> } = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // Process figures (RSS, heap, event-loop lag, GC): what the soak test watches for growth.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const byUrl = new Map(Object.entries(opts.subgraphUrls ?? {}).map(([name, url]) => [url, name]));
  const operations = new Set<string>();
  const pools: (() => DbPoolSample | undefined)[] = [];
  watchMajorGc();
  new Gauge({
    name: 'caregraph_heap_live_after_major_gc_bytes',
    help: 'V8 old generation in use just after the last full (mark-compact) GC: the live heap, which a leak makes climb (0 before the first)',
    registers,
    collect() {
      this.set(liveAfterMajorGc);
    },
  });
  new Gauge({
    name: 'caregraph_db_pool_connections',
    help: 'Database pool connections by state (used, free, pending_acquires, pending_creates, max)',
    labelNames: ['state'],
    registers,
    collect() {
      this.reset();
      for (const sample of pools) {
        const s = sample();
        if (!s) continue;
        this.inc({ state: 'used' }, s.used);
        this.inc({ state: 'free' }, s.free);
        this.inc({ state: 'pending_acquires' }, s.pendingAcquires);
        this.inc({ state: 'pending_creates' }, s.pendingCreates);
        this.inc({ state: 'max' }, s.max);
      }
    },
  });
  return {
    registry,
    requests: new Counter({
      name: 'caregraph_http_requests_total',
      help: 'HTTP requests answered, by route, GraphQL operation name, HTTP status and first error code (none when no error)',
      labelNames: ['route', 'operation', 'status', 'code'],
      registers,
    }),
    requestDuration: new Histogram({
      name: 'caregraph_http_request_duration_seconds',
      help: 'Time from request to the end of the response, by route, operation and first error code',
      labelNames: ['route', 'operation', 'code'],
      buckets: SECONDS,
      registers,
    }),
    inFlight: new Gauge({
      name: 'caregraph_http_requests_in_flight',
      help: 'Requests received and not yet answered (this scrape included)',
      registers,
    }),
    subgraphFetchDuration: new Histogram({
      name: 'caregraph_subgraph_fetch_duration_seconds',
      help: 'Gateway calls to a subgraph, by subgraph and outcome',
      labelNames: ['subgraph', 'outcome'],
      buckets: SECONDS,
      registers,
    }),
    subgraphFetchErrors: new Counter({
      name: 'caregraph_subgraph_fetch_errors_total',
      help: 'Gateway calls to a subgraph that failed, by subgraph and kind',
      labelNames: ['subgraph', 'kind'],
      registers,
    }),
    subgraphFetchRetries: new Counter({
      name: 'caregraph_subgraph_fetch_retries_total',
      help: 'Read-only subgraph calls retried once after a reset on a reused connection',
      labelNames: ['subgraph'],
      registers,
    }),
    auditWriteFailures: new Counter({
      name: 'caregraph_audit_write_failures_total',
      help: 'Audit entries that could not be written (the response was withheld with SERVICE_UNAVAILABLE)',
      registers,
    }),
    subgraphName: (url) => byUrl.get(url) ?? url,
    operationLabel(name) {
      if (!name) return 'anonymous';
      if (operations.has(name)) return name;
      if (operations.size >= MAX_OPERATION_LABELS) return 'other';
      operations.add(name);
      return name;
    },
    observeDbPool: (sample) => void pools.push(sample),
  };
}

/**
 * The knex (tarn) pool behind a MikroORM instance, if this driver exposes it; undefined otherwise, and the
 * pool gauge then simply has no samples.
 */
export function knexPoolSample(orm: { em: { getConnection(): unknown } }): DbPoolSample | undefined {
  try {
    const connection = orm.em.getConnection() as { getKnex?: () => { client?: { pool?: TarnPool } } };
    const pool = connection.getKnex?.().client?.pool;
    if (!pool) return undefined;
    return {
      used: pool.numUsed(),
      free: pool.numFree(),
      pendingAcquires: pool.numPendingAcquires(),
      pendingCreates: pool.numPendingCreates(),
      max: pool.max,
    };
  } catch {
    return undefined;
  }
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  max: number;
}

/** The old generation's used bytes sampled right after the last mark-compact GC of this process. */
let liveAfterMajorGc = 0;
let gcObserver: PerformanceObserver | undefined;

/**
 * RSS and `heapUsed` saw up and down with garbage collection and with V8 resizing its spaces, so neither says
 * whether objects are retained. What a full GC leaves in the old generation does: the young generation is
 * emptied by it, and the observer runs before much is promoted again. One observer per process.
 */
function watchMajorGc(): void {
  if (gcObserver) return;
  gcObserver = new PerformanceObserver((list) => {
    const major = list.getEntries().some((e) => (e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (!major) return;
    liveAfterMajorGc = getHeapSpaceStatistics()
      .filter((s) => s.space_name !== 'new_space' && s.space_name !== 'new_large_object_space')
      .reduce((sum, s) => sum + s.space_used_size, 0);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  // Never keeps a process alive: an observer holds no handle of its own.
}
