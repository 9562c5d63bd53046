import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import { LockMode } from '@mikro-orm/core';
import { CodedError, loggableError, sendJson, type Route, type RouteKit } from '@caregraph/kit';
import type { ErrorCode } from '@caregraph/schema';
import { SCHEMA } from '../orm.js';
import { VoiceEntry } from './voice-entry.entity.js';
import { audioType, contentMatches, MAX_AUDIO_BYTES } from './voice.audio.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The recording of a voice entry, over plain HTTP (the gateway authenticates the bearer token and forwards
 * the signed identity, as for /graphql):
 * - `PUT /voice-entries/{id}/audio`: the child uploads (raw bytes; Content-Type and Content-Length required).
 * - `GET /voice-entries/{id}/audio`: the child, the DPO, or a role the child chose (child in scope) plays it
 *   back; every playback is audited, and fails closed like a read.
 */
export function voiceRoutes(kit: RouteKit): Record<string, Route> {
  return {
    'PUT /voice-entries/:id/audio': (req, res, { id }) => upload(kit, req, res, id!),
    'GET /voice-entries/:id/audio': (req, res, { id }) => playback(kit, req, res, id!),
  };
}

/**
 * A coded JSON error. A refused upload's unread body is read and discarded first when it is at most the
 * limit: the gateway's HTTP client cannot finish sending a body once the answer has arrived, and the caller
 * should read the answer, not a reset. A larger or unknown-length body is answered at once and the
 * connection closed.
 */
async function fail(req: IncomingMessage, res: ServerResponse, status: number, code: ErrorCode, message: string): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  if (!req.complete && !req.destroyed) {
    const length = req.headers['content-length'];
    const bounded = req.headers['transfer-encoding'] === undefined && (length === undefined || (/^\d{1,12}$/.test(length) && Number(length) <= MAX_AUDIO_BYTES));
    if (bounded) {
      req.resume();
      await finished(req).catch(() => undefined);
    } else res.setHeader('connection', 'close');
  }
  if (res.headersSent || res.destroyed) return;
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

async function context(kit: RouteKit, req: IncomingMessage, res: ServerResponse) {
  try {
    return await kit.requestContext(req);
  } catch (err) {
    if (err instanceof CodedError && err.extensions.code === 'UNAUTHENTICATED') return void (await fail(req, res, 401, 'UNAUTHENTICATED', err.message));
    throw err;
  }
}

async function upload(kit: RouteKit, req: IncomingMessage, res: ServerResponse, rawId: string): Promise<void> {
  const ctx = await context(kit, req, res);
  if (!ctx) return;
  if (!UUID.test(rawId)) return fail(req, res, 400, 'BAD_USER_INPUT', 'id is not a valid id');
  const id = rawId.toLowerCase();
  const { access, em, log } = ctx;
  // Only the child themself, and only for their own entry; an unknown id answers the same, so ids cannot be probed.
  const entry = access.field('Mutation.addVoiceEntry') ? await em.findOne(VoiceEntry, id) : null;
  if (!entry || !access.isOwnRecord(entry.child.id)) return fail(req, res, 403, 'FORBIDDEN', 'Only the child can add a recording to their entry');

  const type = audioType(req.headers['content-type']);
  if (!type) return fail(req, res, 415, 'BAD_USER_INPUT', 'Content-Type must be audio/mpeg, audio/ogg, audio/wav, audio/webm or audio/mp4');
  const length = req.headers['content-length'];
  if (length === undefined || !/^\d{1,12}$/.test(length) || req.headers['transfer-encoding'] !== undefined) {
    return fail(req, res, 400, 'BAD_USER_INPUT', 'Content-Length is required');
  }
  const declared = Number(length);
  if (declared > MAX_AUDIO_BYTES) return fail(req, res, 413, 'BAD_USER_INPUT', `A recording may be at most ${MAX_AUDIO_BYTES} bytes`);
  if (declared === 0) return fail(req, res, 400, 'BAD_USER_INPUT', 'The recording is empty');

  let bytes: Buffer;
  try {
    bytes = await readExactly(req, declared);
  } catch {
    // Aborted or shorter than declared: nothing is stored. The client has usually gone; a half-closed
    // connection gets the coded 400 from the server's clientError handler (kit http.ts).
    log.warn({ entryId: id }, 'voice upload incomplete: nothing stored');
    return fail(req, res, 400, 'BAD_USER_INPUT', 'The upload was incomplete');
  }
  if (!contentMatches(type, bytes)) return fail(req, res, 415, 'BAD_USER_INPUT', 'The content is not audio of the declared type');

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Bytes and metadata together, replacing any earlier recording: all of it is written, or nothing.
  const stored = await em.transactional(async (tx) => {
    const locked = await tx.findOne(VoiceEntry, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!locked) return false;
    await tx.getConnection().execute(
      `insert into "${SCHEMA}"."voice_audio" (entry_id, bytes) values (?, ?) on conflict (entry_id) do update set bytes = excluded.bytes`,
      [id, bytes],
      'run',
      tx.getTransactionContext(),
    );
    Object.assign(locked, { hasAudio: true, audioMimeType: type, audioSizeBytes: bytes.length, audioSha256: sha256 });
    return true;
  });
  if (!stored) return fail(req, res, 403, 'FORBIDDEN', 'Only the child can add a recording to their entry');
  sendJson(res, 200, { id, mimeType: type, sizeBytes: bytes.length, sha256 });
}

