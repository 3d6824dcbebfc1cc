import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { docAt, fileHref, specialDocs } from './catalog.ts';
import { contentDisposition, fileBody, makeDocx } from './files.ts';
import { startHostApp, type HostApp } from './index.ts';
import { makePdf } from './pdf.ts';
import { checkPdf, get, loginCookie, readZip } from './testkit.ts';
import { USERS } from './users.ts';
import { crc32 } from './zip.ts';

let app: HostApp;
let emma: string;
beforeAll(async () => {
  app = await startHostApp();
  emma = await loginCookie(app.url, 'emma');
});
afterAll(() => app.close());
beforeEach(() => app.control.reset());

const emmaUser = USERS[0]!;
const PDF = '/files/d-1/Master%20Services%20Agreement.pdf';
const DOCX = '/files/d-2/Order%20Form%20Q3.docx';

async function download(path: string, cookie = emma) {
  const res = await get(app.url + path, cookie);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

describe('file access rules', () => {
  it('without a session: 302 to /login?next=…, and a redirect-following fetch gets the HTML login page', async () => {
    const res = await get(app.url + PDF);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(PDF)}`);
    const followed = await fetch(app.url + PDF);
    expect(followed.status).toBe(200);
    expect(followed.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await followed.text()).toContain('<body data-page="login">');
  });

  it('logging in through the redirect lands on the file', async () => {
    const res = await get(`${app.url}/login?as=emma&next=${encodeURIComponent(PDF)}`);
    expect(res.headers.get('location')).toBe(PDF);
  });

  it('sessionExpired: downloads redirect to login while pages still work', async () => {
    app.control.configure({ sessionExpired: true });
    expect((await get(app.url + PDF, emma)).status).toBe(302);
    expect((await get(`${app.url}/documents`, emma)).status).toBe(200);
    app.control.configure({ sessionExpired: false });
    expect((await get(app.url + PDF, emma)).status).toBe(200);
  });

  it('fileStatus answers the next download only', async () => {
    await fetch(`${app.url}/__host/config`, { method: 'POST', body: JSON.stringify({ fileStatus: 503 }) });
    const failed = await get(app.url + PDF, emma);
    expect(failed.status).toBe(503);
    expect(await failed.text()).toContain('Simulated error 503');
    expect(app.control.config().fileStatus).toBeNull();
    expect((await get(app.url + PDF, emma)).status).toBe(200);
    app.control.configure({ fileStatus: 401 });
    expect((await get(app.url + PDF, emma)).status).toBe(401);
    expect(app.control.fileRequests().map((r) => r.status)).toEqual([503, 200, 401]);
  });

  it('fileDelayMs delays downloads', async () => {
    app.control.configure({ fileDelayMs: 150 });
    const t0 = performance.now();
    await get(app.url + PDF, emma);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('404 for unknown documents or a file name that does not match', async () => {
    expect((await get(`${app.url}/files/d-999999/x.pdf`, emma)).status).toBe(404);
    expect((await get(`${app.url}/files/d-1/Other.pdf`, emma)).status).toBe(404);
    expect((await get(`${app.url}/files/d-1/%E0%A4%A`, emma)).status).toBe(400);
  });

  it('HEAD gives the headers without a body', async () => {
    const res = await get(app.url + PDF, emma, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(84 * 1024));
  });
});

describe('PDF', () => {
  it('is valid: header, every xref offset points at "N 0 obj", stream lengths, trailer', async () => {
    const { res, body } = await download(PDF);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Master Services Agreement.pdf"; filename*=UTF-8''Master%20Services%20Agreement.pdf`,
    );
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.length).toBe(84 * 1024); // the size the list shows
    const { objects, text } = checkPdf(body);
    expect(objects).toBe(7);
    expect(text).toContain('(Master Services Agreement) Tj');
    expect(text).toContain('Emma Schmidt <emma.schmidt@acme-eu.example>');
    expect(text).toContain('Hans M\\374ller'); // WinAnsi ü
  });

  it('is valid without padding, with parentheses and unicode in the title', () => {
    const pdf = makePdf({ title: 'A (tricky) \\ title – Zoë 🚀', lines: ['line (1)'] });
    expect(checkPdf(pdf).text).toContain('(A \\(tricky\\) \\\\ title \\226 Zo\\353 ?) Tj');
    expect(pdf.toString('latin1')).toContain('/Title <FEFF0041');
  });

  it('hits exact target sizes across digit boundaries', () => {
    for (const size of [2000, 9999, 10000, 10001, 99_999, 100_000, 1_000_003]) {
      const pdf = makePdf({ title: 'Size test', lines: [], targetSize: size });
      expect(pdf.length).toBe(size);
      checkPdf(pdf);
    }
  });
});

