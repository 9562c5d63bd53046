import type { Logger } from './logger.js';
import { SHUTDOWN_GRACE_MS } from './http.js';

/**
 * SIGTERM (or SIGINT) stops a service gracefully: `stop` closes the listener, lets in-flight requests finish
 * (bounded by the HTTP server's grace period), then releases the rest (Apollo, the database pool); the process
 * exits 0. If stopping itself hangs or fails, it exits 1 after the grace period plus a margin, so an
 * orchestrator never waits forever. A second signal while stopping is ignored (the first is being honoured).
 */
export function stopOnSignals(log: Logger, stop: () => Promise<void>, graceMs = SHUTDOWN_GRACE_MS): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: draining in-flight requests');
    const hard = setTimeout(() => {
      log.error({ signal }, 'stop did not finish in time: exiting');
      process.exit(1);
    }, graceMs + 5_000);
    hard.unref();
    stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      () => {
        log.error('stop failed: exiting');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
