import type { Principal } from '@caregraph/schema';

/** Per request at the gateway: the verified principal, and its signed form for the subgraphs. */
export interface GatewayContext {
  requestId: string;
  principal: Principal;
  identityToken: string;
  /** Field groups the gateway pruned from this request: the subgraphs record them in the audit trail. */
  deniedGroups: Set<string>;
}
