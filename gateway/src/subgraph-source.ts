import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { DENIED_HEADER, IDENTITY_HEADER } from '@caregraph/kit';
import type { GatewayContext } from './context.js';
import { subgraphFetch } from './subgraph-fetch.js';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

/**
 * How the gateway calls a subgraph. The gateway forwards no client header by itself; what a subgraph
 * needs to know about the request (its id, and the verified identity) is added here.
 * Subgraphs are called through `subgraphFetch` (see there why).
 */
export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(config: { url: string }) {
    super({ ...config, fetcher: subgraphFetch as unknown as Fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
    if (context?.identityToken) request.http?.headers.set(IDENTITY_HEADER, context.identityToken);
    if (context?.deniedGroups?.size) request.http?.headers.set(DENIED_HEADER, [...context.deniedGroups].join(','));
  }
}
