import type { EntityManager } from '@mikro-orm/postgresql';
import { insertAll, rowsOf, updateRows, upsertDated, type Changed } from '@caregraph/kit';
import { SdqScore } from '../sdq/sdq-score.entity.js';
import { Oc2Outcome } from './oc2-outcome.entity.js';
import { ImmunisationStatus } from '../immunisation/immunisation-status.entity.js';

/** The health subgraph's part of one child's SSDA903 OC2 row, for the collection year ending `yearEnd`. */
export interface HealthImport903 {
  id: string;
  /** Created by this import: it has no rows yet, so none are read. */
  isNew: boolean;
  yearEnd: string;
  sdqScore: number | null;
  sdqReason: string | null;
  immunisations: boolean | null;
  /** The other OC2 flags, kept as reported (CONVICTED is not health data and is not kept here). */
  flags?: Oc2Flags903;
}

export interface Oc2Flags903 {
  healthCheck: boolean | null;
  teethCheck: boolean | null;
  healthAssessment: boolean | null;
  substanceMisuse: boolean | null;
  interventionReceived: boolean | null;
  interventionOffered: boolean | null;
}

const FLAG_COLUMNS = ['health_check', 'teeth_check', 'health_assessment', 'substance_misuse', 'intervention_received', 'intervention_offered'] as const;
const FLAG_KEYS = ['healthCheck', 'teethCheck', 'healthAssessment', 'substanceMisuse', 'interventionReceived', 'interventionOffered'] as const;

/**
 * Writes OC2 health outcomes in the caller's transaction: the SDQ (score or reason) as at the end of the
 * collection year, and whether immunisations were up to date then (a later year's status is never replaced by
 * an earlier one). Returns the ids of the children it changed.
 */
export async function writeHealth903(em: EntityManager, children: HealthImport903[]): Promise<Changed> {
  const changed: Changed = new Set();
  const withSdq = children.filter((c) => c.sdqScore != null || c.sdqReason != null);
  await upsertDated(em, changed, {
    table: '"health"."sdq_score"', entity: SdqScore, dateColumn: 'assessed_on', ids: withSdq.filter((c) => !c.isNew).map((c) => c.id),
    compare: [{ name: 'score', type: 'smallint' }, { name: 'reason', type: 'text' }],
    rows: withSdq.map((c) => ({ childId: c.id, date: c.yearEnd, values: [c.sdqScore, c.sdqReason] })),
    build: (r, id) => ({ id, childId: r.childId, assessedOn: r.date, score: r.values[0], reason: r.values[1] }),
  });
  const withFlags = children.filter((c) => c.flags);
  await upsertDated(em, changed, {
    table: '"health"."oc2_outcome"', entity: Oc2Outcome, dateColumn: 'year_end', ids: withFlags.filter((c) => !c.isNew).map((c) => c.id),
    compare: FLAG_COLUMNS.map((name) => ({ name, type: 'boolean' })),
    rows: withFlags.map((c) => ({ childId: c.id, date: c.yearEnd, values: FLAG_KEYS.map((k) => c.flags![k]) })),
    build: (r, id) => ({ id, childId: r.childId, yearEnd: r.date, ...Object.fromEntries(FLAG_KEYS.map((k, i) => [k, r.values[i]])) }),
  });
  const withStatus = children.filter((c) => c.immunisations != null);
  const existing = new Map((await rowsOf<{ child_id: string; up_to_date: boolean; as_at: string }>(em,
    `select child_id, up_to_date, as_at from "health"."immunisation_status" where child_id = any(?::uuid[])`, withStatus.filter((c) => !c.isNew).map((c) => c.id))).map((r) => [r.child_id, r]));
  const inserts = [];
  const updates: unknown[][] = [];
  for (const c of withStatus) {
    const row = existing.get(c.id);
    if (!row) inserts.push({ childId: c.id, upToDate: c.immunisations, asAt: c.yearEnd });
    else if (row.as_at < c.yearEnd || (row.as_at === c.yearEnd && row.up_to_date !== c.immunisations)) updates.push([c.id, c.immunisations, c.yearEnd]);
    else continue;
    changed.add(c.id);
  }
  await updateRows(em, '"health"."immunisation_status"', { name: 'child_id', type: 'uuid' }, [{ name: 'up_to_date', type: 'boolean' }, { name: 'as_at', type: 'date' }], updates);
  await insertAll(em, ImmunisationStatus, inserts);
  return changed;
}

/** OC2 as the health subgraph keeps it, as at the end of a collection year: the SDQ and the immunisation status. */
export async function readHealth903(em: EntityManager, ids: string[], yearEnd: string): Promise<Map<string, Omit<HealthImport903, 'id' | 'isNew' | 'yearEnd'>>> {
  const out = new Map<string, Omit<HealthImport903, 'id' | 'isNew' | 'yearEnd'>>();
  const at = (id: string) => out.get(id) ?? out.set(id, { sdqScore: null, sdqReason: null, immunisations: null }).get(id)!;
  for (const r of await rowsOf<Record<string, boolean | null> & { child_id: string }>(em,
    `select child_id, ${FLAG_COLUMNS.join(', ')} from "health"."oc2_outcome" where child_id = any(?::uuid[]) and year_end = '${yearEnd}'`, ids)) {
    at(r.child_id).flags = Object.fromEntries(FLAG_KEYS.map((k, i) => [k, r[FLAG_COLUMNS[i]!] ?? null])) as unknown as Oc2Flags903;
  }
  for (const r of await rowsOf<{ child_id: string; score: number | null; reason: string | null }>(em,
    `select child_id, score, reason from "health"."sdq_score" where child_id = any(?::uuid[]) and assessed_on = '${yearEnd}'`, ids)) {
    Object.assign(at(r.child_id), { sdqScore: r.score, sdqReason: r.reason });
  }
  for (const r of await rowsOf<{ child_id: string; up_to_date: boolean }>(em,
    `select child_id, up_to_date from "health"."immunisation_status" where child_id = any(?::uuid[]) and as_at = '${yearEnd}'`, ids)) {
    at(r.child_id).immunisations = r.up_to_date;
  }
  return out;
}
