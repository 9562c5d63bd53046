import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { POLICY_DOC_PATH, SUBGRAPHS, SUPERGRAPH_PATH, apiSchema, composeSupergraph, coordinatesOf, defaultRoutingUrl, subgraphSdlPath } from '@caregraph/schema';
import { policyDoc } from './policy-doc.js';
import { SUBGRAPH_DEFINITIONS } from './subgraphs.js';

/** Prints each subgraph's SDL and composes the supergraph: the reviewed artifacts under schema/. */
export async function composeAll(): Promise<{ subgraphs: Record<string, string>; supergraph: string; policy: string }> {
  const subgraphs: Record<string, string> = {};
  for (const def of SUBGRAPH_DEFINITIONS) subgraphs[def.name] = printSubgraphSchema(await def.buildSchema());
  const supergraph = composeSupergraph(
    SUBGRAPHS.map((s) => ({ name: s.name, url: defaultRoutingUrl(s.port), sdl: subgraphs[s.name]! })),
  );
  return { subgraphs, supergraph, policy: policyDoc(coordinatesOf(apiSchema(supergraph))) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { subgraphs, supergraph, policy } = await composeAll();
  for (const [name, sdl] of Object.entries(subgraphs)) {
    mkdirSync(dirname(subgraphSdlPath(name)), { recursive: true });
    writeFileSync(subgraphSdlPath(name), sdl);
    console.log(`printed ${subgraphSdlPath(name)}`);
  }
  writeFileSync(SUPERGRAPH_PATH, supergraph);
  console.log(`composed ${SUPERGRAPH_PATH}`);
  writeFileSync(POLICY_DOC_PATH, policy);
  console.log(`generated ${POLICY_DOC_PATH}`);
}
