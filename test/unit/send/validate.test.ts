import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, MAX_REQUEST_BYTES } from '../../../utils/docusign/limits';
import { envelopeOverheadBytes } from '../../../utils/send/envelope';
import { multipartOverheadBytes, planEnvelopeUpload } from '../../../utils/send/multipart';
import { isValidEmail, validateSend, type SendValidationInput } from '../../../utils/send/validate';

const TX = '3f2c1a7e-9b8d-4c6e-a5f4-1e2d3c4b5a69';

function input(overrides: Partial<SendValidationInput> = {}): SendValidationInput {
  return {
    name: 'Contract.pdf',
    documentSize: 12_345,
    recipients: [{ name: 'Bob Buyer', email: 'bob@customer.example' }],
    subject: 'Please sign: Contract.pdf',
    message: 'Hello Bob,\nplease sign.',
    status: 'created',
    transactionId: TX,
    customFields: { hostUser: 'jane@host.example', profile: 'acme-eu' },
    ...overrides,
  };
}

function codes(i: SendValidationInput): string[] {
  const r = validateSend(i);
  return r.ok ? [] : r.problems.map((p) => p.code);
}

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Person ${i + 1}`, email: `p${i + 1}@example.com` }));
// 100 characters: a short local part and long (but valid, ≤ 63 per label) domain labels.
const email100 = `bob@${'d'.repeat(60)}.${'e'.repeat(31)}.com`;

/** A subject padded so that the JSON around the base64 leaves a multiple of 4 bytes under the limit. */
function exactFit(): { i: SendValidationInput; size: number } {
  for (let pad = 0; pad < 4; pad++) {
    const i = input({ subject: `Fit ${'x'.repeat(pad)}` });
    const overhead = envelopeOverheadBytes({ ...i, transactionId: TX, status: 'created' });
    if ((MAX_REQUEST_BYTES - overhead) % 4 === 0) return { i, size: ((MAX_REQUEST_BYTES - overhead) / 4) * 3 };
  }
  throw new Error('unreachable');
}

/**
 * Envelope details of more than 2 MiB (100 hidden custom fields with 22,000-character names, which
 * validation does not limit), so that even the multipart request reaches the limit below 32 MiB of document; the
 * document size that makes the multipart request exactly 35,651,584 bytes.
 */
function multipartExactFit(pad = 0): { i: SendValidationInput; size: number } {
  const extra = Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`field${k}-${'n'.repeat(22_000)}`, 'v'.repeat(90)]));
  if (pad > 0) extra[`pad-${'p'.repeat(pad)}`] = 'v';
  const i = input({ customFields: { hostUser: 'jane@host.example', extra } });
  const size = MAX_REQUEST_BYTES - multipartOverheadBytes({ ...i, transactionId: TX, status: 'created' });
  return { i, size };
}

describe('validateSend: table', () => {
  const fit = exactFit();
  const mfit = multipartExactFit();
  const cases: Array<[string, SendValidationInput, string[]]> = [
    ['a valid PDF send', input(), []],
    ['upper-case extension', input({ name: 'Offer.DOCX' }), []],
    ['declared type with a dot, name without extension', input({ name: 'Budget', fileType: '.XLSX' }), []],
    ['declared MIME type', input({ name: 'scan', fileType: 'application/pdf' }), []],
    ['generic MIME type falls back to the name', input({ name: 'photo.JPG', fileType: 'application/octet-stream' }), []],
    ['unsupported .exe', input({ name: 'setup.exe' }), ['unsupported_file_type']],
    ['unsupported .zip', input({ name: 'bundle.zip' }), ['unsupported_file_type']],
    ['no file type at all', input({ name: 'Contract' }), ['missing_file_type']],
    ['0-byte document', input({ documentSize: 0 }), ['empty_document']],
    ['32 MB + 1 byte', input({ documentSize: MAX_DOCUMENT_BYTES + 1 }), ['document_too_large']],
    ['exactly 32 MB (sent as multipart: fits)', input({ documentSize: MAX_DOCUMENT_BYTES }), []],
    ['30 MB (over the JSON limit, sent as multipart)', input({ documentSize: 30 * 1024 * 1024 }), []],
    ['JSON request exactly at 35,651,584 bytes', { ...fit.i, documentSize: fit.size }, []],
    ['JSON request over by one document byte (sent as multipart instead)', { ...fit.i, documentSize: fit.size + 1 }, []],
    ['JSON request over by one subject byte (sent as multipart instead)', { ...fit.i, subject: `${fit.i.subject}y`, documentSize: fit.size }, []],
    ['multipart request exactly at 35,651,584 bytes', { ...mfit.i, documentSize: mfit.size }, []],
    ['multipart request over by one document byte', { ...mfit.i, documentSize: mfit.size + 1 }, ['request_too_large']],
    ['multipart request over by one subject byte', { ...mfit.i, subject: `${mfit.i.subject}y`, documentSize: mfit.size }, ['request_too_large']],
    [
      'multipart request over by one recipient byte',
      { ...mfit.i, recipients: [{ name: 'Bob Buyerr', email: 'bob@customer.example' }], documentSize: mfit.size },
      ['request_too_large'],
    ],
    ['no recipients', input({ recipients: [] }), ['no_recipients']],
    ['only a carbon copy', input({ recipients: [{ name: 'Carl', email: 'carl@example.com', role: 'cc' }] }), ['no_recipients']],
    ['100 recipients', input({ recipients: people(100) }), []],
    ['101 recipients', input({ recipients: people(101) }), ['too_many_recipients']],
    ['blank recipient name', input({ recipients: [{ name: '   ', email: 'bob@example.com' }] }), ['recipient_name_required']],
    ['name of 100 characters', input({ recipients: [{ name: 'N'.repeat(100), email: 'bob@example.com' }] }), []],
    ['name of 101 characters', input({ recipients: [{ name: 'N'.repeat(101), email: 'bob@example.com' }] }), ['recipient_name_too_long']],
    [
      'odd names: unicode, quotes, HTML',
      input({
        name: '<b>"Q3" Vertrag — Zoë’s 合同</b>.pdf',
        recipients: [{ name: `Zoë O'Brien "<script>alert(1)</script>" 山田 太郎 👩‍💼`, email: 'zoe@example.com' }],
      }),
      [],
    ],
    ['missing email', input({ recipients: [{ name: 'Bob', email: '' }] }), ['recipient_email_required']],
    ['email of 100 characters', input({ recipients: [{ name: 'Bob', email: email100 }] }), []],
    ['email of 101 characters', input({ recipients: [{ name: 'Bob', email: `a${email100}` }] }), ['recipient_email_too_long']],
    ['invalid email', input({ recipients: [{ name: 'Bob', email: 'bob@example' }] }), ['recipient_email_invalid']],
    ['blank subject', input({ subject: '  ' }), ['subject_required']],
    ['subject of 100 characters', input({ subject: 'S'.repeat(100) }), []],
    ['subject of 101 characters', input({ subject: 'S'.repeat(101) }), ['subject_too_long']],
    ['message of 10,001 characters', input({ message: 'm'.repeat(10_001) }), ['message_too_long']],
    [
      'several problems reported together',
      input({
        name: 'virus.exe',
        documentSize: 0,
        recipients: [{ name: '', email: 'nope' }],
        subject: '',
      }),
      ['unsupported_file_type', 'empty_document', 'recipient_name_required', 'recipient_email_invalid', 'subject_required'],
    ],
  ];

  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));
  it.each(cases)('%s', (_title, i, expected) => {
    expect(codes(i)).toEqual(expected);
  });
});

