import pg from 'pg';
import type { Principal } from '@caregraph/schema';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { principal, outOfScopePrincipals } from '../helpers/identity.js';
import type { GraphQLResponse } from '../helpers/http.js';
import { AGREEMENT_GROUPS, EXPECTED, ROLES, allowedKinds, expectVisible, type Group, type Role } from './expected.js';
import { CHILD_PROBES, NOBODY, ROOT_PROBES, selection, type Probe } from './oracle-fields.js';

/**
 * The end-to-end oracle: a hub over HTTP, principals in and out of scope, boundary data set up through the
 * public mutations (or SQL where none exists), and checks that compare the answers with test/policy/expected.ts.
 * Each check returns the list of its failures (empty when the hub agrees with the table); `tag` goes into
 * the query text as a comment, so every caller gets a freshly parsed document (no cached pruning decision).
 */
export const OTHER_LA = 'E09000001';
export const OTHER_URN = '888888';
export const PARTNER_GROUPS: readonly string[] = AGREEMENT_GROUPS;

type Check = (tag: string) => Promise<string[]>;
export const BOUNDARY_NAMES = [
  'fosterCarerAfterPlacementEnded', 'personalAdviserSince16', 'partnerAgreement', 'careLeaverOtherChild', 'redaction',
  'familyContact', 'carers', 'designatedTeacherWrites', 'voiceAsChosen', 'auditTrailRows',
] as const;
export type BoundaryName = (typeof BOUNDARY_NAMES)[number];

export interface Oracle {
  hub: TestHub;
  db: pg.Client;
  childId: string;
  leaverId: string;
  inScope: Record<Role, Principal>;
  outOfScope: Record<Role, Principal>;
  /** In-scope probes of every group for one role (and the chronology's kinds; the audit of an analyst's attempt). */
  checkRole(role: Role, tag: string): Promise<string[]>;
  /** The child out of scope: null + FORBIDDEN, and not listed. */
  checkOutOfScope(role: Role, tag: string): Promise<string[]>;
  /** Root queries and mutations of `groups` (all when omitted): denied ones answer null + FORBIDDEN and are audited as denied. */
  checkRoots(role: Role, tag: string, groups?: readonly Group[]): Promise<string[]>;
  boundaries: Record<BoundaryName, Check>;
  stop(): Promise<void>;
}

const tagged = (tag: string, text: string) => `# oracle ${tag}\n${text}`;
const codeOf = (e: { extensions?: Record<string, any> }) => String(e.extensions?.code ?? 'NO_CODE');
const pathKey = (p: readonly (string | number)[] | undefined) => JSON.stringify(p ?? []);
let counter = 0;

