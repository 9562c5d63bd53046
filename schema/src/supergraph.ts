import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/** Where the reviewed, committed artifacts live. */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));
export const POLICY_DOC_PATH = fileURLToPath(new URL('../POLICY.md', import.meta.url));
export const subgraphSdlPath = (name: string) =>
  fileURLToPath(new URL(`../subgraphs/${name}.graphql`, import.meta.url));

/** The four subgraphs, their default ports (contract.md) and the routing URL written into the supergraph. */
export const SUBGRAPHS = [
  { name: 'children', port: 4001 },
  { name: 'placements', port: 4002 },
  { name: 'education', port: 4003 },
  { name: 'health', port: 4004 },
] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const defaultRoutingUrl = (port: number) => `http://localhost:${port}/graphql`;

export function readSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}

/** Composes printed subgraph SDLs; throws with every composition error listed. */
export function composeSupergraph(subgraphs: { name: string; url: string; sdl: string }[]): string {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  }
  return result.supergraphSdl;
}
