import 'reflect-metadata';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createOrm } from '@caregraph/kit';
import { childrenOfLa903, readChildren903 } from '@caregraph/children';
import { episodesOf903, readPermanence903, type EpisodeRow903 } from '@caregraph/placements';
import { readHealth903 } from '@caregraph/health';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs.js';
import { addYears, formatDate } from './dates.js';
import { toCsv, toXml, type GenRow } from './generate.js';
import { NOT_KEPT } from './import.js';
import { FILE_COLUMNS, type FileKind } from './model.js';

export interface ExportedReturn {
  csv: { name: string; text: string }[];
  xml: { name: string; text: string };
  children: number;
  rows: number;
  /** The columns the hub does not keep: exported blank. */
  notKept: string[];
}

const d = (iso: string | null | undefined) => (iso ? formatDate(iso) : '');

/**
 * The SSDA903 return of one collection year (1 April `year - 1` to 31 March `year`) from the hub's data: every
 * child of the LA with an episode in the year, their episodes as at 31 March (one ending later is open), reviews,
 * missing episodes and social workers in the year, OC2 as at 31 March, and OC3.
 */
export async function exportReturn(databaseUrl: string, la: string, year: number): Promise<ExportedReturn> {
  const from = `${year - 1}-04-01`;
  const to = `${year}-03-31`;
  const orms: MikroORM[] = await Promise.all(SUBGRAPH_DEFINITIONS.map((def) => createOrm({ ...def.ormSettings(databaseUrl), poolMax: 1 })));
  const [cem, pem, , hem] = orms.map((o) => o.em.fork() as unknown as EntityManager) as [EntityManager, EntityManager, EntityManager, EntityManager];
  try {
    const all = await childrenOfLa903(cem, la);
    const chains = await episodesOf903(pem, all);
    const inYear = new Map<string, EpisodeRow903[]>();
    for (const [id, eps] of chains) {
      const kept = eps.filter((e) => e.start <= to && (e.end == null || e.end >= from));
      if (kept.length > 0) inYear.set(id, kept);
    }
    // Care leavers whose 17th to 21st birthday falls in the year are in the return (OC3) even with no episode in it.
    const birthdayInYear = (dob: string) => [17, 18, 19, 20, 21].some((a) => { const b = addYears(dob, a); return b >= from && b <= to; });
    const children = (await readChildren903(cem, all, from, to)).filter((c) => inYear.has(c.id) || (c.careLeaver && birthdayInYear(c.dateOfBirth)));
    const health = await readHealth903(hem, children.map((c) => c.id), to);
    const permanence = await readPermanence903(pem, children.map((c) => c.id), from, to);
    const flag = (v: boolean | null | undefined) => (v == null ? '' : v ? '1' : '0');
    const rows: GenRow[] = [];
    for (const c of children) {
      const child = c.laChildId;
      const dob = d(c.dateOfBirth);
      rows.push({ kind: 'header', child, values: { CHILD: child, SEX: c.sex, DOB: dob, ETHNIC: c.ethnicity, UPN: c.upn ?? c.upnUnknownReason ?? '', MOTHER: flag(c.mother), MC_DOB: d(c.motherChildDob) } });
      if (c.uasc) rows.push({ kind: 'uasc', child, values: { CHILD: child, SEX: c.sex, DOB: dob, DUC: d(c.uasc.dateCeased) } });
      for (const e of inYear.get(c.id) ?? []) {
        const open = e.end == null || e.end > to;
        rows.push({ kind: 'episodes', child, values: {
          CHILD: child, DECOM: d(e.start), RNE: e.rne, LS: e.ls, CIN: e.cin, PLACE: e.place, PLACE_PROVIDER: e.provider, DEC: open ? '' : d(e.end),
          REC: open ? '' : e.rec ?? '', REASON_PLACE_CHANGE: open ? '' : e.reasonPlaceChange ?? '', HOME_POST: e.homePostcode ?? '', PL_POST: e.placementPostcode ?? '', URN: e.urn ?? '',
        } });
      }
      for (const r of c.reviews) rows.push({ kind: 'reviews', child, values: { CHILD: child, DOB: dob, REVIEW: d(r.date), REVIEW_CODE: r.code } });
      for (const m of c.missing) rows.push({ kind: 'missing', child, values: { CHILD: child, DOB: dob, MISSING: m.kind, MIS_START: d(m.start), MIS_END: d(m.end) } });
      for (const w of c.socialWorkers) rows.push({ kind: 'sw_episodes', child, values: { CHILD: child, DOB: dob, SW_ID: w.swId, SW_DECOM: d(w.start), SW_DEC: d(w.end), SW_REASON: w.reason ?? '' } });
      const h = health.get(c.id);
      if (h) {
        rows.push({ kind: 'oc2', child, values: {
          CHILD: child, DOB: dob, SDQ_SCORE: h.sdqScore == null ? '' : String(h.sdqScore), SDQ_REASON: h.sdqReason ?? '', CONVICTED: flag(c.convicted), HEALTH_CHECK: flag(h.flags?.healthCheck),
          IMMUNISATIONS: flag(h.immunisations), TEETH_CHECK: flag(h.flags?.teethCheck), HEALTH_ASSESSMENT: flag(h.flags?.healthAssessment), SUBSTANCE_MISUSE: flag(h.flags?.substanceMisuse),
          INTERVENTION_RECEIVED: flag(h.flags?.interventionReceived), INTERVENTION_OFFERED: flag(h.flags?.interventionOffered),
        } });
      }
      const p = permanence.get(c.id);
      if (p?.previousPermanence) rows.push({ kind: 'previous_permanence', child, values: { CHILD: child, DOB: dob, PREV_PERM: p.previousPermanence.code, LA_PERM: p.previousPermanence.la ?? '', DATE_PERM: p.previousPermanence.date ?? '' } });
      for (const a of p?.placedForAdoption ?? []) rows.push({ kind: 'placed_for_adoption', child, values: { CHILD: child, DOB: dob, DATE_PLACED: d(a.placed), DATE_PLACED_CEASED: d(a.ceased), REASON_PLACED_CEASED: a.reason ?? '' } });
      if (p?.ad1) {
        rows.push({ kind: 'ad1', child, values: {
          CHILD: child, DOB: dob, DATE_INT: d(p.ad1.interest), DATE_MATCH: d(p.ad1.matched), FOSTER_CARE: flag(p.ad1.fosterCare), NB_ADOPTR: p.ad1.adopters == null ? '' : String(p.ad1.adopters),
          SEX_ADOPTR: p.ad1.sexAdopters ?? '', LS_ADOPTR: p.ad1.lsAdopters ?? '',
        } });
      }
      if (c.careLeaver) rows.push({ kind: 'oc3', child, values: { CHILD: child, DOB: dob, IN_TOUCH: c.careLeaver.inTouch, ACTIV: c.careLeaver.activity ?? '', ACCOM: c.careLeaver.accommodation ?? '' } });
    }
    const kinds = new Map<FileKind, GenRow[]>(Object.keys(FILE_COLUMNS).map((k) => [k as FileKind, rows.filter((r) => r.kind === k)]));
    const xml = toXml(rows, kinds);
    return { csv: toCsv(kinds), xml: { name: xml.name, text: xml.text }, children: children.length, rows: rows.length, notKept: NOT_KEPT };
  } finally {
    await Promise.all(orms.map((o) => o.close(true)));
  }
}
