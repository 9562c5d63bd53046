export interface GraphQLResponse {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export async function postGraphQL(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse, 'status'>;
  return { status: res.status, ...body };
}

/** The codes of a response's errors, for assertions that never depend on message text. */
export const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);
