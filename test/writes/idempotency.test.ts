import pg from 'pg';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { bearer, principal } from '../helpers/identity.js';
import { codes, postGraphQL } from '../helpers/http.js';
import type { Principal } from '@caregraph/schema';

/**
 * Issue 10, "Writes are exactly-once from the client's view": a mutation sent again with the same
 * Idempotency-Key returns the first outcome and writes nothing more; the key reused for another request is a
 * CONFLICT; concurrent retries write once. Through the real gateway, as a social worker allocated to the child.
 */
let hub: TestHub;
let db: pg.Client;
let childId: string;
let worker: Principal;
const NOTE = `mutation($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id title } }`;
const note = (title: string) => ({ input: { childId, occurredOn: '2026-01-01', category: 'VISIT', authorId: 'sw-1', authorName: 'A Worker', title, body: 'Visited.' } });

beforeAll(async () => {
  hub = await startTestHub({ stories: 3 });
  db = new pg.Client({ connectionString: hub.subgraphs.children!.databaseUrl });
  await db.connect();
  // A worker allocated to the first child on record (the relationship tuple the children subgraph would write).
  childId = (await db.query(`select id from children.child order by id limit 1`)).rows[0].id;
  await db.query(`insert into access.relationship (relation, subject, child_id, valid_from, written_by) values ('social_worker', 'sw-idem', $1, now() - interval '1 day', 'test')`, [childId]);
  worker = principal('social_worker', { sub: 'sw-idem' });
}, 120_000);
afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

const send = async (key: string | undefined, title: string) =>
  postGraphQL(hub.gatewayUrl, NOTE, note(title), { ...(await bearer(worker)), ...(key ? { 'idempotency-key': key } : {}) });
const notes = async (title: string) => Number((await db.query(`select count(*) from children.case_note where title = $1`, [title])).rows[0].count);
const writes = async () => Number((await db.query(`select count(*) from audit.access_event where kind = 'write' and child_id = $1`, [childId])).rows[0].count);

describe('idempotent writes', () => {
  it('returns the first outcome to a retry with the same key and writes once', async () => {
    const before = await writes();
    const first = await send('visit-2026-01-01-a', 'Retried visit');
    const again = await send('visit-2026-01-01-a', 'Retried visit');
    expect(first.errors).toBeUndefined();
    expect(again.errors).toBeUndefined();
    expect(again.data?.addCaseNote.id).toBe(first.data?.addCaseNote.id);
    expect(await notes('Retried visit')).toBe(1);
    expect(await writes()).toBe(before + 1);
  });

  it('writes twice without a key (the key is what makes a retry a retry)', async () => {
    await send(undefined, 'Unkeyed visit');
    await send(undefined, 'Unkeyed visit');
    expect(await notes('Unkeyed visit')).toBe(2);
  });

  it('answers CONFLICT when the key is reused for a different request, and writes nothing', async () => {
    await send('visit-key-b', 'First use');
    const other = await send('visit-key-b', 'Another note');
    expect(codes(other)).toEqual(['CONFLICT']);
    expect(await notes('Another note')).toBe(0);
  });

  it('writes once under concurrent retries', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => send('visit-key-c', 'Concurrent visit')));
    const ids = new Set(answers.map((a) => a.data?.addCaseNote?.id));
    expect(answers.every((a) => a.errors === undefined)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await notes('Concurrent visit')).toBe(1);
  });

  it('keeps keys per principal: another worker’s same key is its own', async () => {
    const { rows } = await db.query(`select count(*) from access.idempotency where key = 'visit-2026-01-01-a' and sub = $1`, [worker.sub]);
    expect(Number(rows[0].count)).toBe(1);
  });
});
