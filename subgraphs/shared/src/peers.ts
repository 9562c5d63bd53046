import { Agent, request } from 'node:http';
import { SUBGRAPHS, defaultRoutingUrl } from '@caregraph/schema';
import { CodedError } from './errors.js';
import { injectTraceHeaders } from './tracing.js';

/** Where the other subgraphs answer (`<NAME>_URL`, as the gateway is told; the default ports otherwise). */
export type PeerUrls = Record<string, string | undefined>;

export function peerUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): PeerUrls {
  return Object.fromEntries(SUBGRAPHS.map((s) => [s.name, env[`${s.name.toUpperCase()}_URL`] || defaultRoutingUrl(s.port)]));
}

/** A GraphQL call to another subgraph, on behalf of this request's principal. */
export interface Peers {
  query<T>(subgraph: string, query: string, variables: Record<string, unknown>): Promise<{ data?: T | null; errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[] }>;
}

const PEER_TIMEOUT_MS = Number(process.env.PEER_TIMEOUT_MS ?? 20_000);
const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 });

/**
 * Calls another subgraph directly (not through the gateway) with the request's own forwarded identity (the
 * gateway's signed header, as received) and the hub's request id, so the callee verifies the same principal,
 * applies its own policy and audits under the same request. Used by the chronology, which pushes a page's
 * bounds down to each subgraph. A callee that cannot be reached or answers badly is SERVICE_UNAVAILABLE.
 */
export function createPeers(urls: PeerUrls, forward: Record<string, string>): Peers {
  return {
    query: (subgraph, query, variables) => {
      const url = urls[subgraph];
      if (!url) return Promise.reject(unavailable());
      const body = JSON.stringify({ query, variables });
      // The callee's span under this request's, when tracing is on.
      const trace: Record<string, string> = {};
      injectTraceHeaders((name, value) => (trace[name] = value));
      return new Promise((resolve, reject) => {
        const req = request(url, {
          method: 'POST',
          agent,
          headers: { ...forward, ...trace, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          timeout: PEER_TIMEOUT_MS,
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', () => reject(unavailable()));
          res.on('end', () => {
            try {
              const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              if (typeof parsed !== 'object' || parsed === null || (res.statusCode !== 200 && !parsed.errors)) return reject(unavailable());
              resolve(parsed);
            } catch {
              reject(unavailable());
            }
          });
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => reject(unavailable()));
        req.end(body);
      });
    },
  };
}

function unavailable() {
  return new CodedError('SERVICE_UNAVAILABLE', 'A part of the record could not be reached; try again');
}
