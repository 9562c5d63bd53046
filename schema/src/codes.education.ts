/** Code lists owned by the education subgraph (see codes.ts for the shared ones). */
export {};
