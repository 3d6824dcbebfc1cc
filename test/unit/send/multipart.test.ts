import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseMultipart } from '../../emulator/multipart.ts';
import { parseEnvelopeRequest } from '../../emulator/validation.ts';
import { MAX_DOCUMENT_BYTES, MAX_REQUEST_BYTES } from '../../../utils/docusign/limits';
import type { EnvelopeDefinition } from '../../../utils/docusign/types';
import {
  buildEnvelopeDefinition,
  envelopeOverheadBytes,
  envelopeRequestBytes,
  type EnvelopeInput,
  type EnvelopeShapeInput,
} from '../../../utils/send/envelope';
import {
  MULTIPART_BOUNDARY_LENGTH,
  buildEnvelopeMultipart,
  buildMultipartEnvelope,
  chooseEnvelopeTransport,
  documentContentType,
  fileContentDisposition,
  multipartOverheadBytes,
  multipartRequestBytes,
  planEnvelopeUpload,
  randomBoundary,
} from '../../../utils/send/multipart';

const TX = '3f2c1a7e-9b8d-4c6e-a5f4-1e2d3c4b5a69';

function pdf(size: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(new TextEncoder().encode('%PDF-1.4\n').subarray(0, size));
  return bytes;
}

function input(overrides: Partial<EnvelopeInput> = {}): EnvelopeInput & { documentBytes: Uint8Array } {
  return {
    documentBytes: pdf(2000),
    name: 'Contract.pdf',
    recipients: [
      { name: 'Bob Buyer', email: 'bob@customer.example' },
      { name: 'Carol Copy', email: 'carol@customer.example', role: 'cc' },
    ],
    subject: 'Please sign: Contract.pdf',
    message: 'Hello Bob,\nplease sign.',
    status: 'created',
    transactionId: TX,
    customFields: { hostUser: 'jane@host.example', profile: 'acme-eu' },
    ...overrides,
  } as EnvelopeInput & { documentBytes: Uint8Array };
}

function shapeOf(i: EnvelopeInput): EnvelopeShapeInput {
  const { documentBytes: _d, documentBase64: _b, ...shape } = i;
  return shape;
}

async function bytesOf(blob: Blob): Promise<Buffer> {
  return Buffer.from(await blob.arrayBuffer());
}

/** The definition as buildEnvelopeDefinition makes it, without documentBase64. */
function expectedDefinition(i: EnvelopeInput): unknown {
  const def = buildEnvelopeDefinition({ ...shapeOf(i), documentBase64: '' });
  return { ...def, documents: def.documents.map(({ documentBase64: _x, ...rest }) => rest) };
}

afterEach(() => vi.restoreAllMocks());