export async function startOracle(stories = 40): Promise<Oracle> {
  const hub = await startTestHub({ stories });
  const db = new pg.Client({ connectionString: hub.subgraphs.children!.databaseUrl });
  await db.connect();
  const ask = (who: Principal, text: string, vars: Record<string, unknown> = {}, tag = 'setup') => hub.queryAs(who, tagged(tag, text), vars);
  const dpo = principal('dpo');
  const must = async (who: Principal, text: string, vars: Record<string, unknown> = {}) => {
    const r = await ask(who, text, vars);
    if (r.errors?.length) throw new Error(`oracle setup: ${text.slice(0, 60)}: ${JSON.stringify(r.errors.map((e) => [codeOf(e), e.path]))}`);
    return r.data!;
  };
  const openTuple = async (relation: string, child: string): Promise<string> => {
    const { rows } = await db.query(
      `select subject from access.relationship where relation = $1 and child_id = $2 and valid_from <= now() and (valid_to is null or valid_to > now()) order by subject limit 1`,
      [relation, child],
    );
    if (!rows[0]) throw new Error(`oracle setup: no open ${relation} tuple for ${child}`);
    return rows[0].subject;
  };

  // Looked-after children with a carer, a school, a social worker, an IRO all current: the first is the
  // matrix's child, the second loses its placement (boundary "after the placement ended").
  const { rows: lac } = await db.query(`
    select child_id from access.relationship where valid_from <= now() and (valid_to is null or valid_to > now())
    group by child_id having count(distinct relation) filter (where relation in ('carer', 'on_roll', 'social_worker', 'iro', 'looked_after')) = 5
    order by child_id limit 2`);
  const childId: string = lac[0].child_id;
  const endedId: string = lac[1].child_id;
  const { rows: leavers } = await db.query(`
    select child_id from access.relationship where relation = 'personal_adviser' and valid_from <= now() and (valid_to is null or valid_to > now())
    order by child_id limit 1`);
  const leaverId: string = leavers[0].child_id;

  await must(dpo, `mutation($input: RecordDataSharingAgreementInput!) { recordDataSharingAgreement(input: $input) { id } }`, {
    input: { id: 'oracle-police-1', agency: 'Police', purpose: 'MASH safeguarding', lawfulBasis: 'Children Act 2004 s11', fieldGroups: PARTNER_GROUPS, cohort: [childId], validFrom: '2026-01-01', validTo: '2099-01-01' },
  });
  await must(dpo, `mutation($input: RecordDataSharingAgreementInput!) { recordDataSharingAgreement(input: $input) { id } }`, {
    input: { id: 'oracle-police-expired', agency: 'Police', purpose: 'MASH safeguarding', lawfulBasis: 'Children Act 2004 s11', fieldGroups: PARTNER_GROUPS, cohort: [childId], validFrom: '2026-01-01', validTo: '2099-01-01' },
  });
  // No mutation shortens an agreement: its validity moves into the past directly (the cohort tuples stay open,
  // so only the "agreement" rule can refuse).
  await db.query(`update access.agreement set valid_from = '2020-01-01', valid_to = '2021-01-01' where id = 'oracle-police-expired'`);

  const sub = (role: Role, extra: Partial<Principal> = {}) => principal(role, extra);
  const dtUrn = await openTuple('on_roll', childId);
  // Another school that exists (so a write there would succeed if the "own school" rule did not refuse it).
  const otherUrn: string = (await db.query(`select urn from education.school where urn <> $1 order by urn limit 1`, [dtUrn])).rows[0]?.urn ?? OTHER_URN;
  const carerOfChild = await openTuple('carer', childId);
  const inScope: Record<Role, Principal> = {
    social_worker: sub('social_worker', { sub: await openTuple('social_worker', childId) }),
    team_manager: sub('team_manager', { team: await openTuple('team', childId) }),
    iro: sub('iro', { sub: await openTuple('iro', childId) }),
    virtual_school: sub('virtual_school'),
    designated_teacher: sub('designated_teacher', { schoolUrn: dtUrn }),
    health_practitioner: sub('health_practitioner'),
    foster_carer: sub('foster_carer', { sub: carerOfChild }),
    personal_adviser: sub('personal_adviser', { sub: await openTuple('personal_adviser', leaverId) }),
    partner_agency: sub('partner_agency', { agency: 'Police', agreement: 'oracle-police-1' }),
    care_leaver: sub('care_leaver', { childId: leaverId }),
    analyst: sub('analyst'),
    dpo: sub('dpo'),
  };
  const outOfScope: Record<Role, Principal> = outOfScopePrincipals();
  /** The children each role's in-scope principal is asked about (the virtual school also about a care leaver). */
  const targets: Record<Role, string[]> = Object.fromEntries(ROLES.map((r) => [r, [childId]])) as Record<Role, string[]>;
  targets.personal_adviser = [leaverId];
  targets.care_leaver = [leaverId];
  targets.virtual_school = [childId, leaverId];
  targets.dpo = [childId, leaverId];

  // ---- Boundary data ------------------------------------------------------------------------------------
  // A social worker for the care leaver (a tuple: the demo's leavers have a personal adviser only).
  const swLeaver = sub('social_worker', { sub: 'sw-oracle-leaver' });
  await db.query(
    `insert into access.relationship (relation, subject, child_id, valid_from, written_by) values ('social_worker', $1, $2, now() - interval '1 day', 'oracle')`,
    [swLeaver.sub, leaverId],
  );
  const leaver = (await must(dpo, `query($id: ID!) { child(id: $id) { dateOfBirth } }`, { id: leaverId })).child;
  const dob: string = leaver.dateOfBirth;
  const birthday16 = dob.endsWith('-02-29') ? `${Number(dob.slice(0, 4)) + 16}-03-01` : `${Number(dob.slice(0, 4)) + 16}${dob.slice(4)}`;
  const dayBefore = new Date(Date.parse(`${birthday16}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const ADD_NOTE = `mutation($i: AddCaseNoteInput!) { addCaseNote(input: $i) { id } }`;
  const note = (occurredOn: string, title: string, body: string, withheld?: unknown[]) =>
    must(swLeaver, ADD_NOTE, { i: { childId: leaverId, occurredOn, category: 'VISIT', authorId: swLeaver.sub, authorName: 'Oracle Worker', title, body, ...(withheld ? { withheld } : {}) } });
  const pre16 = (await note(dayBefore, 'Oracle note before sixteen', 'Visit the day before the 16th birthday.')).addCaseNote.id as string;
  const on16 = (await note(birthday16, 'Oracle note on sixteenth birthday', 'Visit on the 16th birthday.')).addCaseNote.id as string;
  // Overlapping spans (the name, and a sentence starting with it at the same place), a repeated phrase, a title.
  const SECRET = ['Jordan', 'Blake', 'Quarry', 'Hexham'];
  const redactedNote = (await note('2026-09-01', 'Call with Jordan Blake',
    'Jordan Blake now lives at 14 Quarry Lane, Hexham. Met Jordan Blake again in May. Later Jordan Blake asked about contact.',
    [
      { text: 'Jordan Blake', content: 'ABOUT_FAMILY_MEMBER', exemption: 'THIRD_PARTY' },
      { text: 'Jordan Blake now lives at 14 Quarry Lane, Hexham.', content: 'ABOUT_FAMILY_MEMBER', exemption: 'THIRD_PARTY' },
    ])).addCaseNote.id as string;
  // Voice entries as the child chose.
  const cl = inScope.care_leaver;
  const VOICE = `mutation($i: AddVoiceEntryInput!) { addVoiceEntry(input: $i) { id } }`;
  const voice = async (title: string, visibleTo: string[]) => (await must(cl, VOICE, { i: { childId: leaverId, title, text: title, visibleTo } })).addVoiceEntry.id as string;
  const voiceForPa = await voice('Oracle voice for my adviser', ['personal_adviser']);
  const voicePrivate = await voice('Oracle voice private', []);
  const voiceForSw = await voice('Oracle voice for my social worker', ['social_worker']);
  // Family contact: the care leaver's family members as the DPO sees them (one with an address and birth date).
  let family = (await must(dpo, `query($id: ID!) { child(id: $id) { familyMembers { id name address dateOfBirth } } }`, { id: leaverId })).child.familyMembers as { id: string; name: string; address: string | null; dateOfBirth: string | null }[];
  if (!family.some((m) => m.address && m.dateOfBirth)) {
    await db.query(
      `insert into children.family_member (id, child_id, relationship, name, date_of_birth, address) values (gen_random_uuid(), $1, 'MOTHER', 'Oracle Mother', '1980-05-05', '1 Oracle Street, Leeds')`,
      [leaverId],
    );
    family = (await must(dpo, `query($id: ID!) { child(id: $id) { familyMembers { id name address dateOfBirth } } }`, { id: leaverId })).child.familyMembers;
  }
  // Carers: the matrix child's, the care leaver's own past ones, and one linked to neither.
  const carersOf = async (id: string) =>
    ((await must(dpo, `query($id: ID!) { child(id: $id) { placements { carer { id } } } }`, { id })).child.placements as { carer: { id: string } | null }[])
      .map((p) => p.carer?.id).filter((c): c is string => !!c);
  const childCarers = new Set(await carersOf(childId));
  const leaverCarers = [...new Set(await carersOf(leaverId))];
  const { rows: allCarers } = await db.query(`select distinct subject from access.relationship where relation = 'carer' order by subject`);
  const unlinkedCarer: string = allCarers.map((r) => r.subject).find((c: string) => !childCarers.has(c) && !leaverCarers.includes(c) && c !== carerOfChild);
  // A foster carer who loses the child: seen before the placement ends, not after.
  const fcEnded = sub('foster_carer', { sub: await openTuple('carer', endedId) });
  const swEnded = sub('social_worker', { sub: await openTuple('social_worker', endedId) });
  const CHILD_ID = `query($id: ID!) { child(id: $id) { id legalGivenName } }`;
  const fcBefore = await ask(fcEnded, CHILD_ID, { id: endedId });
  await must(swEnded, `mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }`, {
    i: { childId: endedId, endDate: new Date().toISOString().slice(0, 10), reasonCeased: 'E11' },
  });

  // ---- Checks ---------------------------------------------------------------------------------------------
  // The gateway's limits (tokens, cost) refuse the whole selection in one document: asked in parts, merged.
  const PARTS = [0, 1, 2, 3].map((i) => CHILD_PROBES.filter((_, j) => j % 4 === i));
  const partQueries = PARTS.map((part) => `query($id: ID!) { child(id: $id) { ${selection(part)} } }`);
  async function childQuery(who: Principal, tag: string, id: string): Promise<GraphQLResponse> {
    const parts = await Promise.all(partQueries.map((text) => hub.queryAs(who, tagged(tag, text), { id })));
    const children = parts.map((r) => r.data?.child);
    const child = children.some((c) => c == null) ? null : Object.assign({}, ...children);
    const errors = parts.flatMap((r) => r.errors ?? []);
    return { status: Math.max(...parts.map((r) => r.status)), data: { child }, ...(errors.length ? { errors } : {}) };
  }

  /** Every error that is not FORBIDDEN is a failure of its own (a crash is never an answer). */
  const crashes = (label: string, r: GraphQLResponse) =>
    (r.errors ?? []).filter((e) => codeOf(e) !== 'FORBIDDEN').map((e) => `${label}: ${codeOf(e)} at ${pathKey(e.path)}${e.path ? '' : ` (${String(e.message).slice(0, 80)})`}`);
  const forbiddenAt = (r: GraphQLResponse, path: (string | number)[]) =>
    (r.errors ?? []).some((e) => codeOf(e) === 'FORBIDDEN' && pathKey(e.path) === pathKey(path));
  const deniedChild = (label: string, r: GraphQLResponse, key = 'child'): string[] => {
    const out: string[] = [];
    if (r.data?.[key] != null) out.push(`${label}: ${key} returned (expected null + FORBIDDEN)`);
    else if (!forbiddenAt(r, [key])) out.push(`${label}: ${key} null without FORBIDDEN at ["${key}"] (${JSON.stringify((r.errors ?? []).map(codeOf))})`);
    return [...out, ...crashes(label, r)];
  };

  function walk(value: Record<string, unknown>, probes: Probe[], path: (string | number)[], role: Role, r: GraphQLResponse, label: string, out: string[]) {
    for (const probe of probes) {
      const p = [...path, probe.field];
      const v = value[probe.field];
      const visible = expectVisible(role, probe.group, probe.coordinate, PARTNER_GROUPS);
      const forbidden = forbiddenAt(r, p);
      if (visible) {
        if (forbidden) out.push(`${label} ${probe.coordinate} [${probe.group}]: expected visible, got FORBIDDEN`);
        else if (v === undefined) out.push(`${label} ${probe.coordinate} [${probe.group}]: expected visible, missing`);
      } else {
        if (v !== null && v !== undefined) out.push(`${label} ${probe.coordinate} [${probe.group}]: LEAK (expected null + FORBIDDEN)`);
        else if (!forbidden) out.push(`${label} ${probe.coordinate} [${probe.group}]: denied without FORBIDDEN at its path`);
      }
      if (v == null || !probe.children || typeof v !== 'object') continue;
      if (Array.isArray(v)) v.slice(0, 3).forEach((item, i) => item && walk(item, probe.children!, [...p, i], role, r, label, out));
      else walk(v as Record<string, unknown>, probe.children, p, role, r, label, out);
    }
  }

  const auditOf = async (purpose: string, want: (rows: AuditRow[]) => boolean): Promise<AuditRow[]> => {
    let rows: AuditRow[] = [];
    for (let i = 0; i < 10; i++) {
      rows = (await db.query(`select kind, child_id, field_groups, denied from audit.access_event where purpose = $1`, [purpose])).rows;
      if (want(rows)) return rows;
      await new Promise((res) => setTimeout(res, 50));
    }
    return rows;
  };
  const withPurpose = (who: Principal, tag: string): Principal => ({ ...who, purpose: `oracle ${tag} ${++counter}` });

  async function checkRole(role: Role, tag: string): Promise<string[]> {
    const out: string[] = [];
    for (const id of targets[role]) {
      const who = withPurpose(inScope[role], tag);
      const r = await childQuery(who, tag, id);
      const label = `${role} in scope (${id === leaverId ? 'care leaver' : 'looked-after child'})`;
      out.push(...crashes(label, r));
      const child = r.data?.child;
      if (!expectVisible(role, 'keys', 'Query.child', PARTNER_GROUPS)) {
        // No individual child (analyst): null + FORBIDDEN, and every group of the query recorded as denied
        // (the gateway prunes what the role can never see, and tells the audit).
        out.push(...deniedChild(label, r));
        const groups = [...new Set(CHILD_PROBES.map((pr) => pr.group))];
        const rows = await auditOf(who.purpose!, (rs) => groups.every((g) => rs.some((x) => x.denied.includes(g))));
        const denied = new Set(rows.flatMap((x) => x.denied));
        for (const g of groups) if (!denied.has(g)) out.push(`${label}: audit does not record group ${g} as denied`);
        continue;
      }
      if (child == null) {
        out.push(`${label}: child not returned (${JSON.stringify((r.errors ?? []).map((e) => [codeOf(e), e.path]))})`);
        continue;
      }
      walk(child, CHILD_PROBES, ['child'], role, r, label, out);
      const kinds: string[] = (child.chronology?.edges ?? []).map((e: { node: { kind: string } }) => e.node.kind);
      const allowed = allowedKinds(role, PARTNER_GROUPS);
      for (const k of new Set(kinds)) if (!allowed.has(k)) out.push(`${label}: chronology shows ${k}, whose source it may not read`);
    }
    return out;
  }

  async function checkOutOfScope(role: Role, tag: string): Promise<string[]> {
    const out: string[] = [];
    const target = targets[role][0]!;
    const r = await childQuery(outOfScope[role], tag, target);
    out.push(...deniedChild(`${role} out of scope`, r));
    const list = await hub.queryAs(outOfScope[role], tagged(tag, `{ children(first: 100) { edges { node { id } } } }`));
    if ((list.data?.children?.edges ?? []).some((e: { node: { id: string } }) => e.node.id === target)) out.push(`${role} out of scope: child listed`);
    out.push(...crashes(`${role} out of scope list`, list));
    return out;
  }

  async function checkRoots(role: Role, tag: string, groups?: readonly Group[]): Promise<string[]> {
    const out: string[] = [];
    for (const probe of ROOT_PROBES) {
      if (groups && !groups.includes(probe.group)) continue;
      const who = withPurpose(inScope[role], tag);
      const name = probe.coordinate.split('.')[1]!;
      const r = await hub.queryAs(who, tagged(tag, probe.text), probe.vars);
      const visible = expectVisible(role, probe.group, probe.coordinate, PARTNER_GROUPS);
      const label = `${role} ${probe.coordinate} [${probe.group}]`;
      out.push(...crashes(label, r).filter((c) => !c.includes('BAD_USER_INPUT')));
      if (visible) {
        const rows = await auditOf(who.purpose!, () => true);
        if (rows.some((x) => x.denied.includes(probe.group))) out.push(`${label}: expected allowed, audited as denied`);
        // policy.md's audit-trail row: the social worker sees its own actions, the team manager its team's.
        const cell = EXPECTED[role][probe.group];
        const nodes: { sub: string; role: string }[] = (r.data?.[name]?.edges ?? []).map((e: { node: { sub: string; role: string } }) => e.node);
        if (probe.coordinate === 'Query.accessEvents' && cell.g === 'R') {
          if (cell.note.startsWith('own') && nodes.some((x) => x.sub !== who.sub)) out.push(`${label}: shows entries of other principals (policy: own actions)`);
          if (cell.note === 'team' && nodes.some((x) => x.role !== 'social_worker' && x.role !== 'team_manager')) out.push(`${label}: shows entries of principals outside any team (policy: team)`);
        }
      } else {
        if (r.data?.[name] != null) out.push(`${label}: LEAK (answered, expected null + FORBIDDEN)`);
        else if (!forbiddenAt(r, [name])) out.push(`${label}: denied without FORBIDDEN (${JSON.stringify((r.errors ?? []).map((e) => [codeOf(e), e.path]))})`);
        const rows = await auditOf(who.purpose!, (rs) => rs.some((x) => x.denied.includes(probe.group)));
        if (!rows.some((x) => x.denied.includes(probe.group))) out.push(`${label}: refused attempt not audited with ${probe.group} denied`);
      }
    }
    return out;
  }

  // ---- Boundary checks ---------------------------------------------------------------------------------------
  const boundaries: Record<BoundaryName, Check> = {
    async fosterCarerAfterPlacementEnded(tag) {
      const out: string[] = [];
      if (fcBefore.data?.child?.id !== endedId) out.push('foster carer before the placement ended: did not see the child (boundary not set up)');
      out.push(...deniedChild('foster carer after the placement ended', await ask(fcEnded, CHILD_ID, { id: endedId }, tag)));
      const list = await ask(fcEnded, `{ children(first: 100) { edges { node { id } } } }`, {}, tag);
      if ((list.data?.children?.edges ?? []).some((e: { node: { id: string } }) => e.node.id === endedId)) out.push('foster carer after the placement ended: child listed');
      return out;
    },
    async personalAdviserSince16(tag) {
      const out: string[] = [];
      const r = await ask(inScope.personal_adviser, `query($id: ID!, $from: LocalDate, $to: LocalDate) { child(id: $id) { caseNotes { id title }
        chronology(first: 100, from: $from, to: $to) { edges { node { kind itemId title } } } } }`, { id: leaverId, from: dayBefore, to: birthday16 }, tag);
      out.push(...crashes('personal adviser since 16', r));
      const notes: string[] = (r.data?.child?.caseNotes ?? []).map((n: { id: string }) => n.id);
      const events: string[] = (r.data?.child?.chronology?.edges ?? []).map((e: { node: { itemId: string } }) => e.node.itemId);
      if (notes.includes(pre16)) out.push('personal adviser: case note dated the day before the 16th birthday is shown');
      if (!notes.includes(on16)) out.push('personal adviser: case note dated on the 16th birthday is not shown');
      if (events.includes(pre16)) out.push('personal adviser: chronology shows the case note dated before 16');
      if (!events.includes(on16)) out.push('personal adviser: chronology does not show the case note dated on the 16th birthday');
      return out;
    },
    async partnerAgreement(tag) {
      const out: string[] = [];
      const cases: [string, Partial<Principal>][] = [
        ['expired agreement', { agency: 'Police', agreement: 'oracle-police-expired' }],
        ['token agency differs from the agreement’s', { agency: 'Youth Justice', agreement: 'oracle-police-1' }],
        ['token without agency', { agreement: 'oracle-police-1' }],
      ];
      for (const [label, extra] of cases) {
        const p = sub('partner_agency', extra);
        if (!extra.agency) delete (p as Partial<Principal>).agency;
        out.push(...deniedChild(`partner, ${label}`, await ask(p, CHILD_ID, { id: childId }, tag)));
        const list = await ask(p, `{ children(first: 100) { edges { node { id } } } }`, {}, tag);
        if ((list.data?.children?.edges ?? []).length) out.push(`partner, ${label}: children listed`);
      }
      const ok = await ask(inScope.partner_agency, CHILD_ID, { id: childId }, tag);
      if (ok.data?.child?.id !== childId) out.push('partner under its valid agreement: cohort child not returned');
      return out;
    },
    async careLeaverOtherChild(tag) {
      const out: string[] = [];
      const shape = (r: GraphQLResponse) => JSON.stringify({ child: r.data?.child ?? null, errors: (r.errors ?? []).map((e) => [codeOf(e), e.path]) });
      const other = await ask(cl, CHILD_ID, { id: childId }, tag);
      const unknown = await ask(cl, CHILD_ID, { id: NOBODY }, tag);
      out.push(...deniedChild('care leaver, another child', other), ...deniedChild('care leaver, unknown id', unknown));
      if (shape(other) !== shape(unknown)) out.push(`care leaver: another child (${shape(other)}) answers differently from an unknown id (${shape(unknown)})`);
      if ((other.errors ?? []).length !== 1) out.push(`care leaver, another child: ${(other.errors ?? []).length} errors (expected exactly one FORBIDDEN)`);
      const own = await ask(cl, CHILD_ID, { id: leaverId }, tag);
      if (own.data?.child?.id !== leaverId) out.push('care leaver: own record not returned');
      return out;
    },
    async redaction(tag) {
      const out: string[] = [];
      const r = await ask(cl, `query($id: ID!) { child(id: $id) { caseNotes { id title body redactions { content exemption explanation } }
        chronology(first: 100, from: "2026-09-01", to: "2026-09-01") { edges { node { kind itemId title body redactions { content exemption explanation } } } } } }`, { id: leaverId }, tag);
      out.push(...crashes('care leaver redaction', r));
      const n = (r.data?.child?.caseNotes ?? []).find((x: { id: string }) => x.id === redactedNote);
      if (!n) return [...out, 'care leaver: the note with withheld parts is missing (the item must be present)'];
      const leaks = (where: string, text: string | null | undefined) => SECRET.filter((s) => (text ?? '').includes(s)).map((s) => `care leaver: withheld text "${s}" shown in ${where}`);
      out.push(...leaks('the note body (overlapping spans / repeated phrase)', n.body), ...leaks('the note title', n.title));
      if (!n.body || !n.body.includes('asked about contact')) out.push('care leaver: the rest of the note body is not shown');
      if (!n.redactions?.length || !n.redactions.every((x: { content: string; exemption: string; explanation: string }) => x.content && x.exemption && x.explanation)) {
        out.push('care leaver: no typed redaction (content, exemption, explanation) on the note');
      } else if (!n.redactions.some((x: { content: string }) => x.content === 'ABOUT_FAMILY_MEMBER')) out.push('care leaver: redaction does not say ABOUT_FAMILY_MEMBER');
      const ev = (r.data?.child?.chronology?.edges ?? []).map((e: { node: any }) => e.node).find((x: { itemId: string }) => x.itemId === redactedNote);
      if (!ev) out.push('care leaver: the redacted note has no chronology event');
      else out.push(...leaks('the chronology event body', ev.body), ...leaks('the chronology event title', ev.title));
      const sw = await ask(swLeaver, `query($id: ID!) { child(id: $id) { caseNotes { id body } } }`, { id: leaverId }, tag);
      const full = (sw.data?.child?.caseNotes ?? []).find((x: { id: string }) => x.id === redactedNote);
      if (!full?.body?.includes('Quarry Lane')) out.push('social worker: the note is not shown in full (redaction is for the care leaver only)');
      return out;
    },
    async familyContact(tag) {
      const out: string[] = [];
      const r = await ask(cl, `query($id: ID!) { child(id: $id) { familyMembers { id name address dateOfBirth } } }`, { id: leaverId }, tag);
      out.push(...crashes('care leaver family', r).filter((c) => !c.includes('FORBIDDEN')));
      const seen = new Map<string, { name: string | null; address: string | null; dateOfBirth: string | null }>(
        (r.data?.child?.familyMembers ?? []).map((m: { id: string }) => [m.id, m]),
      );
      for (const m of family) {
        const s = seen.get(m.id);
        if (!s) { out.push('care leaver: a family member is missing'); continue; }
        if (m.name && s.name !== m.name) out.push('care leaver: a family member’s name is not shown');
        if (m.address && s.address === m.address) out.push('care leaver: a family member’s address is shown');
        if (m.dateOfBirth && s.dateOfBirth === m.dateOfBirth) out.push('care leaver: a family member’s date of birth is shown');
      }
      return out;
    },
    async carers(tag) {
      const out: string[] = [];
      const CARER = `query($id: ID!) { carer(id: $id) { id name approvedOn } }`;
      const sees = async (who: Principal, id: string) => (await ask(who, CARER, { id }, tag)).data?.carer?.id === id;
      const hidden = async (label: string, who: Principal, id: string) => {
        const r = await ask(who, CARER, { id }, tag);
        if (r.data?.carer != null) out.push(`${label}: carer(id) of a household not linked to a child in scope returned`);
        out.push(...crashes(label, r));
      };
      if (!unlinkedCarer) return ['carers: no unlinked household in the demo data (boundary not set up)'];
      if (!(await sees(dpo, unlinkedCarer))) out.push('dpo: carer(id) not returned (boundary not set up)');
      await hidden('care leaver', cl, unlinkedCarer);
      await hidden('other foster carer', inScope.foster_carer, unlinkedCarer);
      await hidden('partner', inScope.partner_agency, unlinkedCarer);
      if (!(await sees(inScope.foster_carer, carerOfChild))) out.push('foster carer: carer(id) of itself not returned');
      if (leaverCarers[0] && !(await sees(cl, leaverCarers[0]))) out.push('care leaver: a carer who cared for them is not returned');
      if (!(await sees(inScope.partner_agency, carerOfChild))) out.push('partner: the carer of a cohort child is not returned');
      if (!(await sees(inScope.health_practitioner, carerOfChild))) out.push('health practitioner: the carer of a looked-after child is not returned');
      return out;
    },
    async designatedTeacherWrites(tag) {
      const out: string[] = [];
      const dt = inScope.designated_teacher;
      const today = new Date().toISOString().slice(0, 10);
      const EXCLUDE = `mutation($i: RecordExclusionInput!) { recordExclusion(input: $i) { id urn } }`;
      const ENROL = `mutation($i: EnrolInSchoolInput!) { enrolInSchool(input: $i) { id urn } }`;
      if (otherUrn === OTHER_URN) out.push('designated teacher: no other school in the demo data (boundary not set up)');
      const ex = await ask(dt, EXCLUDE, { i: { childId, urn: otherUrn, category: 'SUSP', reason: 'PP', startDate: today, sessions: 1 } }, tag);
      out.push(...deniedChild('designated teacher: exclusion at another school', ex, 'recordExclusion'));
      const en = await ask(dt, ENROL, { i: { childId, urn: otherUrn, schoolName: 'Other School', startDate: today, enrolStatus: 'S' } }, tag);
      out.push(...deniedChild('designated teacher: enrolment at another school', en, 'enrolInSchool'));
      const own = await ask(dt, EXCLUDE, { i: { childId, urn: dtUrn, category: 'SUSP', reason: 'PP', startDate: today, sessions: 1 } }, tag);
      if (own.errors?.length || !own.data?.recordExclusion?.id) out.push(`designated teacher: exclusion at its own school refused (${JSON.stringify((own.errors ?? []).map(codeOf))})`);
      const { rows } = await db.query(
        `select count(*)::int as n from access.relationship where relation = 'on_roll' and subject = $1 and child_id = $2 and (valid_to is null or valid_to > now())`,
        [otherUrn, childId],
      );
      if (rows[0].n > 0) out.push('designated teacher: a write at another school put the child on that school’s roll');
      return out;
    },
    async voiceAsChosen(tag) {
      const out: string[] = [];
      const VOICES = `query($id: ID!) { child(id: $id) { voiceEntries { id } } }`;
      const ids = async (who: Principal) => ((await ask(who, VOICES, { id: leaverId }, tag)).data?.child?.voiceEntries ?? []).map((v: { id: string }) => v.id) as string[];
      const pa = await ids(inScope.personal_adviser);
      if (!pa.includes(voiceForPa)) out.push('personal adviser: an entry the child shared with personal_adviser is not shown');
      if (pa.includes(voicePrivate)) out.push('personal adviser: a private entry is shown');
      if (pa.includes(voiceForSw)) out.push('personal adviser: an entry shared with social_worker only is shown');
      const sw = await ids(swLeaver);
      if (!sw.includes(voiceForSw)) out.push('social worker: an entry shared with social_worker is not shown');
      if (sw.includes(voicePrivate) || sw.includes(voiceForPa)) out.push('social worker: an entry not shared with social_worker is shown');
      const own = await ids(cl);
      if (![voiceForPa, voicePrivate, voiceForSw].every((v) => own.includes(v))) out.push('care leaver: not every own entry is shown');
      const all = await ids(dpo);
      if (![voiceForPa, voicePrivate, voiceForSw].every((v) => all.includes(v))) out.push('dpo: not every entry is shown');
      return out;
    },
    async auditTrailRows(tag) {
      // policy.md's audit-trail row: SW own actions, TM team (the rows are checked in checkRoots).
      return [...(await checkRoots('social_worker', tag, ['auditTrail'])), ...(await checkRoots('team_manager', tag, ['auditTrail']))];
    },
  };

  return {
    hub, db, childId, leaverId, inScope, outOfScope, checkRole, checkOutOfScope, checkRoots, boundaries,
    async stop() {
      await db.end();
      await hub.stop();
    },
  };
}

interface AuditRow { kind: string; child_id: string | null; field_groups: string[]; denied: string[] }

/** Which checks concern a policy change: the mutation runner runs only these. */
export const RULE_CHECKS: Record<string, BoundaryName[] | 'outOfScope'> = {
  scope: 'outOfScope',
  ownRecord: ['careLeaverOtherChild'],
  sinceAge16: ['personalAdviserSince16'],
  voiceAsChosen: ['voiceAsChosen'],
  ownCarers: ['carers'],
  ownSchool: ['designatedTeacherWrites'],
  agreement: ['partnerAgreement'],
  thirdPartyRedaction: ['redaction'],
  familyContactWithheld: ['familyContact'],
  auditTrail: ['auditTrailRows'],
};

export { EXPECTED, ROLES };
