import type { EntityManager } from '@mikro-orm/postgresql';
import { ChronologyDomain, ChronologyKind, chronologyEvent, loaderByGroup, type AccessControl, type ChronologyEvent } from '@caregraph/kit';
import { LEGAL_STATUS, MISSING_TYPE } from '@caregraph/schema';
import { shownNote, type WithheldSpan } from '../case-note/redaction.js';

/** Each kind of event this subgraph contributes, and the field whose permission decides whether a reader sees it. */
const SOURCES = {
  legal: 'Child.legalStatuses',
  worker: 'Child.allocations',
  note: 'Child.caseNotes',
  missing: 'Child.missingEpisodes',
  voice: 'Child.voiceEntries',
} as const;

interface Row {
  source: keyof typeof SOURCES;
  child_id: string;
  item_id: string;
  date: string;
  code: string | null;
  title: string | null;
  body: string | null;
  withheld: WithheldSpan[] | null;
  visible_to: string[] | null;
  date_of_birth: string;
}

/** Named once for the whole union: a branch's own aliases count only when it comes first, and any may be left out. */
const COLUMNS = 'source, child_id, item_id, date, code, title, body, withheld, visible_to';

const BRANCHES: Record<keyof typeof SOURCES, string> = {
  legal: `select 'legal' as source, l.child_id, l.id as item_id, l.start_date as date, l.legal_status as code, null as title, null as body, null::jsonb as withheld, null::text[] as visible_to
          from "children"."legal_status_period" l where l.child_id = any(?::uuid[])`,
  worker: `select 'worker', a.child_id, a.id, a.start_date, null, a.worker_name, null, null::jsonb, null::text[]
          from "children"."allocation" a where a.role = 'SOCIAL_WORKER' and a.child_id = any(?::uuid[])`,
  note: `select 'note', n.child_id, n.id, n.occurred_on, n.category, n.title, n.body, n.withheld, null::text[]
          from "children"."case_note" n where n.child_id = any(?::uuid[])`,
  missing: `select 'missing', m.child_id, m.id, m.start_date, m.kind, null, null, null::jsonb, null::text[]
          from "children"."missing_episode" m where m.child_id = any(?::uuid[])`,
  voice: `select 'voice', v.child_id, v.id, (v.created_at at time zone 'UTC')::date, null, v.title, v.text, null::jsonb, v.visible_to
          from "children"."voice_entry" v where v.child_id = any(?::uuid[])`,
};

function toEvent(r: Row, access: AccessControl): ChronologyEvent {
  const common = { date: r.date, domain: ChronologyDomain.CHILDREN, itemId: r.item_id };
  switch (r.source) {
    case 'legal':
      return chronologyEvent({ ...common, kind: ChronologyKind.LEGAL_STATUS_CHANGED, itemType: 'LegalStatusPeriod', title: `Legal status: ${LEGAL_STATUS[r.code as keyof typeof LEGAL_STATUS]}`, body: null });
    case 'worker':
      return chronologyEvent({ ...common, kind: ChronologyKind.SOCIAL_WORKER_CHANGED, itemType: 'Allocation', title: `New social worker: ${r.title}`, body: null });
    case 'missing':
      return chronologyEvent({ ...common, kind: ChronologyKind.MISSING, itemType: 'MissingEpisode', title: MISSING_TYPE[r.code as keyof typeof MISSING_TYPE], body: null });
    case 'voice':
      return chronologyEvent({ ...common, kind: ChronologyKind.VOICE_ENTRY, itemType: 'VoiceEntry', title: r.title ?? 'In my own words', body: r.body });
    case 'note': {
      const shown = shownNote(access, { title: r.title, body: r.body ?? '', withheld: r.withheld ?? [] });
      return chronologyEvent({ ...common, kind: ChronologyKind.CASE_NOTE, itemType: 'CaseNote', title: shown.title ?? 'Case note', body: shown.body, redactions: shown.redactions });
    }
  }
}

/**
 * The children subgraph's own dated events for a batch of children: one `union all` statement, only over
 * the sources this reader may see, with case notes redacted for this reader before they leave the subgraph.
 */
export function createOwnEventsLoader(em: EntityManager, access: AccessControl) {
  return loaderByGroup<ChronologyEvent & { childId: string }>(async (ids) => {
    const sources = (Object.keys(SOURCES) as (keyof typeof SOURCES)[]).filter((s) => access.field(SOURCES[s]));
    if (sources.length === 0) return [];
    const list = `{${ids.join(',')}}`;
    const rows: Row[] = await em.getConnection().execute(
      `select e.*, to_char(e.date, 'YYYY-MM-DD') as date, to_char(c.date_of_birth, 'YYYY-MM-DD') as date_of_birth
         from (${sources.map((s) => BRANCHES[s]).join(' union all ')}) e (${COLUMNS}) join "children"."child" c on c.id = e.child_id`,
      sources.map(() => list),
    );
    const notes = new Set(access.keepDated('Child.caseNotes', rows.filter((r) => r.source === 'note'), (r) => ({ date: r.date, dateOfBirth: r.date_of_birth })));
    return rows
      .filter((r) => r.source !== 'note' || notes.has(r))
      .filter((r) => r.source !== 'voice' || access.mayHear({ childId: r.child_id, visibleTo: r.visible_to ?? [] }))
      .map((r) => ({ ...toEvent(r, access), childId: r.child_id }));
  }, (e) => e.childId);
}
