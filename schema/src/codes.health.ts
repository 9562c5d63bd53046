/** Code lists owned by the health subgraph (see codes.ts for the shared ones). */
export {};
