/** Bodies and headers of downloadable documents: real PDF, DOCX (zip) and EXE-looking bytes. */
import type { HostDoc } from './catalog.ts';
import { makePdf } from './pdf.ts';
import type { HostUser } from './users.ts';
import { makeZip, zipSize } from './zip.ts';

export const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  exe: 'application/vnd.microsoft.portable-executable',
};

function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

const CONTENT_TYPES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

const RELS_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

function documentXml(title: string, lines: readonly string[], padding: string): string {
  const para = (text: string, bold = false) =>
    `<w:p><w:r>${bold ? '<w:rPr><w:b/><w:sz w:val="36"/></w:rPr>' : ''}<w:t xml:space="preserve">${xml(text)}</w:t></w:r></w:p>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${padding}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${para(title, true)}${lines.map((l) => para(l)).join('')}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>`;
}

/** A minimal valid DOCX; when `targetSize` allows, padded (XML comment) to exactly that size. */
export function makeDocx(opts: { title: string; lines: readonly string[]; targetSize?: number }): Buffer {
  const fixed = [
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES_XML) },
    { name: '_rels/.rels', data: Buffer.from(RELS_XML) },
  ];
  const bare = Buffer.from(documentXml(opts.title, opts.lines, ''));
  const size = zipSize([...fixed.map((e) => ({ name: e.name, size: e.data.length })), { name: 'word/document.xml', size: bare.length }]);
  const pad = (opts.targetSize ?? 0) - size;
  const padding = pad >= 8 ? `<!--${'x'.repeat(pad - 8)}-->\n` : '';
  return makeZip([...fixed, { name: 'word/document.xml', data: Buffer.from(documentXml(opts.title, opts.lines, padding)) }]);
}

/** Bytes that look like a Windows executable (MZ header); not runnable. */
function makeExe(size: number): Buffer {
  const b = Buffer.alloc(size, 0);
  b.write('MZ', 0, 'latin1');
  b.write('This program cannot be run in DOS mode.\r\n$', 0x4e, 'latin1');
  return b;
}

const shared = new Map<string, Buffer>();

function titleOf(doc: HostDoc): string {
  return doc.fileName.replace(/\.[A-Za-z0-9]+$/, '');
}

/** The file body for a document as downloaded by `user`. Large files are generated once and cached. */
export function fileBody(doc: HostDoc, user: HostUser): Buffer {
  if (doc.cacheKey) {
    let b = shared.get(doc.cacheKey);
    if (!b) {
      b = render(doc, ['Demo host app: a large scanned document.', `Document id: ${doc.id}`]);
      shared.set(doc.cacheKey, b);
    }
    return b;
  }
  return render(doc, [
    `Document id: ${doc.id}`,
    `File name: ${doc.fileName}`,
    `Prepared for: ${user.name} <${user.email}> (${user.id}, ${user.department}, ${user.region}/${user.country})`,
    `Customer contact: ${doc.contactName} <${doc.contactEmail}>`,
    'Please review and sign.',
  ]);
}

function render(doc: HostDoc, lines: string[]): Buffer {
  const title = titleOf(doc);
  switch (doc.content) {
    case 'pdf':
      return makePdf({ title, lines, targetSize: doc.bytes });
    case 'docx':
      return makeDocx({ title, lines, targetSize: doc.bytes });
    case 'exe':
      return makeExe(doc.bytes);
    case 'empty':
      return Buffer.alloc(0);
  }
}

export function contentTypeOf(doc: HostDoc): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(doc.fileName)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? CONTENT_TYPES[doc.content] ?? 'application/octet-stream';
}

/** `attachment` with an ASCII fallback `filename` and an RFC 8187 `filename*`. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
