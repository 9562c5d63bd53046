import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { createGateway, loadGatewayConfig } from '@caregraph/gateway';
import { readSupergraph } from '@caregraph/schema';
import { gatewayAuthEnv } from '../helpers/identity.js';

/**
 * A hub of children's records sends nothing to a third party. Apollo Gateway, unless told not to, probes the
 * cloud metadata endpoints (169.254.169.254 and the like) when it is built and reports its host to Apollo every
 * hour. Every HTTP request this process starts while a gateway is built and started is caught here: none may
 * leave 127.0.0.1 (the subgraphs' addresses are never called: the supergraph is the committed file).
 */
it('builds and starts a gateway without any request leaving this machine', async () => {
  const hosts: string[] = [];
  const seen = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    hosts.push(String(request.host ?? request.getHeader('host')));
  };
  diagnostics.subscribe('http.client.request.start', seen);
  try {
    const config = loadGatewayConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ...(await gatewayAuthEnv()) });
    const gateway = await createGateway(config, readSupergraph());
    await gateway.listen(0, '127.0.0.1');
    // The metadata probes run in the background after construction; give them time to start.
    await new Promise((r) => setTimeout(r, 1500));
    await gateway.stop();
  } finally {
    diagnostics.unsubscribe('http.client.request.start', seen);
  }
  expect(hosts.filter((h) => !/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(h))).toEqual([]);
}, 30_000);
