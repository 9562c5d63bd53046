import DataLoader from 'dataloader';
import {
  CHRONOLOGY_EVENT_SELECTION, CodedError, chronologyArgsOf, chronologyEvent, type ChronologyEvent, type ChronologyPage, type Peers,
} from '@caregraph/kit';

/** The other subgraphs' parts of the chronology: each one's events field on `Child`. */
export const PEER_PARTS = [
  { subgraph: 'placements', field: 'placementEvents' },
  { subgraph: 'education', field: 'educationEvents' },
  { subgraph: 'health', field: 'healthEvents' },
] as const;

const query = (field: string) => `query ChronologyPart($representations: [_Any!]!, $from: LocalDate, $to: LocalDate, $categories: [ChronologyKind!], $first: Int, $after: String) {
  _entities(representations: $representations) { ... on Child { part: ${field}(from: $from, to: $to, categories: $categories, first: $first, after: $after) { ${CHRONOLOGY_EVENT_SELECTION} } } }
}`;

type Wire = Omit<ChronologyEvent, 'at'> & { at: string | null };

/**
 * One page of every other subgraph's part for a batch of children, per request: for each batch, ONE call to each
 * of the three subgraphs (in parallel, straight to them, not through the gateway), carrying the page's bounds, so
 * each answers at most `first + 1` events per child from a keyset read. The callee verifies the same forwarded
 * identity and applies its own policy (which kinds this reader may see) and its scope check and audit. A part the
 * callee refuses (FORBIDDEN) is empty, as a denied field is; any other failure fails the chronology.
 */
export function createPeerEventsLoader(peers: Peers) {
  const pages = new Map<string, DataLoader<string, ChronologyEvent[]>>();
  return (page: ChronologyPage) => {
    const cacheKey = JSON.stringify(page);
    let loader = pages.get(cacheKey);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const variables = { representations: ids.map((id) => ({ __typename: 'Child', id })), ...chronologyArgsOf(page) };
        const parts = await Promise.all(PEER_PARTS.map(async ({ subgraph, field }) => {
          const res = await peers.query<{ _entities: ({ part: Wire[] | null } | null)[] }>(subgraph, query(field), variables);
          const failure = res.errors?.find((e) => e.extensions?.code !== 'FORBIDDEN');
          if (failure || !res.data?._entities) throw new CodedError(failure?.extensions?.code === 'BAD_USER_INPUT' ? 'BAD_USER_INPUT' : 'SERVICE_UNAVAILABLE', 'A part of the chronology could not be read');
          return res.data._entities.map((e) => (e?.part ?? []).map((w) => chronologyEvent({ ...w, at: w.at ? new Date(w.at) : null })));
        }));
        return ids.map((_, i) => parts.flatMap((part) => part[i] ?? []));
      });
      pages.set(cacheKey, loader);
    }
    return loader;
  };
}
