import { createLogger, startTracing, stopOnSignals } from '@caregraph/kit';
import { readSupergraph } from '@caregraph/schema';
import { loadGatewayConfig } from './config.js';
import { createGateway } from './server.js';

const config = loadGatewayConfig();
const log = createLogger('gateway', config.logLevel);
const tracing = startTracing('gateway');
const gateway = await createGateway(config, readSupergraph());
const port = await gateway.listen(config.port, config.host);
log.info({ port }, 'gateway listening');
// SIGTERM: stop accepting, let in-flight requests finish (bounded), then exit 0.
stopOnSignals(log, async () => {
  await gateway.stop();
  await tracing?.shutdown();
});
