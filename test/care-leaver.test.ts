import pg from 'pg';
import { story } from '@caregraph/demo';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { bearer, principal } from './helpers/identity.js';
import { codes } from './helpers/http.js';

/** Sentences the demo data marks as about other people or from court: they must never reach the care leaver. */
const THIRD_PARTY = ['women’s refuge', 'being treated for depression', 'court bundle', 'psychiatric report', 'excluded from school that week'];

let hub: TestHub;
let db: pg.Client;
const leaver = story(0);
const me = principal('care_leaver', { sub: 'person-0', childId: leaver.id });

beforeAll(async () => {
  hub = await startTestHub({ stories: 20 });
  db = new pg.Client({ connectionString: hub.subgraphs.children!.databaseUrl });
  await db.connect();
}, 120_000);
afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

async function rawBody(who: ReturnType<typeof principal>, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(hub.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearer(who)) },
    body: JSON.stringify({ query, variables }),
  });
  return res.text();
}

const CHRONOLOGY = `{ me { id chronology(first: 100) { edges { node { id date kind domain title body itemType itemId redactions { content exemption explanation } } } pageInfo { hasNextPage endCursor } } } }`;

describe('the care leaver’s own history', () => {
  it('returns their record and a date-ordered chronology from all four subgraphs in one request', async () => {
    hub.resetSql();
    const r = await hub.queryAs(me, CHRONOLOGY);
    expect(r.errors).toBeUndefined();
    expect(r.data?.me.id).toBe(leaver.id);
    const events = r.data?.me.chronology.edges.map((e: { node: { date: string; domain: string } }) => e.node);
    expect(events).toHaveLength(100);
    expect(new Set(events.map((e: { domain: string }) => e.domain))).toEqual(new Set(['CHILDREN', 'PLACEMENTS', 'EDUCATION', 'HEALTH']));
    const dates = events.map((e: { date: string }) => e.date);
    expect([...dates].sort()).toEqual(dates);
    const counts = hub.sqlCounts();
    console.log(`SQL statements for me { chronology(first: 100) }: ${JSON.stringify(counts)}`);
    // children: me (level 1); the chronology entity (level 2) and its own events (level 3); one audit insert per request.
    // others: their events (one statement), plus one audit insert.
    expect(counts.placements).toBeLessThanOrEqual(2);
    expect(counts.education).toBeLessThanOrEqual(2);
    expect(counts.health).toBeLessThanOrEqual(2);
    expect(counts.children).toBeLessThanOrEqual(5);
  });

  it('pages through the whole chronology with cursors', async () => {
    const page = await hub.queryAs(me, `{ me { chronology(first: 10, categories: [CASE_NOTE]) { edges { cursor node { kind } } pageInfo { hasNextPage endCursor } } } }`);
    const next = await hub.queryAs(me, `query($after: String) { me { chronology(first: 10, categories: [CASE_NOTE], after: $after) { edges { node { kind } } } } }`, { after: page.data?.me.chronology.pageInfo.endCursor });
    expect(page.data?.me.chronology.edges).toHaveLength(10);
    expect(next.data?.me.chronology.edges.length).toBeGreaterThan(0);
    expect([...page.data?.me.chronology.edges, ...next.data?.me.chronology.edges].every((e: { node: { kind: string } }) => e.node.kind === 'CASE_NOTE')).toBe(true);
  });

  it('gets null + FORBIDDEN for any other child’s record or chronology', async () => {
    for (const id of [story(1).id, '00000000-0000-4000-8000-000000000000']) {
      const r = await hub.queryAs(me, `query($id: ID!) { child(id: $id) { id chronology(first: 5) { edges { node { id } } } } }`, { id });
      expect(r.data?.child).toBeNull();
      expect(codes(r)).toEqual(['FORBIDDEN']);
    }
  });

  it('never receives third-party text, and is told what was withheld and why; a social worker in scope sees it all', async () => {
    const body = await rawBody(me, `{ me { caseNotes { body redactions { content exemption explanation } } familyMembers { name }
      chronology(first: 200) { edges { node { body redactions { content exemption } } } } } }`);
    for (const text of THIRD_PARTY) expect(body).not.toContain(text);
    const parsed = JSON.parse(body);
    const redacted = parsed.data.me.caseNotes.filter((n: { redactions: unknown[] }) => n.redactions.length > 0);
    expect(redacted.length).toBeGreaterThan(0);
    for (const n of redacted) {
      expect(n.body).toContain('[withheld]');
      expect(n.redactions[0]).toMatchObject({ exemption: expect.stringMatching(/THIRD_PARTY|COURT_MATERIAL|SERIOUS_HARM/), explanation: expect.stringContaining('You can ask the records team') });
    }
    await db.query(`insert into access.relationship (relation, subject, child_id, valid_from, written_by) values ('social_worker', 'sw-reader', $1, now() - interval '1 day', 'children')`, [leaver.id]);
    const sw = await rawBody(principal('social_worker', { sub: 'sw-reader' }), `query($id: ID!) { child(id: $id) { caseNotes { body redactions { content } } } }`, { id: leaver.id });
    expect(THIRD_PARTY.some((t) => sw.includes(t))).toBe(true);
    expect(JSON.parse(sw).data.child.caseNotes.every((n: { redactions: unknown[] }) => n.redactions.length === 0)).toBe(true);
  });

  it('lets the care leaver annotate an item without changing it; their social worker and the dpo see the annotation', async () => {
    const { rows: before } = await db.query(`select n.*::text as row from children.case_note n where child_id = $1 order by id limit 1`, [leaver.id]);
    const noteId = (await db.query(`select id from children.case_note where child_id = $1 order by id limit 1`, [leaver.id])).rows[0].id;
    const r = await hub.queryAs(me, `mutation($input: AnnotateInput!) { annotate(input: $input) { id itemType itemId text } }`, {
      input: { childId: leaver.id, itemType: 'CaseNote', itemId: noteId, text: 'This is not how I remember it: I asked to stay.', isCorrection: true },
    });
    expect(r.errors).toBeUndefined();
    const { rows: after } = await db.query(`select n.*::text as row from children.case_note n where child_id = $1 order by id limit 1`, [leaver.id]);
    expect(after[0].row).toBe(before[0].row);
    for (const who of [principal('dpo'), principal('social_worker', { sub: 'sw-reader' })]) {
      const seen = await hub.queryAs(who, `query($id: ID!) { child(id: $id) { annotations { itemType itemId text isCorrection } } }`, { id: leaver.id });
      expect(seen.data?.child.annotations).toContainEqual({ itemType: 'CaseNote', itemId: noteId, text: 'This is not how I remember it: I asked to stay.', isCorrection: true });
    }
    const other = await hub.queryAs(me, `mutation($input: AnnotateInput!) { annotate(input: $input) { id } }`, {
      input: { childId: story(1).id, itemType: 'CaseNote', itemId: noteId, text: 'x' },
    });
    expect(codes(other)).toEqual(['FORBIDDEN']);
  });

  it('includes the child’s own voice entries; a professional sees only those shared with their role', async () => {
    const { rows } = await db.query(`select visible_to from children.voice_entry where child_id = $1`, [leaver.id]);
    expect(rows.length).toBeGreaterThan(0);
    const voice = `query($id: ID!) { child(id: $id) { chronology(first: 200, categories: [VOICE_ENTRY]) { edges { node { itemId } } } } }`;
    const own = await hub.queryAs(me, voice, { id: leaver.id });
    expect(own.data?.child.chronology.edges).toHaveLength(rows.length);
    const sw = await hub.queryAs(principal('social_worker', { sub: 'sw-reader' }), voice, { id: leaver.id });
    expect(sw.data?.child.chronology.edges).toHaveLength(rows.filter((r) => r.visible_to.includes('social_worker')).length);
  });

  it('shows a social worker’s read in “who viewed my record” within the same minute', async () => {
    const before = Date.now();
    await hub.queryAs(principal('social_worker', { sub: 'sw-reader', purpose: 'pathway plan review' }), `query($id: ID!) { child(id: $id) { legalGivenName } }`, { id: leaver.id });
    const r = await hub.queryAs(me, `{ me { accessLog(first: 10) { edges { node { at role organisation professionalName purpose kind } } } } }`);
    expect(r.errors).toBeUndefined();
    const latest = r.data?.me.accessLog.edges[0].node;
    expect(latest).toMatchObject({ role: 'social_worker', purpose: 'pathway plan review', kind: 'read' });
    expect(Date.parse(latest.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(latest.at) - before).toBeLessThan(60_000);
  });
});
