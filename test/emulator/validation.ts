// envelopeDefinition validation, the way DocuSign rejects bad requests: HTTP 400 errorDetails
// { errorCode, message }. Accepts application/json and multipart/form-data (JSON part first, then
// one binary part per document whose Content-Disposition carries `documentid=N`).
import { boundaryOf, parseMultipart } from './multipart.ts';

/** 32 MB per document via the API. */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;
/** One HTTP request at most 35,651,584 bytes (34 MB). */
export const MAX_REQUEST_BYTES = 35_651_584;
export const MAX_RECIPIENTS = 100;
export const MAX_EMAIL_SUBJECT = 100;
export const MAX_EMAIL_BLURB = 10_000;
export const MAX_NAME = 100;
export const MAX_EMAIL = 100;

/** FACTS: supported files (converted to PDF). */
export const SUPPORTED_FILE_EXTENSIONS: readonly string[] = [
  'pdf', 'doc', 'docx', 'docm', 'dot', 'dotx', 'dotm', 'rtf', 'txt', 'htm', 'html', 'msg', 'wpd', 'xps',
  'bmp', 'gif', 'jpg', 'jpeg', 'png', 'tif', 'tiff', 'ppt', 'pptx', 'pptm', 'pps', 'pot', 'potx', 'csv',
  'xls', 'xlsx', 'xlsm',
];

export interface ValidDocument {
  documentId: string;
  name: string;
  fileExtension: string;
  bytes: Buffer;
}

export interface ValidRecipient {
  recipientId: string;
  email: string;
  name: string;
  routingOrder: string;
}

export interface ValidEnvelope {
  status: 'created' | 'sent';
  emailSubject: string;
  emailBlurb: string;
  transactionId: string | null;
  documents: ValidDocument[];
  signers: ValidRecipient[];
  carbonCopies: ValidRecipient[];
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errorCode: string; message: string };

class Invalid extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(errorCode: string, message: string): never {
  throw new Invalid(errorCode, message);
}

const BAD_BODY = 'The request body is missing or improperly formatted.';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** DocuSign types many fields as strings but accepts JSON numbers/booleans for them. */
function optString(obj: Obj, field: string, path: string): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fail('INVALID_REQUEST_BODY', `${BAD_BODY} '${path}' must be a string.`);
}

