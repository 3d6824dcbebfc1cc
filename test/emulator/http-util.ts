// Small HTTP helpers: replies, body reading with a byte limit, cookies, CORS.
import type { IncomingMessage } from 'node:http';
import type { RegionId } from './types.ts';

export type HeaderMap = Record<string, string | string[]>;

/** What a handler wants sent. The dispatcher (server.ts) applies faults, logs, then writes it. */
export interface Reply {
  status: number;
  headers: HeaderMap;
  body: string | Buffer;
  /** Close the connection after this reply (e.g. after refusing an oversized body). */
  closeConnection?: boolean;
}

export function jsonReply(status: number, value: unknown, headers: HeaderMap = {}): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

export function htmlReply(status: number, markup: string, headers: HeaderMap = {}): Reply {
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      ...headers,
    },
    body: markup,
  };
}

export function redirectReply(location: string, headers: HeaderMap = {}): Reply {
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store', ...headers }, body: '' };
}

export function textReply(status: number, text: string): Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text };
}

/** DocuSign eSignature error shape (errorDetails). */
export function errorDetails(status: number, errorCode: string, message: string, headers: HeaderMap = {}): Reply {
  return jsonReply(status, { errorCode, message }, headers);
}

/** OAuth error shape. */
export function oauthError(status: number, error: string, description: string, headers: HeaderMap = {}): Reply {
  return jsonReply(status, { error, error_description: description }, { 'Cache-Control': 'no-store', ...headers });
}

export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'tooLarge'; received: number; declared: number | null }
  | { ok: false; reason: 'aborted' };

/**
 * Reads a request body, counting bytes as they stream. Past `limit` nothing more is kept in memory:
 * the result is `{ ok: false }` at once (the caller answers 413 and closes the connection), while the
 * rest of the upload is read and discarded up to `limit` more bytes so the client can see the answer,
 * then the socket is destroyed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declaredHeader = req.headers['content-length'];
    const declared = declaredHeader !== undefined && /^\d+$/.test(declaredHeader) ? Number(declaredHeader) : null;
    let received = 0;
    let settled = false;
    const chunks: Buffer[] = [];
    const refuse = (): void => {
      settled = true;
      chunks.length = 0;
      resolve({ ok: false, reason: 'tooLarge', received, declared });
      let discarded = 0;
      req.removeAllListeners('data');
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > limit) req.socket.destroy();
      });
    };
    if (declared !== null && declared > limit) {
      refuse();
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > limit) refuse();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!settled) {
        settled = true;
        resolve({ ok: true, body: Buffer.concat(chunks) });
      }
    });
    const aborted = (): void => {
      if (!settled) {
        settled = true;
        chunks.length = 0;
        resolve({ ok: false, reason: 'aborted' });
      }
    };
    req.on('error', aborted);
    req.on('close', aborted);
  });
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name) {
      try {
        out.set(name, decodeURIComponent(value));
      } catch {
        out.set(name, value);
      }
    }
  }
  return out;
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export function parseForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}

export const RATE_LIMIT_HEADER_NAMES = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'X-BurstLimit-Limit',
  'X-BurstLimit-Remaining',
];

/** CORS: any Origin is allowed (no Origin enforcement), the rate-limit headers are exposed. */
export function corsHeaders(req: IncomingMessage): HeaderMap {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Expose-Headers': [...RATE_LIMIT_HEADER_NAMES, 'Location'].join(', '),
    ...(origin ? { Vary: 'Origin' } : {}),
  };
}

export function preflightReply(req: IncomingMessage): Reply {
  const requested = req.headers['access-control-request-headers'];
  return {
    status: 204,
    headers: {
      ...corsHeaders(req),
      'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': requested ?? 'Authorization, Content-Type, Accept',
      'Access-Control-Max-Age': '600',
    },
    body: '',
  };
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

/** One request as handlers see it (the body is already read, within the route's limit). */
export interface RequestContext {
  req: IncomingMessage;
  method: string;
  url: URL;
  body: Buffer;
  port: number;
  region: RegionId | null;
  /** The body parsed as JSON, parsed once and shared (by the handler and the request log). */
  json: () => JsonResult;
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

export function memoJson(body: Buffer): () => JsonResult {
  let result: JsonResult | undefined;
  return () => {
    if (!result) {
      try {
        result = { ok: true, value: JSON.parse(body.toString('utf8')) };
      } catch (err) {
        result = { ok: false, error: (err as Error).message };
      }
    }
    return result;
  };
}

/** A URL with query parameters added (null values are left out). */
export function withParams(uri: string, params: Record<string, string | null>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== null) u.searchParams.set(k, v);
  return u.toString();
}
