import { createHash } from 'node:crypto';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import pg from 'pg';
import { story } from '@caregraph/demo';
import type { Principal } from '@caregraph/schema';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { bearer, forwarded, principal } from './helpers/identity.js';
import { codes, postGraphQL, type GraphQLResponse } from './helpers/http.js';
import { sineWav } from '../subgraphs/children/src/voice/voice.seed.js';

/**
 * The child's voice (issue 4, acceptance 4), end to end over HTTP through the real gateway: add an entry,
 * upload a recording, list it, play it back; the child's choice of roles is enforced, every playback is
 * audited, and bad uploads (wrong type, oversize, truncated) get a coded error and store nothing.
 */
let hub: TestHub;
let db: pg.Client;
let origin: string;
let graphqlUrl: string;
/** Keep-alive, like browsers and curl: a refused body is drained by the server rather than reset. */
const agent = new Agent({ keepAlive: true });

const childId = story(0).id; // a featured care leaver, with seeded voice entries
const otherChildId = story(1).id;
const child = principal('care_leaver', { sub: 'cl-voice', childId });
const otherLeaver = principal('care_leaver', { sub: 'cl-other', childId: otherChildId });
const adviser = principal('personal_adviser', { sub: 'pa-voice' });
const adviserOutOfScope = principal('personal_adviser', { sub: 'pa-nobody' });
const socialWorker = principal('social_worker', { sub: 'sw-voice' });
const dpo = principal('dpo');
const partner = principal('partner_agency', { agency: 'Police', agreement: 'none' });
const UNKNOWN = '00000000-0000-4000-8000-00000000beef';
const MAX = 10 * 1024 * 1024;
const wav = sineWav();
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  hub = await startTestHub({ stories: 8 });
  origin = new URL(hub.gatewayUrl).origin;
  db = new pg.Client({ connectionString: hub.subgraphs.children!.databaseUrl });
  await db.connect();
  // The adviser and the social worker have the child in scope now.
  await db.query(
    `insert into access.relationship (relation, subject, child_id, valid_from, valid_to, written_by)
     values ('personal_adviser', 'pa-voice', $1, now() - interval '1 day', null, 'test'),
            ('social_worker', 'sw-voice', $1, now() - interval '1 day', null, 'test')`,
    [childId],
  );
  graphqlUrl = hub.gatewayUrl;
}, 180_000);

afterAll(async () => {
  agent.destroy();
  await db?.end();
  await hub?.stop();
});

const gql = async (who: Principal, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> =>
  postGraphQL(graphqlUrl, query, variables, await bearer(who));

interface Answer { status: number; headers: IncomingHttpHeaders; body: Buffer; json: () => any }

/**
 * One HTTP request on its own connection. `end: false` sends the headers and `body` only, waits for the
 * answer (a refusal based on the headers), then drops the connection.
 */
function send(
  method: string,
  path: string,
  opts: { headers?: Record<string, string | number>; body?: Buffer; end?: boolean; base?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(`${opts.base ?? origin}${path}`, { method, headers: opts.headers, agent }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (opts.end === false) req.destroy();
        resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
      });
      res.on('error', reject);
    });
    // A refusal may close the connection while the client is still writing: that is not a failure.
    req.on('error', (err) => (answered ? undefined : reject(err)));
    if (opts.body) req.write(opts.body);
    if (opts.end !== false) req.end();
  });
}

const audioPath = (id: string) => `/voice-entries/${id}/audio`;
const upload = async (who: Principal, id: string, body: Buffer, type = 'audio/wav') =>
  send('PUT', audioPath(id), { headers: { ...(await bearer(who)), 'content-type': type, 'content-length': body.length }, body });
const play = async (who: Principal, path: string) => send('GET', path, { headers: await bearer(who) });
const errorCode = (a: Answer) => a.json().errors?.[0]?.extensions?.code;

const count = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0].n as number;
const audioRows = () => count(`select count(*)::int as n from children.voice_audio`);
const playbacks = () =>
  count(`select count(*)::int as n from audit.access_event where child_id = $1 and subgraph = 'children' and kind = 'playback' and 'voice' = any(field_groups)`, [childId]);
