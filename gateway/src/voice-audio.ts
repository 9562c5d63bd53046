import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream';
import { IDENTITY_HEADER, sendJson, signIdentity, type Logger, type Route } from '@caregraph/kit';
import type { Principal } from '@caregraph/schema';

/** Response headers passed back from the subgraph (never hop-by-hop ones). */
const PASSED_BACK = ['content-type', 'content-length', 'cache-control', 'x-content-type-options', 'content-disposition'];

/**
 * `PUT|GET /voice-entries/{id}/audio`: the gateway authenticates the bearer token exactly as for /graphql,
 * then streams the request to the same path on the children subgraph with the signed identity, and streams
 * the answer back. All checks (who, type, size, completeness, audit) are the subgraph's. An upload the
 * client aborts is aborted upstream too, so a truncated body is never stored.
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
      res.setHeader('connection', 'close');
      return sendJson(res, 401, { errors: [{ message: (err as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    const requestId = String(req.headers['x-request-id'] ?? randomUUID());
    const headers: Record<string, string> = { [IDENTITY_HEADER]: await signIdentity(principal, opts.identitySecret), 'x-request-id': requestId };
    for (const name of ['content-type', 'content-length', 'transfer-encoding']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const target = new URL(`/voice-entries/${encodeURIComponent(id!)}/audio`, opts.childrenUrl);
    await forward(req, res, target, headers, opts.log.child({ requestId }));
  };
  return { 'PUT /voice-entries/:id/audio': proxy, 'GET /voice-entries/:id/audio': proxy };
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL, headers: Record<string, string>, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    let answered = false;
    const upstream = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, { method: req.method, headers });
    upstream.on('response', (answer) => {
      answered = true;
      const passed: Record<string, string | string[]> = {};
      for (const name of PASSED_BACK) if (answer.headers[name] !== undefined) passed[name] = answer.headers[name]!;
      // The subgraph answered before reading the whole body (a refusal): stop forwarding, and close afterwards.
      if (!req.complete) {
        req.unpipe(upstream);
        passed.connection = 'close';
      }
      res.writeHead(answer.statusCode ?? 502, passed);
      pipeline(answer, res, () => resolve());
    });
    upstream.on('error', (err) => {
      if (answered) return;
      answered = true;
      if (!req.complete) log.warn({ err: err.message }, 'voice audio: client went away mid-request; aborted upstream');
      else log.error({ err: err.message }, 'voice audio: children subgraph unavailable');
      if (!res.headersSent && !res.destroyed) {
        res.setHeader('connection', 'close');
        sendJson(res, 503, { errors: [{ message: 'The recording service is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      }
      resolve();
    });
    // A client that aborts or ends early destroys the upstream request, so the subgraph sees an incomplete body.
    // (Not stream.pipeline: it would destroy the client's socket too, before a refusal could be relayed.)
    req.on('error', (err) => upstream.destroy(err));
    req.on('close', () => {
      if (!req.complete && !answered) upstream.destroy(new Error('client aborted the request'));
    });
    req.pipe(upstream);
  });
}
