/** Code lists owned by the placements subgraph (see codes.ts for the shared ones). */
export {};
