// Small documents for tests and the demo. The emulator checks that a PDF starts like a PDF
// (as DocuSign does), so use these instead of arbitrary bytes.

/** A minimal one-page PDF with the given text. */
export function samplePdf(text = 'Hello from the DocuSign emulator'): Buffer {
  const safe = text.replace(/[()\\]/g, ' ');
  const stream = `BT /F1 18 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export function samplePdfBase64(text?: string): string {
  return samplePdf(text).toString('base64');
}

/** A PDF of exactly `bytes` bytes (a valid header followed by padding), for size-limit tests. */
export function pdfOfSize(bytes: number): Buffer {
  const buf = Buffer.alloc(bytes, 0x20);
  buf.write('%PDF-1.4\n', 0, 'latin1');
  return buf;
}