const entryRow = async (id: string) =>
  (await db.query(`select has_audio, audio_mime_type, audio_size_bytes, audio_sha256 from children.voice_entry where id = $1`, [id])).rows[0];

const ADD = `mutation($input: AddVoiceEntryInput!) { addVoiceEntry(input: $input) { id title text visibleTo hasAudio audioUrl } }`;
const SHARE = `mutation($id: ID!, $visibleTo: [String!]!) { shareVoiceEntry(id: $id, visibleTo: $visibleTo) { id visibleTo } }`;
const LIST = `query($id: ID!) { child(id: $id) { id voiceEntries { id title text visibleTo hasAudio audioMimeType audioSizeBytes audioSha256 audioUrl } } }`;

let entryId: string;
let quietId: string;

describe('the child’s voice', () => {
  it('the child adds an entry shared with their personal adviser and uploads a recording', async () => {
    const r = await gql(child, ADD, { input: { childId, title: 'Leaving care', text: 'What I want you to know.', visibleTo: ['personal_adviser', 'dpo'] } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.addVoiceEntry).toMatchObject({ title: 'Leaving care', visibleTo: ['personal_adviser'], hasAudio: false, audioUrl: null });
    entryId = r.data!.addVoiceEntry.id;

    const before = await audioRows();
    const up = await upload(child, entryId, wav);
    expect(up.status).toBe(200);
    expect(up.json()).toEqual({ id: entryId, mimeType: 'audio/wav', sizeBytes: wav.length, sha256: sha256(wav) });
    expect(await audioRows()).toBe(before + 1);
    expect(await entryRow(entryId)).toEqual({ has_audio: true, audio_mime_type: 'audio/wav', audio_size_bytes: wav.length, audio_sha256: sha256(wav) });
  });

  it('lists it with its audio URL and plays it back to the child, byte for byte, auditing the playback', async () => {
    const r = await gql(child, LIST, { id: childId });
    expect(r.errors).toBeUndefined();
    const entries = r.data!.child.voiceEntries as { id: string; audioUrl: string | null; visibleTo: string[]; title: string }[];
    const mine = entries.find((e) => e.id === entryId)!;
    expect(mine).toMatchObject({ title: 'Leaving care', audioUrl: `/voice-entries/${entryId}/audio`, audioMimeType: 'audio/wav', audioSizeBytes: wav.length });
    // The child sees all their entries, private ones (seeded for featured stories) too.
    expect(entries.some((e) => e.visibleTo.length === 0)).toBe(true);

    const before = await playbacks();
    const a = await play(child, mine.audioUrl!);
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('audio/wav');
    expect(a.headers['cache-control']).toBe('private, no-store');
    expect(a.body.equals(wav)).toBe(true);
    expect(await playbacks()).toBe(before + 1);
    const { rows } = await db.query(`select sub, role, kind, field_groups from audit.access_event where child_id = $1 and sub = 'cl-voice' order by id desc limit 1`, [childId]);
    expect(rows[0]).toMatchObject({ role: 'care_leaver', kind: 'playback', field_groups: ['voice'] });
  });

  it('hides the entry from a role the child did not choose, and refuses it the recording (FORBIDDEN)', async () => {
    const r = await gql(socialWorker, LIST, { id: childId });
    expect(r.errors).toBeUndefined();
    const entries = r.data!.child.voiceEntries as { id: string; visibleTo: string[] }[];
    expect(entries.map((e) => e.id)).not.toContain(entryId);
    // It sees only what was shared with social workers (a seeded entry of this featured story).
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.visibleTo.includes('social_worker'))).toBe(true);

    const before = await playbacks();
    const a = await play(socialWorker, audioPath(entryId));
    expect(a.status).toBe(403);
    expect(errorCode(a)).toBe('FORBIDDEN');
    expect(a.body.includes(wav.subarray(44, 100))).toBe(false);
    expect(await playbacks()).toBe(before);
    // The refused attempt is in the audit trail, as refused, with voice denied.
    const { rows } = await db.query(`select kind, denied from audit.access_event where child_id = $1 and sub = 'sw-voice' order by id desc limit 1`, [childId]);
    expect(rows[0].kind).toBe('refused');
    expect(rows[0].denied).toContain('voice');
  });

  it('answers an unknown id exactly like a refused one, so ids cannot be probed', async () => {
    for (const who of [socialWorker, child, adviser]) {
      const a = await play(who, audioPath(UNKNOWN));
      expect([a.status, errorCode(a)]).toEqual([403, 'FORBIDDEN']);
    }
    const up = await upload(child, UNKNOWN, wav);
    expect([up.status, errorCode(up)]).toEqual([403, 'FORBIDDEN']);
  });

  it('plays it to the chosen role in scope and to the dpo, auditing each playback; not out of scope, not to a partner', async () => {
    const listed = await gql(adviser, LIST, { id: childId });
    expect(listed.data!.child.voiceEntries.map((e: { id: string }) => e.id)).toContain(entryId);
    // Private entries are never listed for the adviser.
    expect(listed.data!.child.voiceEntries.every((e: { visibleTo: string[] }) => e.visibleTo.includes('personal_adviser'))).toBe(true);
    for (const who of [adviser, dpo]) {
      const before = await playbacks();
      const a = await play(who, audioPath(entryId));
      expect(a.status).toBe(200);
      expect(a.body.equals(wav)).toBe(true);
      expect(await playbacks()).toBe(before + 1);
    }
    for (const who of [adviserOutOfScope, partner, otherLeaver]) {
      const a = await play(who, audioPath(entryId));
      expect([a.status, errorCode(a)]).toEqual([403, 'FORBIDDEN']);
    }
    const out = await gql(adviserOutOfScope, LIST, { id: childId });
    expect(out.data?.child).toBeNull();
    expect(codes(out)).toContain('FORBIDDEN');
  });

  it('lets only the child themself add entries and change who sees them', async () => {
    const input = { childId, title: 'Not mine to write', visibleTo: [] };
    for (const who of [otherLeaver, socialWorker, adviser, dpo]) expect(codes(await gql(who, ADD, { input }))).toEqual(['FORBIDDEN']);
    for (const who of [otherLeaver, socialWorker, dpo]) {
      expect(codes(await gql(who, SHARE, { id: entryId, visibleTo: ['social_worker'] }))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await gql(child, SHARE, { id: UNKNOWN, visibleTo: [] }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(child, ADD, { input: { ...input, visibleTo: ['headteacher'] } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(child, ADD, { input: { ...input, visibleTo: ['analyst'] } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(child, ADD, { input: { ...input, childId: otherChildId } }))).toEqual(['FORBIDDEN']);
  });

  it('follows the child’s change of choice', async () => {
    const shared = await gql(child, SHARE, { id: entryId, visibleTo: ['personal_adviser', 'social_worker'] });
    expect(shared.errors).toBeUndefined();
    expect(shared.data?.shareVoiceEntry.visibleTo).toEqual(['social_worker', 'personal_adviser']);
    expect((await play(socialWorker, audioPath(entryId))).status).toBe(200);
    const listed = await gql(socialWorker, LIST, { id: childId });
    expect(listed.data!.child.voiceEntries.map((e: { id: string }) => e.id)).toContain(entryId);

    const back = await gql(child, SHARE, { id: entryId, visibleTo: ['personal_adviser'] });
    expect(back.errors).toBeUndefined();
    expect((await play(socialWorker, audioPath(entryId))).status).toBe(403);
  });

  describe('uploads that are refused store nothing', () => {
    let before: number;
    beforeAll(async () => {
      const r = await gql(child, ADD, { input: { childId, title: 'Not recorded yet', visibleTo: [] } });
      quietId = r.data!.addVoiceEntry.id;
    });
    beforeEach(async () => {
      before = await audioRows();
    });
    afterEach(async () => {
      await new Promise((r) => setTimeout(r, 100)); // let an aborted upstream request settle
      expect(await audioRows()).toBe(before);
      expect(await entryRow(quietId)).toEqual({ has_audio: false, audio_mime_type: null, audio_size_bytes: null, audio_sha256: null });
      expect((await entryRow(entryId)).audio_sha256).toBe(sha256(wav));
    });

    const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

    it.each([
      ['PNG bytes declared audio/wav', PNG, 'audio/wav'],
      ['WAV bytes declared audio/mpeg', wav, 'audio/mpeg'],
      ['WAV bytes declared audio/ogg', wav, 'audio/ogg'],
      ['text/plain', Buffer.from('hello'), 'text/plain'],
      ['no type', wav, ''],
    ])('%s: 415 BAD_USER_INPUT', async (_name, body, type) => {
      const a = await upload(child, quietId, body, type);
      expect([a.status, errorCode(a)]).toEqual([415, 'BAD_USER_INPUT']);
    });

    it('oversize (> 10 MB): 413 BAD_USER_INPUT, refused from the declared length', async () => {
      const first = Buffer.concat([wav.subarray(0, 44), Buffer.alloc(64 * 1024)]);
      const a = await send('PUT', audioPath(quietId), {
        headers: { ...(await bearer(child)), 'content-type': 'audio/wav', 'content-length': MAX + 1 },
        body: first,
        end: false,
      });
      expect([a.status, errorCode(a)]).toEqual([413, 'BAD_USER_INPUT']);
    });

    it('oversize sent in full: still 413 and nothing stored', async () => {
      const body = Buffer.concat([wav, Buffer.alloc(MAX + 1 - wav.length)]);
      const a = await upload(child, quietId, body);
      expect([a.status, errorCode(a)]).toEqual([413, 'BAD_USER_INPUT']);
    });

    it('exactly 10 MB is accepted by size (then checked for type like any other)', async () => {
      const a = await upload(child, quietId, Buffer.alloc(MAX), 'audio/wav');
      expect([a.status, errorCode(a)]).toEqual([415, 'BAD_USER_INPUT']);
    });

    it('truncated (fewer bytes than Content-Length, then the socket ended): 400 BAD_USER_INPUT', async () => {
      const auth = (await bearer(child)).authorization;
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(origin).port), '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.on('data', (c) => chunks.push(c));
        socket.on('error', reject);
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.write(
          `PUT ${audioPath(quietId)} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${auth}\r\ncontent-type: audio/wav\r\n` +
            `content-length: ${wav.length + 1000}\r\n\r\n`,
        );
        socket.write(wav, () => setTimeout(() => socket.end(), 100));
      });
      expect(raw).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('without Content-Length (chunked): 400 BAD_USER_INPUT', async () => {
      const a = await send('PUT', audioPath(quietId), { headers: { ...(await bearer(child)), 'content-type': 'audio/wav', 'transfer-encoding': 'chunked' }, body: wav });
      expect([a.status, errorCode(a)]).toEqual([400, 'BAD_USER_INPUT']);
    });

    it('empty: 400 BAD_USER_INPUT', async () => {
      const a = await upload(child, quietId, Buffer.alloc(0));
      expect([a.status, errorCode(a)]).toEqual([400, 'BAD_USER_INPUT']);
    });

    it('by anyone but the child: 403 FORBIDDEN (the dpo and a chosen role included)', async () => {
      for (const who of [socialWorker, adviser, dpo, otherLeaver, partner]) {
        const a = await upload(who, entryId, wav);
        expect([a.status, errorCode(a)]).toEqual([403, 'FORBIDDEN']);
      }
    });

    it('a large body refused before it is read still gets its answer (not a reset)', async () => {
      const big = Buffer.concat([wav, Buffer.alloc(5 * 1024 * 1024)]);
      const a = await upload(socialWorker, entryId, big);
      expect([a.status, errorCode(a)]).toEqual([403, 'FORBIDDEN']);
      const b = await upload(child, quietId, big, 'text/plain');
      expect([b.status, errorCode(b)]).toEqual([415, 'BAD_USER_INPUT']);
    });

    it('the subgraph enforces the limit itself too (called directly with the signed identity)', async () => {
      const a = await send('PUT', audioPath(quietId), {
        base: new URL(hub.subgraphs.children!.url).origin,
        headers: { ...(await forwarded(child)), 'content-type': 'audio/wav', 'content-length': MAX + 1 },
        body: wav,
        end: false,
      });
      expect([a.status, errorCode(a)]).toEqual([413, 'BAD_USER_INPUT']);
    });

    it('a malformed id: 400 BAD_USER_INPUT', async () => {
      const a = await upload(child, 'not-an-id', wav);
      expect([a.status, errorCode(a)]).toEqual([400, 'BAD_USER_INPUT']);
    });
  });

  it('answers 404 to the child for their own entry without a recording', async () => {
    const a = await play(child, audioPath(quietId));
    expect([a.status, errorCode(a)]).toEqual([404, 'NOT_FOUND']);
  });

  it('replaces an earlier recording in one go', async () => {
    const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(200, 7)]);
    const before = await audioRows();
    const up = await upload(child, entryId, ogg, 'audio/ogg; codecs=opus');
    expect(up.status).toBe(200);
    expect(up.json()).toMatchObject({ mimeType: 'audio/ogg', sizeBytes: ogg.length, sha256: sha256(ogg) });
    expect(await audioRows()).toBe(before);
    const a = await play(child, audioPath(entryId));
    expect(a.headers['content-type']).toBe('audio/ogg');
    expect(a.body.equals(ogg)).toBe(true);
  });

  it.each([
    ['mpeg (ID3)', Buffer.concat([Buffer.from('ID3'), Buffer.alloc(50)]), 'audio/mpeg'],
    ['mpeg (frame sync)', Buffer.from('fffb9064000000000000', 'hex'), 'audio/mpeg'],
    ['webm', Buffer.from('1a45dfa39f4286810142f7810142f2810442f381084282847765626d', 'hex'), 'audio/webm'],
    ['mp4', Buffer.concat([Buffer.from('00000018', 'hex'), Buffer.from('ftypM4A '), Buffer.alloc(16)]), 'audio/mp4'],
    ['wav', wav, 'audio/wav'],
  ])('accepts %s', async (_name, body, type) => {
    const up = await upload(child, entryId, body, type);
    expect([up.status, up.json().mimeType]).toEqual([200, type]);
  });

  it('refuses requests without a valid identity (401), at the gateway and at the subgraph', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-token' }] as Record<string, string>[]) {
      const get = await send('GET', audioPath(entryId), { headers });
      expect([get.status, errorCode(get)]).toEqual([401, 'UNAUTHENTICATED']);
      const put = await send('PUT', audioPath(entryId), { headers: { ...headers, 'content-type': 'audio/wav', 'content-length': wav.length }, body: wav });
      expect([put.status, errorCode(put)]).toEqual([401, 'UNAUTHENTICATED']);
    }
    const subgraph = new URL(hub.subgraphs.children!.url).origin;
    const direct = await fetch(`${subgraph}${audioPath(entryId)}`);
    expect([direct.status, ((await direct.json()) as any).errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    // With the gateway's signed identity, the subgraph answers itself.
    const signed = await fetch(`${subgraph}${audioPath(entryId)}`, { headers: await forwarded(child) });
    expect(signed.status).toBe(200);
  });

  it('fails closed: when the audit trail cannot be written, no recording is played (SERVICE_UNAVAILABLE)', async () => {
    await db.query(`alter table audit.access_event rename to access_event_offline`);
    try {
      const a = await play(child, audioPath(entryId));
      expect([a.status, errorCode(a)]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      expect(a.headers['content-type']).toMatch(/^application\/json/);
    } finally {
      await db.query(`alter table audit.access_event_offline rename to access_event`);
    }
    expect((await play(child, audioPath(entryId))).status).toBe(200);
  });

  it('lists entries for many children with one SQL statement, never reading audio', async () => {
    hub.subgraphs.children!.sql.length = 0;
    const r = await gql(dpo, `{ children(first: 20) { edges { node { id voiceEntries { id audioUrl } } } } }`);
    expect(r.errors).toBeUndefined();
    const withEntries = r.data!.children.edges.filter((e: { node: { voiceEntries: unknown[] } }) => e.node.voiceEntries.length > 0);
    expect(withEntries.length).toBeGreaterThan(1);
    const sql = hub.subgraphs.children!.sql;
    expect(sql.filter((s) => s.includes('"voice_entry"'))).toHaveLength(1);
    expect(sql.some((s) => s.includes('voice_audio'))).toBe(false);
  });
});
