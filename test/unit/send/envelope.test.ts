import { describe, expect, it } from 'vitest';
import {
  buildEnvelopeDefinition,
  describeRecipients,
  envelopeRequestBytes,
  extensionOf,
  fillMessage,
  fillSubject,
  fillTemplate,
  resolveFileType,
  truncateText,
  type EnvelopeInput,
} from '../../../utils/send/envelope';

const TX = '3f2c1a7e-9b8d-4c6e-a5f4-1e2d3c4b5a69';

function input(overrides: Partial<EnvelopeInput> = {}): EnvelopeInput {
  return {
    documentBytes: new TextEncoder().encode('%PDF-1.4 hello'),
    name: 'Contract.pdf',
    recipients: [
      { name: ' Bob  Buyer ', email: ' bob@customer.example ' },
      { name: 'Carol Copy', email: 'carol@customer.example', role: 'cc', routingOrder: 2 },
      { name: 'Dan Second', email: 'dan@customer.example', routingOrder: 2 },
    ],
    subject: 'Please sign: Contract.pdf',
    message: 'Hello,\r\nplease sign.',
    status: 'created',
    transactionId: TX,
    customFields: { hostUser: 'jane@host.example', profile: 'acme-eu' },
    ...overrides,
  };
}

describe('buildEnvelopeDefinition', () => {
  it('produces DocuSign JSON with string numbers, fileExtension, recipients and custom fields', () => {
    const def = buildEnvelopeDefinition(input());
    expect(def).toEqual({
      emailSubject: 'Please sign: Contract.pdf',
      emailBlurb: 'Hello,\nplease sign.',
      status: 'created',
      transactionId: TX,
      documents: [{ documentId: '1', name: 'Contract.pdf', fileExtension: 'pdf', documentBase64: Buffer.from('%PDF-1.4 hello').toString('base64') }],
      recipients: {
        signers: [
          { email: 'bob@customer.example', name: 'Bob Buyer', recipientId: '1', routingOrder: '1' },
          { email: 'dan@customer.example', name: 'Dan Second', recipientId: '3', routingOrder: '2' },
        ],
        carbonCopies: [{ email: 'carol@customer.example', name: 'Carol Copy', recipientId: '2', routingOrder: '2' }],
      },
      customFields: {
        textCustomFields: [
          { name: 'swdHostUser', value: 'jane@host.example', show: 'false', required: 'false' },
          { name: 'swdProfile', value: 'acme-eu', show: 'false', required: 'false' },
        ],
      },
    });
  });

  it('sets fileExtension from the declared type or the name, lower case', () => {
    expect(buildEnvelopeDefinition(input({ name: 'Offer.DOCX' })).documents[0]!.fileExtension).toBe('docx');
    expect(buildEnvelopeDefinition(input({ name: 'Budget', fileType: '.XLSX' })).documents[0]).toMatchObject({
      name: 'Budget',
      fileExtension: 'xlsx',
    });
    expect(buildEnvelopeDefinition(input({ name: 'scan', fileType: 'image/jpeg' })).documents[0]!.fileExtension).toBe('jpg');
  });

  it('accepts documentBase64 as is and omits empty optional parts', () => {
    const def = buildEnvelopeDefinition({
      documentBase64: 'JVBERi0=',
      name: 'a.pdf',
      recipients: [{ name: 'A', email: 'a@example.com' }],
      subject: 'S',
      status: 'sent',
      transactionId: TX,
    });
    expect(def).toEqual({
      emailSubject: 'S',
      status: 'sent',
      transactionId: TX,
      documents: [{ documentId: '1', name: 'a.pdf', fileExtension: 'pdf', documentBase64: 'JVBERi0=' }],
      recipients: { signers: [{ email: 'a@example.com', name: 'A', recipientId: '1', routingOrder: '1' }] },
    });
  });

  it('truncates custom field values to 100 characters and drops empty ones', () => {
    const def = buildEnvelopeDefinition(input({ customFields: { hostUser: 'u'.repeat(150), profile: '  ', extra: { swdHost: 'crm.example' } } }));
    const fields = def.customFields!.textCustomFields;
    expect(fields.map((f) => f.name)).toEqual(['swdHostUser', 'swdHost']);
    expect(fields[0]!.value).toHaveLength(100);
    expect(fields[0]!.value.endsWith('\u2026')).toBe(true);
  });

  it('keeps odd names as data: control characters become spaces, quotes and markup stay', () => {
    const def = buildEnvelopeDefinition(
      input({ name: 'Q3 "Deal"\n<b>.pdf', recipients: [{ name: 'Zoë\tO\'Brien <x>', email: 'zoe@example.com' }] }),
    );
    expect(def.documents[0]!.name).toBe('Q3 "Deal" <b>.pdf');
    expect(def.recipients.signers[0]!.name).toBe("Zoë O'Brien <x>");
  });

  it('throws without a document', () => {
    const { documentBytes: _b, ...rest } = input();
    expect(() => buildEnvelopeDefinition(rest)).toThrow(/documentBase64 or documentBytes/);
  });
});