async function playback(kit: RouteKit, req: IncomingMessage, res: ServerResponse, rawId: string): Promise<void> {
  const ctx = await context(kit, req, res);
  if (!ctx) return;
  if (!UUID.test(rawId)) return fail(req, res, 400, 'BAD_USER_INPUT', 'id is not a valid id');
  const id = rawId.toLowerCase();
  const { access, em, log } = ctx;
  const flush = () => access.flushAudit();

  const granted = access.field('VoiceEntry.audioUrl');
  const entry = granted ? await em.findOne(VoiceEntry, id) : null;
  const inScope = entry ? await access.canSeeChild(entry.child.id) : false;
  if (!entry || !inScope || !access.mayHear({ childId: entry.child.id, visibleTo: entry.visibleTo })) {
    // In scope but not chosen by the child: recorded as a denied attempt. Unknown or out of scope: the same 403.
    if (inScope) {
      access.audit.refuseRead(entry!.child.id);
      access.audit.groupDenied('voice');
      await flush().catch((err: Error) => log.error({ err: loggableError(err) }, 'audit write failed'));
    }
    return fail(req, res, 403, 'FORBIDDEN', 'Not permitted to play this recording');
  }
  access.audit.groupRead('voice');
  access.audit.markPlayback();
  const rows: { bytes: Buffer }[] = entry.hasAudio
    ? await em.getConnection().execute(`select bytes from "${SCHEMA}"."voice_audio" where entry_id = ?`, [id])
    : [];
  try {
    // Fail closed: no audit entry, no recording.
    await flush();
  } catch (err) {
    log.error({ err: loggableError(err) }, 'audit write failed: recording withheld');
    return fail(req, res, 503, 'SERVICE_UNAVAILABLE', 'The audit trail is unavailable, so no record can be read');
  }
  const bytes = rows[0]?.bytes;
  if (!bytes) return fail(req, res, 404, 'NOT_FOUND', 'This entry has no recording');
  res.writeHead(200, {
    'content-type': entry.audioMimeType ?? 'application/octet-stream',
    'content-length': bytes.length,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
    'content-disposition': 'inline',
  });
  res.end(bytes);
}

/** The body, exactly `expected` bytes; rejects when the client aborts or ends early. */
async function readExactly(req: IncomingMessage, expected: number): Promise<Buffer> {
  const body = Buffer.alloc(expected);
  let at = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (at + chunk.length > expected) throw new Error('body longer than declared');
    chunk.copy(body, at);
    at += chunk.length;
  }
  if (at !== expected) throw new Error('body shorter than declared');
  return body;
}
