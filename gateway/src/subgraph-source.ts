import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { DENIED_HEADER, IDENTITY_HEADER, injectTraceHeaders } from '@caregraph/kit';
import { isErrorCode } from '@caregraph/schema';
import { GraphQLError } from 'graphql';
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
    if (context?.correlationId) request.http?.headers.set('x-correlation-id', context.correlationId);
    if (context?.idempotencyKey) request.http?.headers.set('idempotency-key', context.idempotencyKey);
    if (context?.identityToken) request.http?.headers.set(IDENTITY_HEADER, context.identityToken);
    if (context?.deniedGroups?.size) request.http?.headers.set(DENIED_HEADER, [...context.deniedGroups].join(','));
    // The fetch's span (Apollo Gateway's) as the parent of the subgraph's, when tracing is on.
    injectTraceHeaders((name, value) => request.http?.headers.set(name, value));
  }

  /**
   * A subgraph that refuses a request (HTTP 4xx/5xx) still says why, with a contract code, in its JSON body
   * (e.g. 400 BAD_USER_INPUT for a value its schema rejects). The default turns every refusal into an
   * uncoded "400: Bad Request" (INTERNAL_SERVER_ERROR at the client); this keeps the subgraph's code and its
   * message, which the subgraph's formatError has already stripped of client values (the gateway's strips again).
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: unknown } | undefined)?.body;
    const errors = body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors) ? (body as { errors: unknown[] }).errors : [];
    for (const e of errors) {
      const { message, extensions } = (e ?? {}) as { message?: unknown; extensions?: { code?: unknown } };
      const code = extensions?.code;
      if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR' && typeof message === 'string') {
        return new GraphQLError(message, { extensions: { code } });
      }
    }
    return error;
  }
}