describe('envelopeRequestBytes equals the real JSON body length', () => {
  // Deterministic pseudo-random inputs (xorshift), including non-ASCII text.
  let seed = 12345;
  const rnd = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const alphabet = ['a', 'Z', ' ', '"', '\\', '<', 'é', '山', '👩‍💼', '\u2028', '\n', '\t', "'", '&', '€'];
  const text = (max: number) => Array.from({ length: Math.floor(rnd() * max) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');

  it.each(Array.from({ length: 40 }, (_, i) => i))('random input #%i', () => {
    const size = Math.floor(rnd() * 3000);
    const bytes = new Uint8Array(size).map(() => Math.floor(rnd() * 256));
    const i = input({
      documentBytes: bytes,
      name: `x${text(30).replace(/[\\/]/g, '')}.pdf`,
      subject: text(100),
      message: rnd() < 0.3 ? undefined : text(300),
      status: rnd() < 0.5 ? 'sent' : 'created',
      recipients: Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => ({
        name: text(40) || 'x',
        email: `${text(5).replace(/\W/g, '')}x@example.com`,
        role: rnd() < 0.3 ? ('cc' as const) : ('signer' as const),
      })),
      customFields: rnd() < 0.5 ? undefined : { hostUser: text(120), profile: text(10) },
    });
    const real = new TextEncoder().encode(JSON.stringify(buildEnvelopeDefinition(i))).length;
    const { documentBytes: _d, ...shape } = i;
    expect(envelopeRequestBytes(shape, size)).toBe(real);
  });
});

describe('templates', () => {
  const vars = { documentName: 'Contract.pdf', hostUserName: 'Jane Doe', recipientName: 'Bob' };

  it('fills the known placeholders', () => {
    expect(fillTemplate('Please sign {documentName} from {hostUserName} for {recipientName}', vars)).toBe(
      'Please sign Contract.pdf from Jane Doe for Bob',
    );
    expect(fillTemplate('{ documentName }!', vars)).toBe('Contract.pdf!');
  });

  it('leaves unknown placeholders as written, empties known ones without a value, supports {{ }}', () => {
    expect(fillTemplate('Hi {recipientName}, {unknownThing} {{literal}} {', { documentName: 'x' })).toBe(
      'Hi , {unknownThing} {literal} {',
    );
  });

  it('does not expand placeholders inside values (single pass) and strips line breaks from values', () => {
    expect(fillTemplate('{documentName}', { documentName: '{hostUserName}\r\n.pdf', hostUserName: 'X' })).toBe('{hostUserName} .pdf');
  });

  it('does not treat inherited properties as variables', () => {
    expect(fillTemplate('{constructor} {toString}', {})).toBe('{constructor} {toString}');
  });

  it('fillSubject truncates at a character boundary with an ellipsis', () => {
    const long = `${'a'.repeat(97)}👩‍💼 tail`;
    const s = fillSubject('{documentName}', { documentName: long });
    expect(s.length).toBeLessThanOrEqual(100);
    expect(s).toBe(`${'a'.repeat(97)}\u2026`);
    expect(fillSubject('Sign: {documentName}', { documentName: 'é'.repeat(200) })).toHaveLength(100);
    expect(fillSubject('Short {documentName}', vars)).toBe('Short Contract.pdf');
  });

  it('fillMessage keeps line breaks', () => {
    expect(fillMessage('Hello {recipientName},\r\n\r\n{hostUserName}', vars)).toBe('Hello Bob,\n\nJane Doe');
  });

  it('truncateText never splits a surrogate pair', () => {
    expect(truncateText('ab😀😀😀', 5)).toBe('ab😀\u2026');
    expect(truncateText('ab😀😀😀', 4)).toBe('ab\u2026');
    expect(truncateText('short', 5)).toBe('short');
  });

  it('describeRecipients', () => {
    expect(describeRecipients([])).toBe('');
    expect(describeRecipients(['Ann'])).toBe('Ann');
    expect(describeRecipients(['Ann', 'Bob'])).toBe('Ann and Bob');
    expect(describeRecipients(['Ann', 'Bob', 'Cy'])).toBe('Ann, Bob and Cy');
    expect(describeRecipients(['Ann', 'Bob', 'Cy', 'Di'])).toBe('Ann, Bob and 2 others');
  });

  it('file type helpers', () => {
    expect(extensionOf('a.b.PDF')).toBe('pdf');
    expect(extensionOf('.bashrc')).toBe('');
    expect(extensionOf('noext')).toBe('');
    expect(extensionOf('dir.x/file')).toBe('');
    expect(resolveFileType('x.pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document; charset=binary')).toBe('docx');
  });
});
