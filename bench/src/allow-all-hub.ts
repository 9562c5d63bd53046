import { startHubProcesses, type HubOptions, type HubProcesses } from '../../scripts/dist/hub.js';

/** The compiled entry points of the benchmark's "authorization off" hub (paths from the repository root). */
export const ALLOW_ALL_SUBGRAPH = 'bench/dist/allow-all-subgraph.js';
export const ALLOW_ALL_GATEWAY = 'bench/dist/allow-all-gateway.js';

/**
 * The "authorization off" hub: the same five processes, environment, supervision and readiness check as
 * `startHubProcesses`, but each subgraph built with the allow-all access control and the gateway pruning nothing.
 */
export function startAllowAllHub(opts: HubOptions): Promise<HubProcesses> {
  return startHubProcesses({ ...opts, entries: { subgraph: (name) => [ALLOW_ALL_SUBGRAPH, name], gateway: [ALLOW_ALL_GATEWAY] } });
}