function optArray(obj: Obj, field: string, path: string): unknown[] {
  const v = obj[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return fail('INVALID_REQUEST_BODY', `${BAD_BODY} '${path}' must be an array.`);
  return v;
}

const POSITIVE_INT = /^[1-9]\d{0,9}$/;
const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (as .NET's Convert.FromBase64String: whitespace ignored, padding required). */
export function decodeBase64(value: string): Buffer | null {
  const clean = /\s/.test(value) ? value.replace(/\s+/g, '') : value;
  if (clean.length % 4 !== 0 || !BASE64.test(clean)) return null;
  return Buffer.from(clean, 'base64');
}

function base64DecodedLength(value: string): number {
  const clean = /\s/.test(value) ? value.replace(/\s+/g, '') : value;
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor(clean.length / 4) * 3 - padding;
}

function validateDocument(raw: unknown, index: number, parts: Map<string, Buffer>, seenIds: Set<string>): ValidDocument {
  const path = `documents[${index}]`;
  if (!isObject(raw)) return fail('INVALID_REQUEST_BODY', `${BAD_BODY} '${path}' must be an object.`);
  const documentId = optString(raw, 'documentId', `${path}.documentId`)?.trim();
  if (!documentId || !POSITIVE_INT.test(documentId)) {
    fail('INVALID_DOCUMENT_ID', `The documentId of ${path} is missing or invalid: it must be a positive integer such as "1".`);
  }
  if (seenIds.has(documentId)) fail('INVALID_DOCUMENT_ID', `The documentId "${documentId}" is used by more than one document.`);
  seenIds.add(documentId);
  const name = optString(raw, 'name', `${path}.name`)?.trim();
  if (!name) fail('DOCUMENT_NAME_REQUIRED', `The document with documentId "${documentId}" has no name.`);
  const extRaw = optString(raw, 'fileExtension', `${path}.fileExtension`)?.trim().toLowerCase().replace(/^\./, '');
  const fileExtension = extRaw || 'pdf';
  if (!SUPPORTED_FILE_EXTENSIONS.includes(fileExtension)) {
    fail('UNSUPPORTED_FILE_TYPE', `The file type "${fileExtension}" of document "${documentId}" is not supported.`);
  }
  let bytes: Buffer | undefined;
  const b64 = raw.documentBase64;
  if (b64 !== undefined && b64 !== null) {
    if (typeof b64 !== 'string') fail('INVALID_REQUEST_BODY', `${BAD_BODY} '${path}.documentBase64' must be a string.`);
    if (base64DecodedLength(b64) > MAX_DOCUMENT_BYTES) {
      fail('MAX_DOCUMENT_SIZE_EXCEEDED', `Document "${documentId}" exceeds the maximum document size of ${MAX_DOCUMENT_BYTES} bytes (32 MB).`);
    }
    const decoded = decodeBase64(b64);
    if (!decoded) {
      fail('NO_DOCUMENT_RECEIVED', `The document element did not contain the encoded document, or there is a problem with the encoding (documentBase64 of document "${documentId}" is not valid base64).`);
    }
    bytes = decoded;
  } else {
    bytes = parts.get(documentId);
  }
  if (!bytes) {
    fail('NO_DOCUMENT_RECEIVED', `The document element did not contain the encoded document (document "${documentId}" has neither documentBase64 nor a multipart part with documentid=${documentId}).`);
  }
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    fail('MAX_DOCUMENT_SIZE_EXCEEDED', `Document "${documentId}" is ${bytes.length} bytes; the maximum document size is ${MAX_DOCUMENT_BYTES} bytes (32 MB).`);
  }
  if (fileExtension === 'pdf') {
    if (bytes.length === 0 || !bytes.subarray(0, 1024).includes('%PDF-')) {
      fail('PDF_VALIDATION_FAILED', `Document "${documentId}" is not a valid PDF. Non-PDF documents need their fileExtension.`);
    }
  } else if (bytes.length === 0) {
    fail('FORMAT_CONVERSION_ERROR', `Document "${documentId}" is empty and cannot be converted to PDF.`);
  }
  return { documentId, name, fileExtension, bytes };
}

function validateRecipient(raw: unknown, path: string, seenIds: Set<string>): ValidRecipient {
  if (!isObject(raw)) return fail('INVALID_REQUEST_BODY', `${BAD_BODY} '${path}' must be an object.`);
  const recipientId = optString(raw, 'recipientId', `${path}.recipientId`)?.trim();
  if (!recipientId || !POSITIVE_INT.test(recipientId)) {
    fail('INVALID_RECIPIENT_ID', `The recipientId of ${path} is missing or invalid: it must be a positive integer such as "1".`);
  }
  if (seenIds.has(recipientId)) fail('INVALID_RECIPIENT_ID', `The recipientId "${recipientId}" is used by more than one recipient.`);
  seenIds.add(recipientId);
  const name = optString(raw, 'name', `${path}.name`)?.trim() ?? '';
  if (!name || name.length > MAX_NAME) {
    fail('INVALID_USERNAME_FOR_RECIPIENT', `The user name for the recipient is invalid (required, at most ${MAX_NAME} characters). The recipient Id follows. ${recipientId}`);
  }
  const email = optString(raw, 'email', `${path}.email`)?.trim() ?? '';
  if (!email || email.length > MAX_EMAIL || !EMAIL.test(email)) {
    fail('INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', `The email address for the recipient is invalid (at most ${MAX_EMAIL} characters). The recipient Id follows. ${recipientId}`);
  }
  const routingOrder = optString(raw, 'routingOrder', `${path}.routingOrder`)?.trim() || '1';
  if (!/^\d{1,4}$/.test(routingOrder) || Number(routingOrder) < 1 || Number(routingOrder) > 999) {
    fail('INVALID_ROUTING_ORDER', `The routingOrder "${routingOrder}" of recipient "${recipientId}" is invalid: it must be an integer from 1 to 999.`);
  }
  return { recipientId, email, name, routingOrder: String(Number(routingOrder)) };
}

export function validateEnvelopeDefinition(def: unknown, parts: Map<string, Buffer> = new Map()): ValidationResult<ValidEnvelope> {
  try {
    if (!isObject(def)) fail('INVALID_REQUEST_BODY', `${BAD_BODY} The envelope definition must be a JSON object.`);
    if (optString(def, 'templateId', 'templateId')) {
      fail('TEMPLATE_ID_INVALID', 'Invalid template ID. (The emulator has no templates.)');
    }
    if (optArray(def, 'compositeTemplates', 'compositeTemplates').length > 0) {
      fail('INVALID_REQUEST_PARAMETER', 'compositeTemplates are not supported by the emulator.');
    }
    const statusRaw = optString(def, 'status', 'status')?.trim().toLowerCase() || 'created';
    if (statusRaw !== 'created' && statusRaw !== 'sent') {
      fail('ENVELOPE_INVALID_STATUS', `Invalid envelope status "${statusRaw}". An envelope is created with status "created" (draft) or "sent".`);
    }
    const status: 'created' | 'sent' = statusRaw;
    const emailSubject = optString(def, 'emailSubject', 'emailSubject') ?? '';
    if (emailSubject.length > MAX_EMAIL_SUBJECT) {
      fail('EMAIL_SUBJECT_TOO_LONG', `The email subject is ${emailSubject.length} characters long; the maximum is ${MAX_EMAIL_SUBJECT}.`);
    }
    const emailBlurb = optString(def, 'emailBlurb', 'emailBlurb') ?? '';
    if (emailBlurb.length > MAX_EMAIL_BLURB) {
      fail('EMAIL_BLURB_TOO_LONG', `The email message is ${emailBlurb.length} characters long; the maximum is ${MAX_EMAIL_BLURB}.`);
    }
    const transactionId = optString(def, 'transactionId', 'transactionId')?.trim() || null;

    const documentIds = new Set<string>();
    const documents = optArray(def, 'documents', 'documents').map((d, i) => validateDocument(d, i, parts, documentIds));

    const recipientsRaw = def.recipients ?? {};
    if (!isObject(recipientsRaw)) fail('INVALID_REQUEST_BODY', `${BAD_BODY} 'recipients' must be an object.`);
    let total = 0;
    for (const [field, value] of Object.entries(recipientsRaw)) {
      if (Array.isArray(value)) total += value.length;
      else if (value !== null && value !== undefined && (field === 'signers' || field === 'carbonCopies')) {
        fail('INVALID_REQUEST_BODY', `${BAD_BODY} 'recipients.${field}' must be an array.`);
      }
    }
    if (total > MAX_RECIPIENTS) {
      fail('MAX_RECIPIENTS_EXCEEDED', `The envelope has ${total} recipients; at most ${MAX_RECIPIENTS} are allowed.`);
    }
    const recipientIds = new Set<string>();
    const signers = optArray(recipientsRaw, 'signers', 'recipients.signers').map((r, i) =>
      validateRecipient(r, `recipients.signers[${i}]`, recipientIds),
    );
    const carbonCopies = optArray(recipientsRaw, 'carbonCopies', 'recipients.carbonCopies').map((r, i) =>
      validateRecipient(r, `recipients.carbonCopies[${i}]`, recipientIds),
    );

    if (status === 'sent') {
      const incomplete = 'The Envelope is not Complete. A Complete Envelope Requires Documents, Recipients, Tabs, and a Subject Line.';
      if (!emailSubject.trim()) fail('ENVELOPE_IS_INCOMPLETE', `${incomplete} The emailSubject is missing.`);
      if (documents.length === 0) fail('ENVELOPE_IS_INCOMPLETE', `${incomplete} The envelope has no documents.`);
      if (signers.length === 0) fail('ENVELOPE_IS_INCOMPLETE', `${incomplete} The envelope has no signer.`);
    }
    return { ok: true, value: { status, emailSubject, emailBlurb, transactionId, documents, signers, carbonCopies } };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, errorCode: err.errorCode, message: err.message };
    throw err;
  }
}

