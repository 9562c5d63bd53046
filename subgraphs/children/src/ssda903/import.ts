import type { EntityManager } from '@mikro-orm/postgresql';
import { endRelations, grantRelations, insertAll, pgArray, rowsOf, sameValues, updateRows, upsertDated, upsertOne, type Changed, type RelationTuple } from '@caregraph/kit';
import { Ssda903Child, Ssda903Conviction, Ssda903SwReason } from './detail.entity.js';
import { Child } from '../child/child.entity.js';
import { LegalStatusPeriod } from '../legal-status/legal-status-period.entity.js';
import { MissingEpisode } from '../missing/missing-episode.entity.js';
import { CareLeaverStatus } from '../care-leaver/care-leaver-status.entity.js';
import { Allocation } from '../allocation/allocation.entity.js';
import { CaseNote } from '../case-note/case-note.entity.js';
import { allocationTuples } from '../allocation/allocation.service.js';

/** Who the children subgraph records as the writer of what an SSDA903 import writes (tuples, review events). */
export const IMPORT_WRITER = 'children';
const REVIEW_AUTHOR = 'ssda903-import';

const PARTICIPATION: Record<string, string> = {
  PN0: 'Child under 4 at the time of the review.',
  PN1: 'The child attended and spoke for themselves.',
  PN2: 'The child attended and an advocate spoke on their behalf.',
  PN3: 'The child attended and conveyed their views non-verbally.',
  PN4: 'The child attended but did not speak or convey their views.',
  PN5: 'The child did not attend and briefed an advocate or the IRO to speak for them.',
  PN6: 'The child did not attend and conveyed their views by a written, audio or video message.',
  PN7: 'The child did not attend and their views were not conveyed.',
};

/** The children subgraph's part of one child of a validated SSDA903 return (dates YYYY-MM-DD). */
export interface ChildImport903 {
  id: string;
  /** Created by this import: it has no rows yet, so none are read. */
  isNew: boolean;
  laChildId: string;
  /** Null when the return has no header row for a child already on the hub: the child's own row is left as it is. */
  header: { sex: 'M' | 'F' | 'U'; dateOfBirth: string; ethnicity: string; upn: string | null; upnUnknownReason: string | null } | null;
  /** From the child's whole chain of episodes (the hub's and the return's). */
  legalStatuses: { code: string; start: string; end: string | null }[];
  missing: { kind: 'M' | 'A'; start: string; end: string | null }[];
  reviews: { date: string; code: string }[];
  careLeaver: { inTouch: string; activity: string | null; accommodation: string | null } | null;
  socialWorkers: { swId: string; start: string; end: string | null; reason?: string | null }[];
  /** When the child came onto the LA's records (their first episode, or their date of birth). */
  since: string;
  /** Header MOTHER and MC_DOB (only with a header row). */
  mother?: { mother: boolean | null; childDob: string | null } | null;
  /** The uasc row: the child is (or was) an unaccompanied asylum-seeking child; DUC. */
  uasc?: { dateCeased: string | null } | null;
  /** OC2 CONVICTED for the collection year ending `yearEnd`. */
  convicted?: { yearEnd: string; value: boolean } | null;
}

/**
 * The hub ids of the children a return names, matched by LA + CHILD: `ids` for those on the hub for this LA,
 * `otherLa` for CHILD ids a child of another LA already holds (the hub keeps CHILD unique).
 */
export async function matchChildren903(em: EntityManager, la: string, laChildIds: string[]): Promise<{ ids: Map<string, string>; otherLa: Set<string> }> {
  const rows = await em.getConnection().execute<{ id: string; la_child_id: string; here: boolean }[]>(
    `select c.id, c.la_child_id, exists (select 1 from "access"."relationship" r where r.child_id = c.id and r.relation = 'la_child' and r.subject = ?) as here
       from "children"."child" c where c.la_child_id = any(?::text[])`,
    [la, pgArray(laChildIds)],
    'all',
    em.getTransactionContext(),
  );
  const ids = new Map<string, string>();
  const otherLa = new Set<string>();
  for (const r of rows) {
    if (r.here) ids.set(r.la_child_id, r.id);
    else otherLa.add(r.la_child_id);
  }
  return { ids, otherLa };
}

