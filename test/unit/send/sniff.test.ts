import { describe, expect, it } from 'vitest';
import { samplePdf } from '../../emulator/fixtures.ts';
import { makeDocx } from '../../host-app/files.ts';
import { sniffDocument } from '../../../utils/send/validate';

const enc = (s: string) => new TextEncoder().encode(s);
const code = (r: ReturnType<typeof sniffDocument>) => (r.ok ? null : r.problems[0]!.code);

const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en"><head><title>Sign in - Host App</title></head>
<body><form method="post" action="/login"><input name="user"><input type="password" name="pw"></form></body></html>`;

describe('sniffDocument', () => {
  it('accepts a real PDF', () => {
    expect(sniffDocument(new Uint8Array(samplePdf('Sniff me')), 'pdf', 'application/pdf', 'Doc.pdf')).toEqual({ ok: true });
  });

  it('accepts a PDF whose header follows some junk (within 1024 bytes), whatever the Content-Type', () => {
    const bytes = new Uint8Array([...enc('\r\n\r\n   '), ...samplePdf()]);
    expect(sniffDocument(bytes, 'pdf', 'text/html; charset=utf-8')).toEqual({ ok: true });
  });

  it('accepts a real DOCX (zip) and other Office Open XML types', () => {
    const docx = new Uint8Array(makeDocx({ title: 'T', lines: ['a'] }));
    expect(sniffDocument(docx, 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toEqual({ ok: true });
    expect(sniffDocument(docx, 'XLSX', null)).toEqual({ ok: true });
    expect(sniffDocument(docx, '.pptx', undefined)).toEqual({ ok: true });
  });

  it('accepts images by their signatures', () => {
    expect(sniffDocument(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'png', 'image/png')).toEqual({ ok: true });
    expect(sniffDocument(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]), 'jpeg', 'image/jpeg')).toEqual({ ok: true });
  });

  it('detects an HTML sign-in page instead of a PDF: host_session_expired', () => {
    const r = sniffDocument(enc(LOGIN_PAGE), 'pdf', 'text/html; charset=utf-8', 'Contract.pdf');
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          code: 'host_session_expired',
          field: 'document',
          message:
            'The app returned a sign-in page instead of \u201cContract.pdf\u201d. Your session in the app has probably expired: reload the page, sign in again and retry.',
        },
      ],
    });
  });

  it('detects an HTML page even when the server claims it is a PDF, and with a BOM / leading blanks', () => {
    expect(code(sniffDocument(enc('\ufeff\n  <html><body>Session expired</body></html>'), 'pdf', 'application/pdf'))).toBe('host_session_expired');
    expect(code(sniffDocument(enc('<!doctype html><p>login</p>'), 'docx', 'application/octet-stream'))).toBe('host_session_expired');
    expect(code(sniffDocument(enc('<html><body>x</body></html>'), 'doc', ''))).toBe('host_session_expired');
  });

  it('detects a JSON error instead of a file', () => {
    const json = enc('{"error":"unauthorized","message":"Session expired"}');
    expect(code(sniffDocument(json, 'pdf', 'application/json'))).toBe('host_session_expired');
    expect(code(sniffDocument(json, 'docx', 'text/plain'))).toBe('host_session_expired');
    expect(code(sniffDocument(json, 'doc', null))).toBe('host_session_expired');
    const r = sniffDocument(json, 'pdf', 'application/json', 'A.pdf');
    expect(!r.ok && r.problems[0]!.message).toMatch(/^The app returned an error message instead of \u201cA\.pdf\u201d/);
  });

  it('leaves text documents alone unless the server says JSON/HTML', () => {
    expect(sniffDocument(enc('{"a":1}'), 'txt', 'text/plain')).toEqual({ ok: true });
    expect(sniffDocument(enc('name,email\nBob,bob@example.com'), 'csv', 'text/csv')).toEqual({ ok: true });
    expect(code(sniffDocument(enc('{"error":"expired"}'), 'txt', 'application/json'))).toBe('host_session_expired');
    expect(sniffDocument(enc('<html>notes</html>'), 'txt', 'text/plain')).toEqual({ ok: true });
    expect(code(sniffDocument(enc('<html>login</html>'), 'txt', 'text/html'))).toBe('host_session_expired');
  });

  it('accepts HTML documents, except a sign-in page', () => {
    expect(sniffDocument(enc('<!DOCTYPE html><html><body><h1>Offer</h1></body></html>'), 'html', 'text/html')).toEqual({ ok: true });
    expect(code(sniffDocument(enc(LOGIN_PAGE), 'htm', 'text/html'))).toBe('host_session_expired');
  });

  it('flags bytes that are not what the type says: content_mismatch', () => {
    const r = sniffDocument(enc('MZ\u0090\u0000 this is an exe'), 'pdf', 'application/pdf', 'Fake.pdf');
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          code: 'content_mismatch',
          field: 'document',
          message: '\u201cFake.pdf\u201d is not a valid PDF document: the file is damaged or is a different kind of file.',
        },
      ],
    });
    expect(code(sniffDocument(new Uint8Array(samplePdf()), 'docx', null))).toBe('content_mismatch');
  });

  it('rejects an empty body', () => {
    expect(code(sniffDocument(new Uint8Array(0), 'pdf', 'application/pdf'))).toBe('empty_document');
  });

  it('does not judge types without a reliable signature', () => {
    expect(sniffDocument(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), 'doc', 'application/msword')).toEqual({ ok: true });
    expect(sniffDocument(enc('From: a\r\nSubject: b'), 'msg', null)).toEqual({ ok: true });
  });
});