describe('validateSend: messages and fields', () => {
  it('says how large the document is and what DocuSign accepts', () => {
    const r = validateSend(input({ name: 'Big.pdf', documentSize: Math.round(40.2 * 1024 * 1024) }));
    expect(r).toEqual({
      ok: false,
      problems: [{ code: 'document_too_large', field: 'document', message: '\u201cBig.pdf\u201d is 40.2 MB; DocuSign accepts documents up to 32 MB.' }],
    });
  });

  it('is unambiguous one byte over the limit', () => {
    const r = validateSend(input({ name: 'Edge.pdf', documentSize: MAX_DOCUMENT_BYTES + 1 }));
    expect(!r.ok && r.problems[0]!.message).toBe(
      '\u201cEdge.pdf\u201d is 32.0 MB (33,554,433 bytes); DocuSign accepts documents up to 32 MB.',
    );
  });

  it('accepts documents between the old JSON-only limit (~25.5 MB) and 32 MB: they go as multipart', () => {
    for (const mb of [25.5, 26, 30, 31.9, 32]) {
      const documentSize = Math.floor(mb * 1024 * 1024);
      expect(validateSend(input({ name: 'Scan.pdf', documentSize }))).toEqual({ ok: true });
    }
  });

  it('checks the request that will be made: JSON while it fits, then multipart (the smaller size)', () => {
    const fit = exactFit();
    const shape = { ...fit.i, transactionId: TX, status: 'created' as const };
    expect(planEnvelopeUpload(shape, fit.size).transport).toBe('json');
    expect(planEnvelopeUpload(shape, fit.size + 1).transport).toBe('multipart');
    expect(validateSend({ ...fit.i, documentSize: fit.size + 1 })).toEqual({ ok: true });
  });

  it('tells the largest document that fits one request when the envelope details are very large', () => {
    const { i, size } = multipartExactFit();
    const r = validateSend({ ...i, name: 'Scan.pdf', documentSize: MAX_DOCUMENT_BYTES });
    expect(r.ok).toBe(false);
    const problems = !r.ok ? r.problems : [];
    expect(problems.map((p) => [p.code, p.field])).toEqual([['request_too_large', 'document']]);
    const message = problems[0]!.message;
    const largest = `${(Math.floor((size / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;
    expect(size).toBeLessThan(MAX_DOCUMENT_BYTES);
    expect(message).toMatch(/^\u201cScan\.pdf\u201d is 32\.0 MB, too large to send to DocuSign in one request: together with the recipients, message and other envelope details the upload takes 34\.\d MB/);
    expect(message.endsWith(`at most 34 MB per request. The largest document that fits is ${largest}.`)).toBe(true);
  });

  it('one byte over the multipart limit: exact byte counts where the rounded sizes would read the same', () => {
    const MIB = 1024 * 1024;
    const readsSame = (size: number) => ((size + 1) / MIB).toFixed(1) === (Math.floor((size / MIB) * 10) / 10).toFixed(1);
    // Pad the envelope details so that the largest document is ~0.02 MB above a tenth of a MB.
    const first = multipartExactFit();
    const step = MIB / 10;
    const { i, size } = multipartExactFit(Math.round((((first.size % step) - 0.02 * MIB + step) % step)));
    expect(readsSame(size)).toBe(true); // the case this test is about
    const r = validateSend({ ...i, documentSize: size + 1 });
    const message = !r.ok ? r.problems[0]!.message : '';
    const shown = `${((size + 1) / MIB).toFixed(1)} MB`;
    expect(message.startsWith(`\u201cContract.pdf\u201d is ${shown} (${(size + 1).toLocaleString('en-US')} bytes), too large`)).toBe(true);
    expect(message).toContain('the upload takes 34.0 MB (35,651,585 bytes)');
    expect(message.endsWith(`The largest document that fits is ${(Math.floor((size / (1024 * 1024)) * 10) / 10).toFixed(1)} MB (${size.toLocaleString('en-US')} bytes).`)).toBe(true);
  });

  it('names the field of each recipient problem', () => {
    const r = validateSend(
      input({ recipients: [{ name: 'Ok', email: 'ok@example.com' }, { name: 'Bad', email: 'bad@' }, { name: '', email: 'x@example.com' }] }),
    );
    expect(!r.ok && r.problems.map((p) => [p.code, p.field])).toEqual([
      ['recipient_email_invalid', 'recipients[1].email'],
      ['recipient_name_required', 'recipients[2].name'],
    ]);
  });

  it('keeps odd document names as text (no markup interpretation) and shortens very long ones', () => {
    const r = validateSend(input({ name: `<img src=x onerror=alert(1)>${'a'.repeat(200)}.exe` }));
    const message = !r.ok ? r.problems[0]!.message : '';
    expect(message.startsWith('\u201c<img src=x onerror=alert(1)>')).toBe(true);
    expect(message).toContain('\u2026\u201d is a .exe file');
  });

  it('uses a UUID-sized transaction id when none is known yet', () => {
    const { transactionId: _tx, ...rest } = input();
    expect(validateSend(rest)).toEqual({ ok: true });
  });
});

describe('isValidEmail', () => {
  it.each([
    'first.last+tag@sub.example.co.uk',
    "o'brien@example.com",
    'jos\u00e9@ex\u00e4mple.de',
    'x@xn--bcher-kva.example',
    'UPPER@EXAMPLE.COM',
  ])('accepts %s', (email) => expect(isValidEmail(email)).toBe(true));

  it.each([
    'bob',
    'bob@',
    '@example.com',
    'bob@example',
    'bob@@example.com',
    'bob smith@example.com',
    'bob@exa mple.com',
    'bob@-example.com',
    'bob@example-.com',
    '.bob@example.com',
    'bob.@example.com',
    'bob..x@example.com',
    '<bob@example.com>',
    '"Bob" <bob@example.com>',
    'bob@example.c',
    'bob@example..com',
    'bob@example.com,carol@example.com',
  ])('rejects %s', (email) => expect(isValidEmail(email)).toBe(false));
});
