import pg from 'pg';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { principal } from './helpers/identity.js';
import { codes } from './helpers/http.js';

let hub: TestHub;
let db: pg.Client;
let childId: string;
let carer: string;
const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  hub = await startTestHub({ stories: 30 });
  db = new pg.Client({ connectionString: hub.subgraphs.children!.databaseUrl });
  await db.connect();
  const { rows } = await db.query(
    `select child_id, subject from access.relationship where relation = 'carer' and valid_to is null order by child_id limit 1`,
  );
  childId = rows[0].child_id;
  carer = rows[0].subject;
}, 120_000);
afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

const VIEW = `query($id: ID!) { child(id: $id) { id legalGivenName currentPlacement { placementType } allergies { substance } } }`;

describe('the audit trail', () => {
  it('records each read with who, role, purpose, child and field groups, in every subgraph that served it', async () => {
    const before = new Date();
    const r = await hub.queryAs(principal('foster_carer', { sub: carer, purpose: 'placement planning' }), VIEW, { id: childId });
    expect(r.errors).toBeUndefined();
    const { rows } = await db.query(`select subgraph, sub, role, purpose, field_groups from audit.access_event where child_id = $1 and at >= $2 order by subgraph`, [childId, before]);
    expect(rows.map((e) => e.subgraph)).toEqual(['children', 'health', 'placements']);
    expect(rows.every((e) => e.sub === carer && e.role === 'foster_carer' && e.purpose === 'placement planning')).toBe(true);
    expect(rows.find((e) => e.subgraph === 'children').field_groups).toContain('identity');
    expect(rows.find((e) => e.subgraph === 'health').field_groups).toContain('clinical');
  });

  it('records what was denied, including fields the gateway pruned', async () => {
    const before = new Date();
    const r = await hub.queryAs(principal('foster_carer', { sub: carer }), `query($id: ID!) { child(id: $id) { id healthConditions { description } } }`, { id: childId });
    expect(codes(r)).toEqual(['FORBIDDEN']);
    const { rows } = await db.query(`select denied from audit.access_event where child_id = $1 and at >= $2`, [childId, before]);
    expect(rows.flatMap((e) => e.denied)).toContain('clinical');
  });

  it('is append-only', async () => {
    await expect(db.query(`update audit.access_event set role = 'dpo'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`delete from audit.access_event`)).rejects.toThrow(/append-only/);
    await expect(db.query(`truncate audit.access_event`)).rejects.toThrow(/append-only/);
  });

  it('lets the dpo query it by child, principal and time range; a social worker sees only its own actions; an IRO nothing', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const q = `query($child: ID, $sub: String, $from: DateTimeISO) { accessEvents(childId: $child, sub: $sub, from: $from) {
      edges { node { childId sub role subgraph fieldGroups kind at } } pageInfo { hasNextPage } } }`;
    const r = await hub.queryAs(principal('dpo'), q, { child: childId, sub: carer, from: since });
    expect(r.errors).toBeUndefined();
    const events = r.data?.accessEvents.edges.map((e: { node: unknown }) => e.node);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.every((e: { childId: string; sub: string; kind: string }) => e.childId === childId && e.sub === carer && e.kind === 'read')).toBe(true);
    expect(events.every((e: { at: string }) => Date.parse(e.at) >= Date.parse(since))).toBe(true);
    // policy.md, "audit trail of a child's record": SW own actions, IRO none.
    const worker = principal('social_worker', { sub: 'sw-audit-own' });
    await hub.queryAs(worker, VIEW, { id: childId }); // not allocated: a refused attempt, on the trail as its own action
    const own = await hub.queryAs(worker, q, { child: childId });
    expect(own.errors).toBeUndefined();
    const seen = own.data?.accessEvents.edges.map((e: { node: { sub: string } }) => e.node.sub);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['sw-audit-own']));
    const denied = await hub.queryAs(principal('iro', { sub: 'iro-001' }), q, { child: childId });
    expect(denied.data?.accessEvents ?? null).toBeNull();
    expect(codes(denied)).toEqual(['FORBIDDEN']);
  });

  it('fails closed: when the audit store cannot be written, reads fail with SERVICE_UNAVAILABLE and return nothing', async () => {
    await db.query(`alter table audit.access_event rename to access_event_offline`);
    try {
      const r = await hub.queryAs(principal('dpo'), VIEW, { id: childId });
      expect(codes(r)).toContain('SERVICE_UNAVAILABLE');
      expect(r.data?.child ?? null).toBeNull();
      expect(JSON.stringify(r)).not.toContain('legalGivenName":"');
    } finally {
      await db.query(`alter table audit.access_event_offline rename to access_event`);
    }
    const again = await hub.queryAs(principal('dpo'), VIEW, { id: childId });
    expect(again.data?.child.id).toBe(childId);
  });
});

describe('data-sharing agreements', () => {
  const AGREE = `mutation($input: RecordDataSharingAgreementInput!) { recordDataSharingAgreement(input: $input) { id fieldGroups validTo } }`;
  const input = (id: string, validTo: string, fieldGroups = ['identity', 'placements']) => ({
    id, agency: 'Youth Justice Service', purpose: 'Resettlement planning', lawfulBasis: 'Crime and Disorder Act 1998 s115',
    fieldGroups, cohort: [childId], validFrom: '2026-01-01', validTo,
  });
  const PARTNER_VIEW = `query($id: ID!) { child(id: $id) { legalGivenName nhsNumber placements { placementType addressLine } caseNotes { body } } }`;

  it('shows a partner the intersection of its agreement and the policy', async () => {
    expect((await hub.queryAs(principal('dpo'), AGREE, { input: input('yjs-1', '2099-01-01') })).errors).toBeUndefined();
    const r = await hub.queryAs(principal('partner_agency', { agency: 'Youth Justice Service', agreement: 'yjs-1' }), PARTNER_VIEW, { id: childId });
    expect(r.data?.child.legalGivenName).toEqual(expect.any(String));
    expect(r.data?.child.placements.length).toBeGreaterThan(0);
    const denied = (r.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.filter((p) => typeof p === 'string').join('.'));
    expect(new Set(denied)).toEqual(new Set(['child.nhsNumber', 'child.placements.addressLine', 'child.caseNotes']));
    expect(r.data?.child.nhsNumber).toBeNull();
  });

  it('shows nothing once the agreement has expired, from that moment', async () => {
    await hub.queryAs(principal('dpo'), AGREE, { input: input('yjs-expiring', tomorrow) });
    const partner = principal('partner_agency', { agency: 'Youth Justice Service', agreement: 'yjs-expiring' });
    expect((await hub.queryAs(partner, PARTNER_VIEW, { id: childId })).data?.child.legalGivenName).toEqual(expect.any(String));
    // The agreement's end arrives: move it to this instant.
    await db.query(`update access.agreement set valid_to = now() where id = 'yjs-expiring'`);
    await db.query(`update access.relationship set valid_to = now() where relation = 'agreement_cohort' and subject = 'yjs-expiring'`);
    const after = await hub.queryAs(partner, PARTNER_VIEW, { id: childId });
    expect(after.data?.child ?? null).toBeNull();
    expect(codes(after)).toEqual(['FORBIDDEN']);
  });

  it('shows nothing to a partner whose agency is not the agreement’s, or names none (row rule "agreement")', async () => {
    await hub.queryAs(principal('dpo'), AGREE, { input: input('yjs-agency', '2099-01-01') });
    for (const partner of [
      principal('partner_agency', { agency: 'Police', agreement: 'yjs-agency' }),
      principal('partner_agency', { agreement: 'yjs-agency' }),
    ]) {
      const r = await hub.queryAs(partner, PARTNER_VIEW, { id: childId });
      expect(r.data?.child ?? null).toBeNull();
      expect(codes(r)).toEqual(['FORBIDDEN']);
    }
  });

  it('refuses an agreement that names a group partners may never see, or ends before it starts', async () => {
    const bad = await hub.queryAs(principal('dpo'), AGREE, { input: input('yjs-bad', '2099-01-01', ['caseNotes']) });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const backwards = await hub.queryAs(principal('dpo'), AGREE, { input: input('yjs-bad', '2025-12-31') });
    expect(codes(backwards)).toEqual(['BAD_USER_INPUT']);
    const endsToday = await hub.queryAs(principal('dpo'), AGREE, { input: input('yjs-bad', today) });
    expect(codes(endsToday)).toEqual([]);
    const dup = await hub.queryAs(principal('dpo'), AGREE, { input: input('yjs-bad', '2099-01-01') });
    expect(codes(dup)).toEqual(['CONFLICT']);
  });
});