describe('buildEnvelopeMultipart: the body parses back (emulator parser)', () => {
  it('JSON part first (no documentBase64), then the raw document with documentid, content type and filename', async () => {
    const i = input();
    const mp = buildEnvelopeMultipart(i);
    expect(mp.contentType).toBe(`multipart/form-data; boundary=${mp.boundary}`);
    const body = await bytesOf(mp.body);
    expect(body.length).toBe(mp.byteLength);
    expect(mp.body.size).toBe(mp.byteLength);

    const parts = parseMultipart(body, mp.boundary)!;
    expect(parts).toHaveLength(2);
    const [json, doc] = parts as [(typeof parts)[0], (typeof parts)[0]];
    expect(json.dispositionType).toBe('form-data');
    expect(json.disposition).toEqual({ name: 'envelopeDefinition' });
    expect(json.contentType).toBe('application/json');
    const def = JSON.parse(json.body.toString('utf8')) as EnvelopeDefinition;
    expect(def).toEqual(expectedDefinition(i));
    expect(JSON.stringify(def)).not.toContain('documentBase64');

    expect(doc.dispositionType).toBe('file');
    expect(doc.disposition).toEqual({ filename: 'Contract.pdf', documentid: '1' });
    expect(doc.contentType).toBe('application/pdf');
    expect(Buffer.compare(doc.body, Buffer.from(i.documentBytes))).toBe(0);

    // Exact framing: CRLF line ends, closing delimiter, nothing else.
    const text = body.toString('latin1');
    expect(text.startsWith(`--${mp.boundary}\r\nContent-Disposition: form-data; name="envelopeDefinition"\r\nContent-Type: application/json\r\n\r\n{`)).toBe(true);
    expect(text.endsWith(`\r\n--${mp.boundary}--\r\n`)).toBe(true);
    expect(text.split(`--${mp.boundary}`)).toHaveLength(4);
  });

  it('is what the emulator accepts as a DocuSign multipart envelope request', async () => {
    const i = input({ name: 'Angebot für Zoë "Q3"; final 合同.docx', documentBytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 1, 2]) });
    const mp = buildEnvelopeMultipart(i);
    const result = parseEnvelopeRequest(mp.contentType, await bytesOf(mp.body));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.documents).toHaveLength(1);
    expect(result.value.documents[0]).toMatchObject({ documentId: '1', name: 'Angebot für Zoë "Q3"; final 合同.docx', fileExtension: 'docx' });
    expect([...result.value.documents[0]!.bytes]).toEqual([0x50, 0x4b, 3, 4, 0, 1, 2]);
    expect(result.value.signers.map((s) => s.email)).toEqual(['bob@customer.example']);
    expect(result.value.carbonCopies.map((s) => s.email)).toEqual(['carol@customer.example']);
  });

  it('strips documentBase64 from a definition that has it, and keeps binary bytes (CR, LF, NUL, dashes) intact', async () => {
    const bytes = new Uint8Array(4096).map((_, k) => (k * 37 + 11) & 0xff);
    bytes.set([0x0d, 0x0a, 0x2d, 0x2d, 0x0d, 0x0a, 0x0d, 0x0a], 100);
    const def = buildEnvelopeDefinition(input({ documentBytes: bytes }));
    expect(def.documents[0]!.documentBase64.length).toBeGreaterThan(0);
    const mp = buildMultipartEnvelope(def, [{ documentId: '1', name: 'x.pdf', contentType: 'application/pdf', bytes }]);
    const parts = parseMultipart(await bytesOf(mp.body), mp.boundary)!;
    expect(parts[0]!.body.toString('utf8')).not.toContain('documentBase64');
    expect(Buffer.compare(parts[1]!.body, Buffer.from(bytes))).toBe(0);
  });

  it('several documents: one part each, in order; mismatches with the definition are errors', async () => {
    const base = buildEnvelopeDefinition(input());
    const def: EnvelopeDefinition = {
      ...base,
      documents: [
        { documentId: '1', name: 'a.pdf', fileExtension: 'pdf', documentBase64: '' },
        { documentId: '2', name: 'b.txt', fileExtension: 'txt', documentBase64: '' },
      ],
    };
    const a = { documentId: '1', name: 'a.pdf', contentType: 'application/pdf', bytes: pdf(10) };
    const b = { documentId: '2', name: 'b.txt', contentType: 'text/plain; charset=utf-8', bytes: new TextEncoder().encode('hi') };
    const mp = buildMultipartEnvelope(def, [a, b]);
    const parts = parseMultipart(await bytesOf(mp.body), mp.boundary)!;
    expect(parts.map((p) => [p.disposition.documentid, p.contentType, p.body.length])).toEqual([
      [undefined, 'application/json', expect.any(Number)],
      ['1', 'application/pdf', 10],
      ['2', 'text/plain', 2],
    ]);
    expect(parseEnvelopeRequest(mp.contentType, await bytesOf(mp.body)).ok).toBe(true);

    expect(() => buildMultipartEnvelope(def, [a])).toThrow(/no bytes for documentId 2/);
    expect(() => buildMultipartEnvelope(def, [a, b, { ...b, documentId: '3' }])).toThrow(/documentId 3 is not in the definition/);
    expect(() => buildMultipartEnvelope(def, [a, a, b])).toThrow(/two parts for documentId 1/);
  });

  it('refuses header injection through the content type or the document id', () => {
    const def = buildEnvelopeDefinition(input());
    const doc = { documentId: '1', name: 'a.pdf', contentType: 'application/pdf', bytes: pdf(10) };
    expect(() => buildMultipartEnvelope(def, [{ ...doc, contentType: 'application/pdf\r\nX-Evil: 1' }])).toThrow(RangeError);
    expect(() => buildMultipartEnvelope(def, [{ ...doc, contentType: 'pdf' }])).toThrow(RangeError);
    const withBadId = { ...def, documents: [{ ...def.documents[0]!, documentId: '1 x' }] };
    expect(() => buildMultipartEnvelope(withBadId, [{ ...doc, documentId: '1 x' }])).toThrow(RangeError);
    // An empty content type means application/octet-stream.
    const mp = buildMultipartEnvelope(def, [{ ...doc, contentType: '' }]);
    expect(mp.byteLength).toBeGreaterThan(10);
  });
});

