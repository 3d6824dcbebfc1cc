/**
 * Minimal valid PDF 1.4 writer: catalog, one A4 page with Helvetica text, an Info dictionary,
 * and an optional unreferenced padding stream used to reach an exact file size.
 */

export interface PdfOptions {
  title: string;
  lines: readonly string[];
  /** Pad the file to exactly this many bytes (when larger than the unpadded file). */
  targetSize?: number;
}

/** Characters of Windows-1252 above 0x7F that are not Latin-1. */
const WIN_ANSI: Record<string, number> = { '–': 0x96, '—': 0x97, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '€': 0x80, '•': 0x95, '…': 0x85 };

/** A PDF literal string in WinAnsiEncoding, ASCII-only (octal escapes); unknown characters become `?`. */
function pdfText(s: string): string {
  let out = '(';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 63;
    const b = cp >= 0x20 && cp < 0x7f ? cp : cp >= 0xa0 && cp <= 0xff ? cp : (WIN_ANSI[ch] ?? 63);
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b < 0x80) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return out + ')';
}

/** A PDF text string in UTF-16BE with BOM, hex-encoded (for the Info dictionary). */
function pdfUnicode(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

interface Layout {
  size: number;
  render(): Buffer;
}

function layout(opts: PdfOptions, pad: number): Layout {
  const header = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const textOps = [`BT /F1 20 Tf 24 TL 56 780 Td ${pdfText(opts.title)} Tj /F1 11 Tf 16 TL T* T*`];
  for (const line of opts.lines) textOps.push(`${pdfText(line)} '`);
  textOps.push('ET');
  const content = textOps.join('\n') + '\n';
  const objs: (string | { pad: number })[][] = [
    ['<< /Type /Catalog /Pages 2 0 R >>'],
    ['<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    ['<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>'],
    ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'],
    [`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`],
    [`<< /Length ${pad} >>\nstream\n`, { pad }, '\nendstream'],
    [`<< /Title ${pdfUnicode(opts.title)} /Producer (Demo host app) /Creator (Demo host app) >>`],
  ];
  const offsets: number[] = [];
  let pos = header.length;
  const pieces: (string | { pad: number })[] = [];
  objs.forEach((parts, i) => {
    offsets.push(pos);
    const all = [`${i + 1} 0 obj\n`, ...parts, '\nendobj\n'];
    for (const p of all) {
      pos += typeof p === 'string' ? Buffer.byteLength(p, 'latin1') : p.pad;
      pieces.push(p);
    }
  });
  const xrefAt = pos;
  let tail = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) tail += `${String(o).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const size = pos + Buffer.byteLength(tail, 'latin1');
  return {
    size,
    render: () =>
      Buffer.concat([
        header,
        ...pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.alloc(p.pad, '% padding\n'))),
        Buffer.from(tail, 'latin1'),
      ], size),
  };
}

export function makePdf(opts: PdfOptions): Buffer {
  let pad = 0;
  let l = layout(opts, pad);
  for (let i = 0; i < 8 && opts.targetSize !== undefined && l.size !== opts.targetSize; i++) {
    const next = Math.max(0, pad + opts.targetSize - l.size);
    if (next === pad) break;
    pad = next;
    l = layout(opts, pad);
  }
  return l.render();
}
