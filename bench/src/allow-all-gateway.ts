import { createLogger, stopOnSignals } from '@caregraph/kit';
import { readSupergraph } from '@caregraph/schema';
import { createGateway, loadGatewayConfig } from '../../gateway/dist/index.js';

/**
 * `node bench/dist/allow-all-gateway.js`: the gateway as gateway/src/main.ts runs it, but pruning nothing
 * (`prunes: () => false`), in front of the allow-all subgraphs: the benchmark's "authorization off" hub.
 */
const config = loadGatewayConfig();
const log = createLogger('gateway', config.logLevel);
const gateway = await createGateway(config, readSupergraph(), { prunes: () => false });
const port = await gateway.listen(config.port, config.host);
log.info({ port }, 'gateway listening (no pruning: benchmark only)');
stopOnSignals(log, () => gateway.stop());
