// JSON Lines request log: one line per request on every port, secrets redacted, written
// synchronously before the response is sent (a test reading the file after a response sees it).
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import type { RegionId } from './types.ts';
import { boundaryOf, parseMultipart } from './multipart.ts';

export const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization']);
const SECRET_PARAMS = new Set(['code', 'code_verifier', 'refresh_token', 'password', 'access_token', 'client_secret']);

export interface LogEntry {
  ts: string;
  port: number;
  region?: RegionId;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[]>;
  body: unknown;
  /** Status sent, or null when the connection was dropped. */
  status: number | null;
  dropped?: 'before' | 'after';
}

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

export function redactParams(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, raw] of params) {
    const value = SECRET_PARAMS.has(key) ? REDACTED : raw;
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** Replaces every `documentBase64` string (at any depth) by `{ redacted: true, length }`. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === 'documentBase64' && typeof v === 'string') out[k] = { redacted: true, length: v.length };
      else if (SECRET_PARAMS.has(k) && typeof v === 'string') out[k] = REDACTED;
      else out[k] = redactJson(v);
    }
    return out;
  }
  return value;
}

/** A loggable summary of a request body (never the document bytes, never secrets). */
export function summarizeBody(
  contentType: string | undefined,
  body: Buffer | null,
  json: () => { ok: true; value: unknown } | { ok: false } = () => {
    try {
      return { ok: true, value: JSON.parse(body?.toString('utf8') ?? '') };
    } catch {
      return { ok: false };
    }
  },
): unknown {
  if (body === null) return null;
  if (body.length === 0) return null;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return redactParams(new URLSearchParams(body.toString('utf8')));
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    const parsed = json();
    return parsed.ok ? redactJson(parsed.value) : { unparsed: true, length: body.length };
  }
  if (type.startsWith('multipart/')) {
    const boundary = boundaryOf(contentType);
    const parts = boundary ? parseMultipart(body, boundary) : null;
    if (!parts) return { multipart: true, unparsed: true, length: body.length };
    return {
      multipart: true,
      length: body.length,
      parts: parts.map((p) => {
        if (p.contentType === 'application/json') {
          try {
            return { disposition: p.headers['content-disposition'] ?? null, json: redactJson(JSON.parse(p.body.toString('utf8'))) };
          } catch {
            /* fall through to the byte summary */
          }
        }
        return {
          disposition: p.headers['content-disposition'] ?? null,
          contentType: p.contentType || null,
          bytes: p.body.length,
        };
      }),
    };
  }
  return { contentType: type || null, length: body.length };
}

export class RequestLogger {
  private readonly file: string | null;

  constructor(file: string | undefined | null) {
    this.file = file ? file : null;
    if (this.file) mkdirSync(dirname(this.file), { recursive: true });
  }

  get path(): string | null {
    return this.file;
  }

  write(entry: LogEntry): void {
    if (!this.file) return;
    try {
      appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    } catch (err) {
      process.stderr.write(`[ds-emulator] cannot write log ${this.file}: ${String(err)}\n`);
    }
  }
}
