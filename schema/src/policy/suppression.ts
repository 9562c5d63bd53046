/**
 * Small-number suppression, the policy's rule for every aggregate (policy.md: counts below 5, other than 0, are
 * suppressed), with secondary suppression so that no suppressed count can be worked out from what is shown.
 *
 * A table of counts is published with its row totals, column totals and grand total. Seen as one grid with the
 * totals as an extra row and column, every row and every column is an equation (its entries add up to its
 * total). Suppressed entries are the unknowns: one of them can be worked out exactly when it is a bridge of the
 * graph whose nodes are the grid's rows and columns and whose edges are the suppressed entries (it lies on no
 * cycle: removing it disconnects its row from its column, so the equations along any cut pin it down). On a
 * cycle, adding and removing the same amount around it changes no total, so the entry has several possible
 * values. Secondary suppression therefore adds, for every bridge, the cheapest entries that close a cycle
 * through it (small counts before large ones, inner cells before totals), until no bridge remains.
 */

/** Counts from 1 to SUPPRESS_BELOW - 1 are never shown. */
export const SUPPRESS_BELOW = 5;

/** A published table: `null` where a count is suppressed. */
export interface SuppressedTable {
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
}

const isSmall = (n: number) => n > 0 && n < SUPPRESS_BELOW;

/** The table with its totals as a last row and column. */
function grid(counts: readonly (readonly number[])[]): number[][] {
  const columns = counts[0]?.length ?? 0;
  const rows = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totals = Array.from({ length: columns + 1 }, (_, c) => rows.reduce((a, row) => a + row[c]!, 0));
  return [...rows, totals];
}

/**
 * What it costs to suppress an entry: its count (a zero last, since a suppressed 0 cannot move down), and
 * totals far after inner cells, the grand total last of all.
 */
function costOf(g: number[][], r: number, c: number): number {
  const last = { r: g.length - 1, c: g[0]!.length - 1 };
  const value = g[r]![c]!;
  const base = value === 0 ? 1e6 : value;
  const totals = (r === last.r ? 1 : 0) + (c === last.c ? 1 : 0);
  return base + totals * 1e9;
}

/** Suppressed entries as edges between row node `r` and column node `R + c`; the bridges among them. */
function bridges(suppressed: boolean[][]): [number, number][] {
  const R = suppressed.length;
  const C = suppressed[0]!.length;
  const adjacency: [number, number][][] = Array.from({ length: R + C }, () => []);
  let edge = 0;
  const edges: [number, number][] = [];
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      if (!suppressed[r]![c]) continue;
      adjacency[r]!.push([R + c, edge]);
      adjacency[R + c]!.push([r, edge]);
      edges.push([r, c]);
      edge++;
    }
  }
  // Tarjan's bridge finding (iterative), on the multigraph: the edge used to enter a node is skipped by its id.
  const order = new Array<number>(R + C).fill(-1);
  const low = new Array<number>(R + C).fill(0);
  const found: [number, number][] = [];
  let time = 0;
  for (let start = 0; start < R + C; start++) {
    if (order[start] !== -1) continue;
    const stack: { node: number; via: number; next: number }[] = [{ node: start, via: -1, next: 0 }];
    order[start] = low[start] = time++;
    while (stack.length) {
      const top = stack.at(-1)!;
      const neighbours = adjacency[top.node]!;
      if (top.next < neighbours.length) {
        const [to, id] = neighbours[top.next++]!;
        if (id === top.via) continue;
        if (order[to] === -1) {
          order[to] = low[to] = time++;
          stack.push({ node: to, via: id, next: 0 });
        } else low[top.node] = Math.min(low[top.node]!, order[to]!);
      } else {
        stack.pop();
        const parent = stack.at(-1);
        if (parent) {
          low[parent.node] = Math.min(low[parent.node]!, low[top.node]!);
          if (low[top.node]! > order[parent.node]!) found.push(edges[top.via]!);
        }
      }
    }
  }
  return found;
}

/** The nodes reachable from `from` over suppressed entries, without crossing the entry (r, c). */
function sideOf(suppressed: boolean[][], from: number, r: number, c: number): Set<number> {
  const R = suppressed.length;
  const C = suppressed[0]!.length;
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    const node = queue.pop()!;
    const next: number[] = [];
    if (node < R) for (let y = 0; y < C; y++) { if (suppressed[node]![y] && !(node === r && y === c)) next.push(R + y); }
    else for (let x = 0; x < R; x++) { if (suppressed[x]![node - R] && !(x === r && node - R === c)) next.push(x); }
    for (const n of next) if (!seen.has(n)) { seen.add(n); queue.push(n); }
  }
  return seen;
}

/** The cheapest entries whose suppression puts the bridge (r, c) on a cycle. */
function closeCycle(g: number[][], suppressed: boolean[][], r: number, c: number): [number, number][] {
  const R = g.length;
  const C = g[0]!.length;
  const fromRow = sideOf(suppressed, r, r, c);
  const fromColumn = sideOf(suppressed, R + c, r, c);
  const price = (cells: [number, number][]) => cells.reduce((sum, [x, y]) => sum + (suppressed[x]![y] ? 0 : costOf(g, x, y)), 0);
  let best: [number, number][] | undefined;
  let bestPrice = Infinity;
  const consider = (cells: [number, number][]) => {
    const p = price(cells);
    if (p < bestPrice) { best = cells; bestPrice = p; }
  };
  // One entry joining the two sides: a row on one side, a column on the other.
  for (let x = 0; x < R; x++) {
    for (let y = 0; y < C; y++) {
      if (suppressed[x]![y]) continue;
      if ((fromRow.has(x) && fromColumn.has(R + y)) || (fromColumn.has(x) && fromRow.has(R + y))) consider([[x, y]]);
    }
  }
  // Otherwise a rectangle through the bridge: (r, y), (x, y), (x, c).
  for (let x = 0; x < R; x++) {
    for (let y = 0; y < C; y++) {
      if (x !== r && y !== c) consider([[r, y], [x, y], [x, c]]);
    }
  }
  return best!.filter(([x, y]) => !suppressed[x]![y]);
}

/** The table as it may be published: every count from 1 to 4 suppressed, and enough others that none can be derived. */
export function suppressTable(counts: readonly (readonly number[])[]): SuppressedTable {
  const g = grid(counts);
  const suppressed = g.map((row) => row.map(isSmall));
  for (let guard = 0; guard < g.length * g[0]!.length; guard++) {
    const [bridge] = bridges(suppressed);
    if (!bridge) break;
    for (const [x, y] of closeCycle(g, suppressed, bridge[0], bridge[1])) suppressed[x]![y] = true;
  }
  const shown = g.map((row, r) => row.map((v, c) => (suppressed[r]![c] ? null : v)));
  const last = shown.length - 1;
  return {
    cells: shown.slice(0, last).map((row) => row.slice(0, -1)),
    rowTotals: shown.slice(0, last).map((row) => row.at(-1)!),
    columnTotals: shown[last]!.slice(0, -1),
    total: shown[last]!.at(-1)!,
  };
}
