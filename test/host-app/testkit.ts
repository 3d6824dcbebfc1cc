/** Helpers for the host app tests: a logged-in fetch, a tiny HTML attribute reader, PDF and ZIP checkers. */
import { crc32 } from 'node:zlib';

export async function loginCookie(url: string, user: string): Promise<string> {
  const res = await fetch(`${url}/login?as=${user}`, { redirect: 'manual' });
  const set = res.headers.get('set-cookie') ?? '';
  const cookie = set.split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`login as ${user} failed: ${res.status}`);
  return cookie;
}

export function get(url: string, cookie?: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', ...init, headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) } });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#13': '\r', '#10': '\n' };

export function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|#13|#10);/g, (_, e: string) => ENTITIES[e] ?? '');
}

/** Start tags of the given element (optionally having a class), with their unescaped attributes. */
export function startTags(html: string, tag: string, cls?: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const attrs = new Map<string, string>();
    for (const a of (m[1] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attrs.set(a[1] ?? '', unescapeHtml(a[2] ?? ''));
    if (!cls || (attrs.get('class') ?? '').split(' ').includes(cls)) out.push(attrs);
  }
  return out;
}

/** Checks the structure of a PDF (reading only small slices, so 30 MB files are cheap). Throws on the first problem. */
export function checkPdf(buf: Buffer): { objects: number; text: string } {
  const at = (from: number, length: number) => buf.toString('latin1', from, Math.min(buf.length, from + length));
  if (!at(0, 7).startsWith('%PDF-1.')) throw new Error('no %PDF- header');
  const end = at(Math.max(0, buf.length - 64), 64);
  const sx = /startxref\n(\d+)\n%%EOF\n$/.exec(end);
  if (!sx) throw new Error('no startxref / %%EOF at the end');
  const xrefAt = Number(sx[1]);
  const xref = at(xrefAt, buf.length - xrefAt);
  const head = /^xref\n0 (\d+)\n/.exec(xref);
  if (!head) throw new Error(`startxref ${xrefAt} does not point at an xref table`);
  const count = Number(head[1]);
  let p = head[0].length;
  let text = '';
  for (let i = 0; i < count; i++, p += 20) {
    const entry = xref.slice(p, p + 20);
    const m = /^(\d{10}) (\d{5}) ([nf]) \n$/.exec(entry);
    if (!m) throw new Error(`bad xref entry ${i}: ${JSON.stringify(entry)}`);
    if (i === 0) continue;
    const off = Number(m[1]);
    const obj = at(off, 300);
    if (!obj.startsWith(`${i} 0 obj\n`)) throw new Error(`xref entry ${i} -> ${off} is not "${i} 0 obj"`);
    const stream = /^\d+ 0 obj\n<< \/Length (\d+) >>\nstream\n/.exec(obj);
    if (stream) {
      const start = off + stream[0].length;
      const length = Number(stream[1]);
      if (at(start + length, 10) !== '\nendstream') throw new Error(`object ${i}: stream /Length ${length} is wrong`);
      if (length < 100_000) text += at(start, length);
    }
  }
  const trailer = /^trailer\n<< \/Size (\d+) \/Root (\d+) 0 R/.exec(xref.slice(p));
  if (!trailer || Number(trailer[1]) !== count) throw new Error('trailer /Size does not match xref');
  return { objects: count - 1, text };
}

export interface ZipFileEntry {
  name: string;
  data: Buffer;
}

/** Reads a ZIP through its central directory, checking local headers, sizes and CRC-32 (stored entries only). */
export function readZip(buf: Buffer): ZipFileEntry[] {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > buf.length) throw new Error('no end of central directory');
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  let p = buf.readUInt32LE(eocd + 16);
  if (p + cdSize !== eocd) throw new Error('central directory size/offset mismatch');
  const out: ZipFileEntry[] = [];
  for (let i = 0; i < total; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (method !== 0 || csize !== usize) throw new Error(`${name}: not stored`);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`${name}: bad local header`);
    if (buf.readUInt32LE(local + 14) !== crc || buf.readUInt32LE(local + 18) !== csize) throw new Error(`${name}: local header differs`);
    const localName = buf.toString('utf8', local + 30, local + 30 + buf.readUInt16LE(local + 26));
    if (localName !== name) throw new Error(`${name}: local name differs`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + csize);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC-32 mismatch`);
    out.push({ name, data });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