describe('filenames', () => {
  it('plain ASCII names: filename only', () => {
    expect(fileContentDisposition('Contract 2026 (final).pdf', '1')).toBe('file; filename="Contract 2026 (final).pdf"; documentid=1');
  });

  it.each([
    ['quotes', 'The "Q3" deal.pdf', 'The %22Q3%22 deal.pdf'],
    ['CR/LF (header injection attempt)', 'a.pdf\r\nContent-Type: text/html', 'a.pdf%0D%0AContent-Type: text/html'],
    ['backslash and semicolon', 'C:\\x; documentid=9.pdf', 'C:%5Cx%3B documentid=9.pdf'],
    ['non-ASCII', 'Zoë’s 合同 👩‍💼.pdf', 'Zo__s __ ___.pdf'],
    ['controls and a lone surrogate', 'a\u0001\u007f\ud800.pdf', 'a___.pdf'],
  ])('%s: ASCII fallback + filename* with the exact name', (_title, name, fallback) => {
    const value = fileContentDisposition(name, '7');
    expect(value).not.toMatch(/[\r\n]/);
    expect(value).toMatch(/^[\x20-\x7e]+$/);
    const m = /^file; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+); documentid=7$/.exec(value);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(fallback);
    expect(decodeURIComponent(m![2]!)).toBe(name.replace(/\ud800/g, '\ufffd'));
  });

  it('encodes the characters RFC 5987 attr-char does not allow, which encodeURIComponent leaves', () => {
    expect(fileContentDisposition("it's (ü)*.pdf", '1')).toBe(
      `file; filename="it's (_)*.pdf"; filename*=UTF-8''it%27s%20%28%C3%BC%29%2A.pdf; documentid=1`,
    );
  });

  it('in a built body: two header lines per part, and the emulator reads documentid and filename*', async () => {
    const name = 'Evil"\r\n\r\nInjected; documentid=99 ü.pdf';
    const def = buildEnvelopeDefinition(input());
    const mp = buildMultipartEnvelope(def, [{ documentId: '1', name, contentType: 'application/pdf', bytes: pdf(20) }]);
    const parts = parseMultipart(await bytesOf(mp.body), mp.boundary)!;
    const doc = parts[1]!;
    expect(Object.keys(doc.headers)).toEqual(['content-disposition', 'content-type']);
    expect(doc.disposition.documentid).toBe('1');
    expect(decodeURIComponent(doc.disposition['filename*']!.replace(/^UTF-8''/, ''))).toBe(name);
    expect(doc.body.length).toBe(20);
  });
});

