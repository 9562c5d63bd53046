import type { Principal } from '@caregraph/schema';

/** Per request at the gateway: the verified principal, and its signed form for the subgraphs. */
export interface GatewayContext {
  /** Assigned by the hub, never by the client. */
  requestId: string;
  /** The client's own x-request-id (at most 200 characters), for correlation only. */
  correlationId?: string;
  /** The client's Idempotency-Key (at most 200 characters), forwarded to the subgraphs that write. */
  idempotencyKey?: string;
  principal: Principal;
  identityToken: string;
  /** Field groups the gateway pruned from this request: the subgraphs record them in the audit trail. */
  deniedGroups: Set<string>;
}
