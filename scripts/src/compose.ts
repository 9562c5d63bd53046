import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { SUBGRAPHS, SUPERGRAPH_PATH, composeSupergraph, defaultRoutingUrl, subgraphSdlPath } from '@caregraph/schema';
import { SUBGRAPH_DEFINITIONS } from './subgraphs.js';

/** Prints each subgraph's SDL and composes the supergraph: the reviewed artifacts under schema/. */
export async function composeAll(): Promise<{ subgraphs: Record<string, string>; supergraph: string }> {
  const subgraphs: Record<string, string> = {};
  for (const def of SUBGRAPH_DEFINITIONS) subgraphs[def.name] = printSubgraphSchema(await def.buildSchema());
  const supergraph = composeSupergraph(
    SUBGRAPHS.map((s) => ({ name: s.name, url: defaultRoutingUrl(s.port), sdl: subgraphs[s.name]! })),
  );
  return { subgraphs, supergraph };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { subgraphs, supergraph } = await composeAll();
  for (const [name, sdl] of Object.entries(subgraphs)) {
    mkdirSync(dirname(subgraphSdlPath(name)), { recursive: true });
    writeFileSync(subgraphSdlPath(name), sdl);
    console.log(`printed ${subgraphSdlPath(name)}`);
  }
  writeFileSync(SUPERGRAPH_PATH, supergraph);
  console.log(`composed ${SUPERGRAPH_PATH}`);
}