describe('boundary', () => {
  it('random: fixed length, token characters, different every time', () => {
    const seen = new Set<string>();
    for (let k = 0; k < 50; k++) {
      const b = randomBoundary();
      expect(b).toHaveLength(MULTIPART_BOUNDARY_LENGTH);
      expect(b).toMatch(/^swd-boundary-[A-Za-z0-9]{27}$/);
      seen.add(b);
    }
    expect(seen.size).toBe(50);
  });

  it('a given boundary is used; one that occurs in the JSON, a header or the document is refused', async () => {
    const i = input();
    const mp = buildEnvelopeMultipart(i, 'my-Boundary_1');
    expect(mp.contentType).toBe('multipart/form-data; boundary=my-Boundary_1');
    expect(parseMultipart(await bytesOf(mp.body), 'my-Boundary_1')).toHaveLength(2);

    expect(() => buildEnvelopeMultipart(input({ subject: 'about my-Boundary_1' }), 'my-Boundary_1')).toThrow(/occurs in the content/);
    expect(() => buildEnvelopeMultipart(input({ name: 'my-Boundary_1.pdf' }), 'my-Boundary_1')).toThrow(/occurs in the content/);
    const doc = pdf(100);
    doc.set(new TextEncoder().encode('\r\n--my-Boundary_1--'), 50);
    expect(() => buildEnvelopeMultipart(input({ documentBytes: doc }), 'my-Boundary_1')).toThrow(/occurs in the content/);
  });

  it('a given boundary must be 1–70 token characters', () => {
    for (const bad of ['', 'a b', 'a"b', 'x'.repeat(71), 'a\r\nb', 'ü']) {
      expect(() => buildEnvelopeMultipart(input(), bad)).toThrow(RangeError);
    }
    expect(() => buildEnvelopeMultipart(input(), 'x'.repeat(70))).not.toThrow();
  });

  it('a random boundary that happens to occur in the content is replaced by a new one', async () => {
    // Force the first draw to all zeros: "swd-boundary-" + "A" × 27, and put exactly that in the subject.
    const colliding = `swd-boundary-${'A'.repeat(27)}`;
    const real = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    let calls = 0;
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      calls++;
      if (calls === 1 && array instanceof Uint8Array) {
        array.fill(0);
        return array;
      }
      return real(array as unknown as Uint8Array) as unknown as T;
    });
    const i = input({ subject: `Re: ${colliding}` });
    const mp = buildEnvelopeMultipart(i);
    expect(calls).toBe(2);
    expect(mp.boundary).not.toBe(colliding);
    const parts = parseMultipart(await bytesOf(mp.body), mp.boundary)!;
    expect((JSON.parse(parts[0]!.body.toString('utf8')) as EnvelopeDefinition).emailSubject).toBe(`Re: ${colliding}`);
  });
});