describe('DOCX', () => {
  it('is a valid zip: central directory, local headers, CRC-32; the three OOXML parts', async () => {
    const { res, body } = await download(DOCX);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(body.length).toBe(36 * 1024);
    const entries = readZip(body);
    expect(entries.map((e) => e.name)).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    const text = (name: string) => entries.find((e) => e.name === name)?.data.toString('utf8') ?? '';
    expect(text('[Content_Types].xml')).toContain('PartName="/word/document.xml"');
    expect(text('_rels/.rels')).toContain('Target="word/document.xml"');
    const doc = text('word/document.xml');
    expect(doc).toContain('<w:t xml:space="preserve">Order Form Q3</w:t>');
    expect(doc).toContain('Emma Schmidt &#60;emma.schmidt@acme-eu.example&#62;');
    expect(doc).toMatch(/<\/w:document>$/);
  });

  it('escapes XML and works unpadded', () => {
    const entries = readZip(makeDocx({ title: '"><svg> & co', lines: [] }));
    expect(entries[2]?.data.toString()).toContain('&#34;&#62;&#60;svg&#62; &#38; co');
  });

  it('our CRC-32 agrees with zlib', () => {
    for (const s of ['', 'a', 'The quick brown fox', 'x'.repeat(10000)]) expect(crc32(Buffer.from(s))).toBe(nodeCrc32(Buffer.from(s)));
  });
});

describe('special documents', () => {
  const special = new Map(specialDocs(emmaUser).map((d) => [d.id, d]));
  const href = (id: string) => fileHref(special.get(id)!);

  it('big-30mb (under 32 MB) and too-big (over 32 MB) are valid PDFs, generated once', async () => {
    const big = special.get('big-30mb')!;
    const tooBig = special.get('too-big')!;
    expect(fileBody(big, emmaUser).length).toBe(30 * 1024 * 1024);
    expect(fileBody(tooBig, emmaUser).length).toBe(33 * 1024 * 1024);
    expect(fileBody(tooBig, emmaUser).length).toBeGreaterThan(32 * 1024 * 1024);
    checkPdf(fileBody(big, emmaUser));
    checkPdf(fileBody(tooBig, emmaUser));
    expect(fileBody(big, emmaUser)).toBe(fileBody(big, USERS[1]!)); // one cached buffer
    // over HTTP: HEAD gives the size without moving 63 MB through the test
    for (const [id, size] of [['big-30mb', 31457280], ['too-big', 34603008]] as const) {
      const res = await get(app.url + href(id), emma, { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-length')).toBe(String(size));
    }
    const { body } = await download(href('big-30mb'));
    expect(body.length).toBe(30 * 1024 * 1024);
    expect(body.subarray(-6).toString()).toBe('%%EOF\n');
  });

  it('empty is a 0-byte PDF, unsupported an .exe', async () => {
    const empty = await download(href('empty'));
    expect(empty.res.status).toBe(200);
    expect(empty.res.headers.get('content-type')).toBe('application/pdf');
    expect(empty.body.length).toBe(0);
    const exe = await download(href('unsupported'));
    expect(exe.res.headers.get('content-type')).toBe('application/vnd.microsoft.portable-executable');
    expect(exe.body.subarray(0, 2).toString()).toBe('MZ');
  });

  it('odd-name downloads with an RFC 8187 Content-Disposition', async () => {
    const { res, body } = await download(href('odd-name'));
    expect(res.status).toBe(200);
    checkPdf(body);
    const cd = res.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;]+)$/.exec(cd)?.[1] ?? '';
    expect(decodeURIComponent(star)).toBe(special.get('odd-name')?.fileName);
    expect(star).not.toMatch(/['()*]/);
    expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+"; /);
    expect(contentDisposition('a"b\\c.pdf')).toContain('filename="a_b_c.pdf"');
  });

  it('later rows (d-13+) and every user get valid files of the listed size', async () => {
    for (const u of USERS) {
      const cookie = await loginCookie(app.url, u.username);
      for (const n of [13, 14]) {
        const d = docAt(u, n);
        const { body } = await download(fileHref(d), cookie);
        expect(body.length).toBe(d.bytes);
        if (d.fileType === 'pdf') expect(checkPdf(body).text).toContain(u.name);
        else expect(readZip(body)[2]?.data.toString()).toContain(u.email);
      }
    }
  });
});
