import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream';
import { IDENTITY_HEADER, loggableError, sendJson, signIdentity, type Logger, type Route, requestInfoOf } from '@caregraph/kit';
import type { ErrorCode, Principal } from '@caregraph/schema';

/**
 * The transport limit for an upload (the children subgraph's MAX_AUDIO_BYTES, which checks it again with
 * everything else): a larger declared body is refused here and never streamed upstream.
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** A refused body up to this size is drained by node after the answer (so the client reads it, not a reset). */
const DRAIN_LIMIT = 2 * MAX_UPLOAD_BYTES;
/** Response headers passed back from the subgraph (never hop-by-hop ones). */
const PASSED_BACK = ['content-type', 'content-length', 'cache-control', 'x-content-type-options', 'content-disposition'];

/**
 * `PUT|GET /voice-entries/{id}/audio`: the gateway authenticates the bearer token exactly as for /graphql,
 * then streams the request to the same path on the children subgraph with the signed identity, and streams
 * the answer back. The gateway checks only the framing of an upload (Content-Length present, at most
 * 10 MiB); who may upload or play, type, content, completeness and audit are the subgraph's. An upload the
 * client aborts or ends early is aborted upstream too, so a truncated body is never stored.
 */
export function voiceAudioRoutes(opts: {
  authenticate: (authorization: string | undefined) => Promise<Principal>;
  identitySecret: string;
  childrenUrl: string;
  log: Logger;
}): Record<string, Route> {
  const proxy: Route = async (req, res, { id }) => {
    let principal: Principal;
    try {
      principal = await opts.authenticate(req.headers.authorization);
    } catch (err) {
      return refuse(req, res, 401, 'UNAUTHENTICATED', (err as Error).message);
    }
    const length = req.headers['content-length'];
    if (req.method === 'PUT') {
      if (length === undefined || !/^\d{1,12}$/.test(length) || req.headers['transfer-encoding'] !== undefined) {
        return refuse(req, res, 400, 'BAD_USER_INPUT', 'Content-Length is required');
      }
      if (Number(length) > MAX_UPLOAD_BYTES) return refuse(req, res, 413, 'BAD_USER_INPUT', `A recording may be at most ${MAX_UPLOAD_BYTES} bytes`);
    }
    // The hub's own request id (http.ts); the client's travels only as the bounded correlation id.
    const info = requestInfoOf(req);
    const requestId = info?.requestId ?? randomUUID();
    const headers: Record<string, string> = { [IDENTITY_HEADER]: await signIdentity(principal, opts.identitySecret), 'x-request-id': requestId };
    if (info?.correlationId) headers['x-correlation-id'] = info.correlationId;
    if (length !== undefined) headers['content-length'] = length;
    if (typeof req.headers['content-type'] === 'string') headers['content-type'] = req.headers['content-type'];
    const target = new URL(`/voice-entries/${encodeURIComponent(id!)}/audio`, opts.childrenUrl);
    await forward(req, res, target, headers, opts.log.child({ requestId }));
  };
  return { 'PUT /voice-entries/:id/audio': proxy, 'GET /voice-entries/:id/audio': proxy };
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  const length = req.headers['content-length'];
  const drainable = req.headers['transfer-encoding'] === undefined && (length === undefined || (/^\d{1,12}$/.test(length) && Number(length) <= DRAIN_LIMIT));
  if (!drainable) res.setHeader('connection', 'close');
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL, headers: Record<string, string>, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    let answered = false;
    const upstream = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, { method: req.method, headers });
    upstream.on('response', (answer) => {
      answered = true;
      const passed: Record<string, string | string[]> = {};
      for (const name of PASSED_BACK) if (answer.headers[name] !== undefined) passed[name] = answer.headers[name]!;
      res.writeHead(answer.statusCode ?? 502, passed);
      // An answer before the whole body was forwarded (a refusal): node's client could not send the rest
      // (it stops waiting for 'drain' once the answer is complete), so stop forwarding and discard it here.
      const early = !req.complete;
      if (early) {
        req.unpipe(upstream);
        req.resume();
      }
      pipeline(answer, res, () => {
        if (early) upstream.destroy();
        resolve();
      });
    });
    upstream.on('error', (err) => {
      if (answered) return;
      answered = true;
      if (!req.complete) log.warn({ err: loggableError(err) }, 'voice audio: client went away mid-request; aborted upstream');
      else log.error({ err: loggableError(err) }, 'voice audio: children subgraph unavailable');
      if (!res.headersSent && !res.destroyed) refuse(req, res, 503, 'SERVICE_UNAVAILABLE', 'The recording service is unavailable');
      resolve();
    });
    // A client that aborts or ends early destroys the upstream request, so the subgraph sees an incomplete body.
    // (Not stream.pipeline: on an upstream error it would destroy the client's socket before an answer is relayed.)
    req.on('error', (err) => upstream.destroy(err));
    req.on('close', () => {
      if (!req.complete && !answered) upstream.destroy(new Error('client aborted the request'));
    });
    req.pipe(upstream);
  });
}
