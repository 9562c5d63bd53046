import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Responses that were not HTTP 2xx, and connection errors or timeouts. */
  failures: number;
  seconds: number;
}

/** Exact percentile (nearest rank) of latencies in ms. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarise(latencies: number[], failures: number, seconds: number): LoadResult {
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: latencies.length,
    rps: round(latencies.length / seconds),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    failures,
    seconds: round(seconds),
  };
}

/**
 * Closed-loop HTTP load on loopback: `connections` clients, each sending the next request when the last
 * answered, for `seconds` (bounded in time and, through `maxRequests`, in count). Latency per request from
 * autocannon's response events, so p95 is exact rather than autocannon's p97.5 bucket.
 */
export async function httpLoad(opts: {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  maxRequests?: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const started = process.hrtime.bigint();
  let done!: (r: autocannon.Result) => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => ((done = resolve), (fail = reject)));
  const instance = autocannon({
    url: opts.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: opts.body,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 30,
  }, (err, result) => (err ? fail(err) : done(result)));
  const max = opts.maxRequests ?? Infinity;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else failures++;
    if (latencies.length + failures === max) instance.stop();
  });
  const result = await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summarise(latencies, failures + result.errors + result.timeouts, seconds);
}

/** The same closed loop for the SQL floor: `concurrency` workers calling `fn` for `seconds`. */
export async function functionLoad(fn: () => Promise<unknown>, concurrency: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const t = process.hrtime.bigint();
        try {
          await fn();
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch {
          failures++;
        }
      }
    }),
  );
  return summarise(latencies, failures, Number(process.hrtime.bigint() - started) / 1e9);
}