/**
 * Writes the children subgraph's part of an import in the caller's transaction: new children, changed headers,
 * legal status periods, missing episodes, reviews (as review events), OC3 status and social-worker episodes,
 * with the scope tuples they imply. Rows are matched by child and date, so the same return twice changes
 * nothing and next year's return updates and extends. Returns the ids of the children it changed.
 */
export async function writeChildren903(em: EntityManager, la: string, children: ChildImport903[]): Promise<Changed> {
  const changed: Changed = new Set();
  const ids = children.filter((c) => !c.isNew).map((c) => c.id);
  const tuples: RelationTuple[] = [];

  // The child.
  const existing = new Map((await rowsOf<{ id: string } & Record<string, unknown>>(em, `select id, id as child_id, sex, date_of_birth, ethnicity, upn, upn_unknown_reason from "children"."child" where id = any(?::uuid[])`, ids)).map((r) => [r.id, r]));
  const newChildren = [];
  const childUpdates: unknown[][] = [];
  for (const c of children) {
    const row = existing.get(c.id);
    if (!row) {
      const h = c.header!;
      newChildren.push({
        id: c.id, laChildId: c.laChildId, legalGivenName: '', legalFamilyName: '', preferredName: null, dateOfBirth: h.dateOfBirth, sex: h.sex,
        ethnicity: h.ethnicity, upn: h.upn, upnUnknownReason: h.upnUnknownReason, nhsNumber: null, dateOfDeath: null,
      });
      tuples.push({ relation: 'la_child', subject: la, childId: c.id, from: c.since });
      changed.add(c.id);
    } else if (c.header) {
      const want = { sex: c.header.sex, date_of_birth: c.header.dateOfBirth, ethnicity: c.header.ethnicity, upn: c.header.upn, upn_unknown_reason: c.header.upnUnknownReason };
      if (!sameValues(row, want, Object.keys(want))) {
        childUpdates.push([c.id, want.sex, want.date_of_birth, want.ethnicity, want.upn, want.upn_unknown_reason]);
        changed.add(c.id);
      }
    }
  }
  await insertAll(em, Child, newChildren);
  await updateRows(em, '"children"."child"', { name: 'id', type: 'uuid' },
    [{ name: 'sex', type: 'text' }, { name: 'date_of_birth', type: 'date' }, { name: 'ethnicity', type: 'text' }, { name: 'upn', type: 'varchar' }, { name: 'upn_unknown_reason', type: 'text' }],
    childUpdates);

  // Dated rows matched by child and start date: legal status periods, missing episodes, reviews, social workers.
  await upsertDated(em, changed, {
    table: '"children"."legal_status_period"', entity: LegalStatusPeriod, dateColumn: 'start_date', ids,
    compare: [{ name: 'legal_status', type: 'text' }, { name: 'end_date', type: 'date' }],
    rows: children.flatMap((c) => c.legalStatuses.map((ls) => ({ childId: c.id, date: ls.start, values: [ls.code, ls.end] }))),
    build: (r, id) => ({ id, child: r.childId, legalStatus: r.values[0], startDate: r.date, endDate: r.values[1] }),
  });
  await upsertDated(em, changed, {
    table: '"children"."missing_episode"', entity: MissingEpisode, dateColumn: 'start_date', ids,
    compare: [{ name: 'kind', type: 'text' }, { name: 'end_date', type: 'date' }],
    rows: children.flatMap((c) => c.missing.map((m) => ({ childId: c.id, date: m.start, values: [m.kind, m.end] }))),
    build: (r, id) => ({ id, child: r.childId, kind: r.values[0], startDate: r.date, endDate: r.values[1], returnInterviewOffered: null, returnInterviewAccepted: null }),
  });
  await upsertDated(em, changed, {
    table: '"children"."case_note"', entity: CaseNote, dateColumn: 'occurred_on', ids, where: `category = 'REVIEW' and author_id = '${REVIEW_AUTHOR}'`,
    compare: [{ name: 'body', type: 'text' }],
    rows: children.flatMap((c) => c.reviews.map((r) => ({ childId: c.id, date: r.date, values: [PARTICIPATION[r.code] ?? ''] }))),
    build: (r, id) => ({
      id, child: r.childId, occurredOn: r.date, category: 'REVIEW', authorId: REVIEW_AUTHOR, authorName: 'SSDA903 return', title: 'Looked-after review',
      body: r.values[0], withheld: [], recordedAt: new Date(),
    }),
  });
  const sw = await upsertDated(em, changed, {
    table: '"children"."allocation"', entity: Allocation, dateColumn: 'start_date', ids, where: `role = 'SOCIAL_WORKER'`,
    compare: [{ name: 'worker_id', type: 'text' }, { name: 'end_date', type: 'date' }],
    rows: children.flatMap((c) => c.socialWorkers.map((w) => ({ childId: c.id, date: w.start, values: [w.swId, w.end] }))),
    build: (r, id) => ({ id, child: r.childId, role: 'SOCIAL_WORKER', workerId: r.values[0], workerName: r.values[0], teamId: null, startDate: r.date, endDate: r.values[1] }),
  });
  for (const a of sw.inserted) tuples.push(...allocationTuples({ role: 'SOCIAL_WORKER', workerId: a.values[0] as string, teamId: null, startDate: a.date, endDate: a.values[1] as string | null }, a.childId));
  for (const a of sw.updated) {
    if (a.values[1]) await endRelations(em, { relation: 'social_worker', childId: a.childId, subject: a.values[0] as string, at: a.values[1] as string });
  }

  // What the Child record has no field for: MOTHER/MC_DOB, UASC, CONVICTED, SW_REASON (kept as reported).
  await upsertOne(em, changed, {
    table: '"children"."ssda903_child"', entity: Ssda903Child, ids, compare: [{ name: 'mother', type: 'boolean' }, { name: 'mother_child_dob', type: 'date' }],
    rows: children.filter((c) => c.mother).map((c) => ({ childId: c.id, values: [c.mother!.mother, c.mother!.childDob] })),
    build: (r) => ({ childId: r.childId, uasc: null, uascCeasedOn: null, mother: r.values[0], motherChildDob: r.values[1] }),
  });
  await upsertOne(em, changed, {
    table: '"children"."ssda903_child"', entity: Ssda903Child, ids: children.filter((c) => !c.isNew || c.mother).map((c) => c.id),
    compare: [{ name: 'uasc', type: 'boolean' }, { name: 'uasc_ceased_on', type: 'date' }],
    rows: children.filter((c) => c.uasc).map((c) => ({ childId: c.id, values: [true, c.uasc!.dateCeased] })),
    build: (r) => ({ childId: r.childId, uasc: true, uascCeasedOn: r.values[1], mother: null, motherChildDob: null }),
  });
  await upsertDated(em, changed, {
    table: '"children"."ssda903_conviction"', entity: Ssda903Conviction, dateColumn: 'year_end', ids, compare: [{ name: 'convicted', type: 'boolean' }],
    rows: children.filter((c) => c.convicted).map((c) => ({ childId: c.id, date: c.convicted!.yearEnd, values: [c.convicted!.value] })),
    build: (r, id) => ({ id, childId: r.childId, yearEnd: r.date, convicted: r.values[0] }),
  });
  const reasons = children.flatMap((c) => c.socialWorkers.filter((w) => w.reason).map((w) => ({ childId: c.id, allocationId: sw.ids.get(`${c.id}|${w.start}`)!, reason: w.reason! })));
  const knownReasons = new Map((await rowsOf<{ allocation_id: string; reason: string }>(em,
    `select allocation_id, reason from "children"."ssda903_sw_reason" where child_id = any(?::uuid[])`, ids)).map((r) => [r.allocation_id, r.reason]));
  const newReasons = reasons.filter((r) => !knownReasons.has(r.allocationId));
  const changedReasons = reasons.filter((r) => knownReasons.has(r.allocationId) && knownReasons.get(r.allocationId) !== r.reason);
  await updateRows(em, '"children"."ssda903_sw_reason"', { name: 'allocation_id', type: 'uuid' }, [{ name: 'reason', type: 'varchar' }], changedReasons.map((r) => [r.allocationId, r.reason]));
  await insertAll(em, Ssda903SwReason, newReasons);
  for (const r of [...newReasons, ...changedReasons]) changed.add(r.childId);

  // OC3: one care-leaver status per child.
  const leavers = children.filter((c) => c.careLeaver);
  const statuses = new Map((await rowsOf<{ child_id: string; in_touch: string; activity: string | null; accommodation: string | null }>(em,
    `select child_id, in_touch, activity, accommodation from "children"."care_leaver_status" where child_id = any(?::uuid[])`, leavers.filter((c) => !c.isNew).map((c) => c.id))).map((r) => [r.child_id, r]));
  const newStatuses = [];
  const statusUpdates: unknown[][] = [];
  for (const c of leavers) {
    const want = { in_touch: c.careLeaver!.inTouch, activity: c.careLeaver!.activity, accommodation: c.careLeaver!.accommodation };
    const row = statuses.get(c.id);
    if (!row) newStatuses.push({ child: c.id, inTouch: want.in_touch, activity: want.activity, accommodation: want.accommodation, latestContactOn: null, pathwayPlanReviewOn: null, recordClosedOn: null });
    else if (!sameValues(row, want, Object.keys(want))) statusUpdates.push([c.id, want.in_touch, want.activity, want.accommodation]);
    else continue;
    changed.add(c.id);
  }
  await insertAll(em, CareLeaverStatus, newStatuses);
  await updateRows(em, '"children"."care_leaver_status"', { name: 'child_id', type: 'uuid' },
    [{ name: 'in_touch', type: 'text' }, { name: 'activity', type: 'varchar' }, { name: 'accommodation', type: 'varchar' }], statusUpdates);

  await grantRelations(em, IMPORT_WRITER, tuples);
  return changed;
}