describe('multipartRequestBytes equals the real body length', () => {
  // Deterministic pseudo-random inputs (xorshift), including non-ASCII and header-hostile text.
  let seed = 424242;
  const rnd = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const alphabet = ['a', 'Z', ' ', '"', '\\', ';', '<', 'é', '山', '👩‍💼', '\u2028', '\n', '\r', '\t', "'", '%', '*', '€', '\ud800'];
  const text = (max: number) => Array.from({ length: Math.floor(rnd() * max) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
  const types = ['pdf', 'docx', 'txt', 'png', 'xlsx', 'html'];

  it.each(Array.from({ length: 40 }, (_, k) => k))('random input #%i', async () => {
    const size = Math.floor(rnd() * 5000);
    const bytes = new Uint8Array(size).map(() => Math.floor(rnd() * 256));
    const type = types[Math.floor(rnd() * types.length)]!;
    const i = input({
      documentBytes: bytes,
      name: `x${text(40).replace(/[\\/]/g, '')}.${type}`,
      ...(rnd() < 0.3 ? { fileType: type.toUpperCase() } : {}),
      subject: text(100),
      ...(rnd() < 0.3 ? {} : { message: text(300) }),
      status: rnd() < 0.5 ? 'sent' : 'created',
      recipients: Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => ({
        name: text(40) || 'x',
        email: `${text(5).replace(/\W/g, '')}x@example.com`,
        role: rnd() < 0.3 ? ('cc' as const) : ('signer' as const),
      })),
      ...(rnd() < 0.5 ? {} : { customFields: { hostUser: text(120), profile: text(10), extra: { [text(8) || 'k']: text(20) } } }),
    });
    const mp = buildEnvelopeMultipart(i);
    expect((await bytesOf(mp.body)).length).toBe(mp.byteLength);
    expect(multipartRequestBytes(shapeOf(i), size)).toBe(mp.byteLength);
    expect(multipartOverheadBytes(shapeOf(i)) + size).toBe(mp.byteLength);
    // A custom boundary of another length: pass its length.
    const custom = buildEnvelopeMultipart(i, 'zz9-custom-boundary');
    expect(multipartRequestBytes(shapeOf(i), size, 'zz9-custom-boundary'.length)).toBe(custom.byteLength);
    // The document part's content type follows the file type.
    const parts = parseMultipart(await bytesOf(mp.body), mp.boundary)!;
    expect(parts[1]!.contentType).toBe(documentContentType(type));
    expect(parts[1]!.body.length).toBe(size);
  });
});

describe('planEnvelopeUpload / chooseEnvelopeTransport', () => {
  const shape = shapeOf(input());

  /** The largest document whose JSON request fits (exact, whatever the overhead's remainder). */
  function largestJsonDocument(s: EnvelopeShapeInput): number {
    const overhead = envelopeOverheadBytes(s);
    let n = Math.floor((MAX_REQUEST_BYTES - overhead) / 4) * 3;
    while (envelopeRequestBytes(s, n + 1) <= MAX_REQUEST_BYTES) n++;
    return n;
  }

  it('JSON while the JSON request fits, multipart from the first byte that does not', () => {
    const n = largestJsonDocument(shape);
    expect(n).toBeGreaterThan(25 * 1024 * 1024);
    expect(n).toBeLessThan(25.6 * 1024 * 1024);
    expect(planEnvelopeUpload(shape, 1)).toEqual({ transport: 'json', requestBytes: envelopeRequestBytes(shape, 1), fits: true });
    expect(planEnvelopeUpload(shape, n)).toEqual({ transport: 'json', requestBytes: envelopeRequestBytes(shape, n), fits: true });
    expect(planEnvelopeUpload(shape, n + 1)).toEqual({ transport: 'multipart', requestBytes: multipartRequestBytes(shape, n + 1), fits: true });
    expect(chooseEnvelopeTransport(shape, n)).toBe('json');
    expect(chooseEnvelopeTransport(shape, n + 1)).toBe('multipart');
  });

  it('a 32 MiB document fits as multipart; the request size is then the smaller one', () => {
    const plan = planEnvelopeUpload(shape, MAX_DOCUMENT_BYTES);
    expect(plan).toEqual({ transport: 'multipart', requestBytes: MAX_DOCUMENT_BYTES + multipartOverheadBytes(shape), fits: true });
    expect(plan.requestBytes).toBe(Math.min(envelopeRequestBytes(shape, MAX_DOCUMENT_BYTES), multipartRequestBytes(shape, MAX_DOCUMENT_BYTES)));
  });

  it('with the largest valid envelope details (100 recipients, 100-character fields, 10,000-character message) a 32 MiB document still fits', () => {
    const wide = '\u5c71'.repeat(100); // 3 UTF-8 bytes per character
    const big: EnvelopeShapeInput = {
      name: `${'\u5c71'.repeat(250)}.pdf`,
      recipients: Array.from({ length: 100 }, (_, k) => ({ name: wide, email: `${String(k).padStart(3, '0')}@${'d'.repeat(60)}.${'e'.repeat(31)}.com` })),
      subject: wide,
      message: '\u5c71'.repeat(10_000),
      status: 'created',
      transactionId: TX,
      customFields: { hostUser: wide, profile: wide },
    };
    const overhead = multipartOverheadBytes(big);
    expect(overhead).toBeGreaterThan(60_000);
    expect(overhead).toBeLessThan(MAX_REQUEST_BYTES - MAX_DOCUMENT_BYTES); // 2 MiB of room
    expect(planEnvelopeUpload(big, MAX_DOCUMENT_BYTES).fits).toBe(true);
  });

  it('the multipart request can still exceed the limit when the envelope details take more than 2 MiB', () => {
    const extra = Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`field${k}-${'n'.repeat(22_000)}`, 'v'.repeat(90)]));
    const heavy: EnvelopeShapeInput = { ...shape, customFields: { extra } };
    const overhead = multipartOverheadBytes(heavy);
    expect(overhead).toBeGreaterThan(MAX_REQUEST_BYTES - MAX_DOCUMENT_BYTES);
    const fit = MAX_REQUEST_BYTES - overhead;
    expect(planEnvelopeUpload(heavy, fit)).toEqual({ transport: 'multipart', requestBytes: MAX_REQUEST_BYTES, fits: true });
    expect(planEnvelopeUpload(heavy, fit + 1)).toEqual({ transport: 'multipart', requestBytes: MAX_REQUEST_BYTES + 1, fits: false });
  });
});

describe('documentContentType', () => {
  it.each([
    ['pdf', 'application/pdf'],
    ['.DOCX', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['jpg', 'image/jpeg'],
    ['tif', 'image/tiff'],
    ['csv', 'text/csv'],
    ['weird', 'application/octet-stream'],
  ])('%s → %s', (type, mime) => expect(documentContentType(type)).toBe(mime));
});