/** Parses the create-envelope request body (JSON or multipart) and validates the definition. */
export function parseEnvelopeRequest(
  contentType: string | undefined,
  body: Buffer,
  json: () => { ok: true; value: unknown } | { ok: false; error: string } = () => {
    try {
      return { ok: true, value: JSON.parse(body.toString('utf8')) };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  },
): ValidationResult<ValidEnvelope> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    const parsed = json();
    if (!parsed.ok) return { ok: false, errorCode: 'INVALID_REQUEST_BODY', message: `${BAD_BODY} ${parsed.error}` };
    return validateEnvelopeDefinition(parsed.value);
  }
  if (type === 'multipart/form-data' || type === 'multipart/mixed') {
    const boundary = boundaryOf(contentType);
    const parts = boundary ? parseMultipart(body, boundary) : null;
    const invalid = (why: string): ValidationResult<ValidEnvelope> => ({
      ok: false,
      errorCode: 'INVALID_MULTI_PART_REQUEST',
      message: `An error was found while parsing the multipart request. ${why}`,
    });
    if (!parts || parts.length === 0) return invalid('The body is not valid multipart content.');
    const [first, ...rest] = parts;
    if (!first || first.contentType !== 'application/json') return invalid('The first part must be the application/json envelope definition.');
    let def: unknown;
    try {
      def = JSON.parse(first.body.toString('utf8'));
    } catch (err) {
      return { ok: false, errorCode: 'INVALID_REQUEST_BODY', message: `${BAD_BODY} ${(err as Error).message}` };
    }
    const docs = new Map<string, Buffer>();
    for (const part of rest) {
      const id = part.disposition.documentid;
      if (!id) return invalid('Every document part needs documentid=N in its Content-Disposition.');
      docs.set(id.trim(), part.body);
    }
    return validateEnvelopeDefinition(def, docs);
  }
  return {
    ok: false,
    errorCode: 'INVALID_CONTENT_TYPE',
    message: `Content Type specified is not supported: "${type || '(none)'}". Use application/json or multipart/form-data.`,
  };
}

/** An absolute http(s) URL (sender view returnUrl). */
export function isAbsoluteHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}