/** The children subgraph's part of an SSDA903 return (export): one child's rows, dates YYYY-MM-DD. */
export interface ChildExport903 {
  id: string;
  laChildId: string;
  sex: string;
  dateOfBirth: string;
  ethnicity: string;
  upn: string | null;
  upnUnknownReason: string | null;
  reviews: { date: string; code: string }[];
  missing: { kind: string; start: string; end: string | null }[];
  socialWorkers: { swId: string; start: string; end: string | null; reason: string | null }[];
  careLeaver: { inTouch: string; activity: string | null; accommodation: string | null } | null;
  mother: boolean | null;
  motherChildDob: string | null;
  uasc: { dateCeased: string | null } | null;
  convicted: boolean | null;
}

const CODE_OF = new Map(Object.entries(PARTICIPATION).map(([code, text]) => [text, code]));

/** The hub ids of the LA's children (every child on its records). */
export async function childrenOfLa903(em: EntityManager, la: string): Promise<string[]> {
  const rows = await em.getConnection().execute<{ child_id: string }[]>(
    `select distinct child_id from "access"."relationship" where relation = 'la_child' and subject = ?`, [la], 'all', em.getTransactionContext());
  return rows.map((r) => r.child_id);
}

/** What the children subgraph keeps of these children for the collection year `from`..`to` (reviews, missing and workers in the year). */
export async function readChildren903(em: EntityManager, ids: string[], from: string, to: string): Promise<ChildExport903[]> {
  const inYear = (start: string, end: string) => `${start} <= '${to}' and (${end} is null or ${end} >= '${from}')`;
  const children = await rowsOf<Record<string, string | null> & { id: string }>(em,
    `select id, la_child_id, sex, date_of_birth, ethnicity, upn, upn_unknown_reason from "children"."child" where id = any(?::uuid[]) order by la_child_id`, ids);
  const group = async <T>(sql: string) => {
    const map = new Map<string, T[]>();
    for (const r of await rowsOf<T & { child_id: string }>(em, sql, ids)) {
      if (!map.has(r.child_id)) map.set(r.child_id, []);
      map.get(r.child_id)!.push(r);
    }
    return map;
  };
  const reviews = await group<{ occurred_on: string; body: string }>(
    `select child_id, occurred_on, body from "children"."case_note" where child_id = any(?::uuid[]) and category = 'REVIEW' and author_id = '${REVIEW_AUTHOR}' and occurred_on between '${from}' and '${to}' order by occurred_on`);
  const missing = await group<{ kind: string; start_date: string; end_date: string | null }>(
    `select child_id, kind, start_date, end_date from "children"."missing_episode" where child_id = any(?::uuid[]) and ${inYear('start_date', 'end_date')} order by start_date`);
  const workers = await group<{ worker_id: string; start_date: string; end_date: string | null; reason: string | null }>(
    `select a.child_id, a.worker_id, a.start_date, a.end_date, r.reason from "children"."allocation" a left join "children"."ssda903_sw_reason" r on r.allocation_id = a.id
      where a.child_id = any(?::uuid[]) and a.role = 'SOCIAL_WORKER' and ${inYear('a.start_date', 'a.end_date')} order by a.start_date`);
  const details = await group<{ uasc: boolean | null; uasc_ceased_on: string | null; mother: boolean | null; mother_child_dob: string | null }>(
    `select child_id, uasc, uasc_ceased_on, mother, mother_child_dob from "children"."ssda903_child" where child_id = any(?::uuid[])`);
  const convictions = await group<{ convicted: boolean }>(`select child_id, convicted from "children"."ssda903_conviction" where child_id = any(?::uuid[]) and year_end = '${to}'`);
  const leavers = await group<{ in_touch: string; activity: string | null; accommodation: string | null }>(
    `select child_id, in_touch, activity, accommodation from "children"."care_leaver_status" where child_id = any(?::uuid[])`);
  return children.map((c) => ({
    id: c.id, laChildId: c.la_child_id!, sex: c.sex!, dateOfBirth: c.date_of_birth!, ethnicity: c.ethnicity!, upn: c.upn, upnUnknownReason: c.upn_unknown_reason,
    reviews: (reviews.get(c.id) ?? []).map((r) => ({ date: r.occurred_on, code: CODE_OF.get(r.body) ?? '' })),
    missing: (missing.get(c.id) ?? []).map((m) => ({ kind: m.kind, start: m.start_date, end: m.end_date && m.end_date <= to ? m.end_date : null })),
    socialWorkers: (workers.get(c.id) ?? []).map((w) => ({ swId: w.worker_id, start: w.start_date, end: w.end_date && w.end_date <= to ? w.end_date : null, reason: w.reason })),
    mother: details.get(c.id)?.[0]?.mother ?? null, motherChildDob: details.get(c.id)?.[0]?.mother_child_dob ?? null,
    uasc: details.get(c.id)?.[0]?.uasc ? { dateCeased: details.get(c.id)![0]!.uasc_ceased_on } : null, convicted: convictions.get(c.id)?.[0]?.convicted ?? null,
    careLeaver: leavers.get(c.id)?.[0] ? { inTouch: leavers.get(c.id)![0]!.in_touch, activity: leavers.get(c.id)![0]!.activity, accommodation: leavers.get(c.id)![0]!.accommodation } : null,
  }));
}
