/** Per request at the gateway: what is forwarded to subgraphs. */
export interface GatewayContext {
  requestId: string;
}
