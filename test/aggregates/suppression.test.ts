import fc from 'fast-check';
import { suppressTable, type SuppressedTable } from '@caregraph/schema';

/**
 * policy.md, "Aggregates for analyst": counts below 5, other than 0, are suppressed; issue 14: with secondary
 * suppression, so that no suppressed count can be recovered from its row or column totals. The oracle is linear
 * algebra, not the suppression code's graph reasoning: with the published values known, the suppressed entries
 * are the unknowns of the table's equations (each row and each column adds up to its total, totals included);
 * one of them can be worked out exactly when its unit vector lies in the span of those equations' rows.
 */

/** The published table as one grid, totals as the last row and column (null: suppressed). */
function gridOf(t: SuppressedTable): (number | null)[][] {
  return [...t.cells.map((row, r) => [...row, t.rowTotals[r]!]), [...t.columnTotals, t.total]];
}

/** Rank of a matrix (exact: entries are small integers, elimination over fractions kept as numbers is exact here). */
function rank(matrix: number[][]): number {
  const m = matrix.map((row) => [...row]);
  let r = 0;
  for (let c = 0; c < (m[0]?.length ?? 0) && r < m.length; c++) {
    const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[c]!) > 1e-9);
    if (pivot === -1) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i]![c]! / m[r]![c]!;
      if (f !== 0) m[i] = m[i]!.map((v, j) => v - f * m[r]![j]!);
    }
    r++;
  }
  return r;
}

/** The suppressed entries whose value the published values and the table's equations determine. */
function recoverable(t: SuppressedTable): [number, number][] {
  const g = gridOf(t);
  const R = g.length;
  const C = g[0]!.length;
  const unknowns: [number, number][] = [];
  g.forEach((row, r) => row.forEach((v, c) => { if (v === null) unknowns.push([r, c]); }));
  // Row r: its cells minus its total = 0; column c likewise; the totals row and column too.
  const sign = (isTotal: boolean) => (isTotal ? -1 : 1);
  const equations = [
    ...Array.from({ length: R }, (_, r) => unknowns.map(([x, y]) => (x === r ? sign(y === C - 1) : 0))),
    ...Array.from({ length: C }, (_, c) => unknowns.map(([x, y]) => (y === c ? sign(x === R - 1) : 0))),
  ];
  const base = rank(equations);
  return unknowns.filter((_, k) => rank([...equations, unknowns.map((__, j) => (j === k ? 1 : 0))]) === base);
}

describe('small-number suppression', () => {
  it('suppresses a 3 and the cells that would give it away, keeping the totals (worked by hand)', () => {
    // 10 3 | 13      a=10+t, b=3-t, c=8-t, d=12+t fits every total shown: no cell can be worked out.
    //  8 12 | 20
    // 18 15 | 33
    expect(suppressTable([[10, 3], [8, 12]])).toEqual({ cells: [[null, null], [null, null]], rowTotals: [13, 20], columnTotals: [18, 15], total: 33 });
  });

  it('shows zeros and counts of 5 or more when nothing small is in the table', () => {
    expect(suppressTable([[0, 5], [7, 12]])).toEqual({ cells: [[0, 5], [7, 12]], rowTotals: [5, 19], columnTotals: [7, 17], total: 24 });
  });

  it('suppresses a small total too, and what would give it away', () => {
    const t = suppressTable([[2, 0], [1, 0], [30, 40]]);
    expect(t.rowTotals.slice(0, 2)).toEqual([null, null]);
    expect(t.columnTotals[1]).toBe(40);
    expect(recoverable(t)).toEqual([]);
  });

  it('never shows a count from 1 to 4, never changes a count it shows, and leaves none recoverable (property)', () => {
    const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 5, max: 60 }), fc.constant(0));
    const table = fc.integer({ min: 1, max: 4 }).chain((rows) => fc.integer({ min: 1, max: 5 }).chain((cols) => fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows })));
    fc.assert(
      fc.property(table, (counts) => {
        const t = suppressTable(counts);
        const truth = gridOf({ cells: counts, rowTotals: counts.map((r) => r.reduce((a, b) => a + b, 0)), columnTotals: counts[0]!.map((_, c) => counts.reduce((a, r) => a + r[c]!, 0)), total: counts.flat().reduce((a, b) => a + b, 0) });
        gridOf(t).forEach((row, r) => row.forEach((v, c) => {
          if (v !== null) {
            expect(v).toBe(truth[r]![c]);
            expect(v === 0 || v >= 5).toBe(true);
          }
        }));
        expect(recoverable(t)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
