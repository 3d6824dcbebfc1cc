/**
 * Pure checks of a send before anything is uploaded: file type, sizes (per document and the exact
 * request size), recipients, subject and message, plus `sniffDocument`, which looks at the fetched
 * bytes (a host session that expired returns a sign-in page or a JSON error instead of the file).
 *
 * Decisions:
 * - "32 MB" is read as 32 MiB (33,554,432 bytes): DocuSign's request limit 35,651,584 is exactly
 *   34 MiB, so its MB are binary. Sizes in messages are MiB shown as "MB" with one decimal, as
 *   DocuSign (and every file manager on Windows) writes them.
 * - The request limit is checked against the exact body of the request that will be made
 *   (planEnvelopeUpload, shared with the client): JSON + documentBase64 when that fits, else
 *   multipart/form-data with the raw bytes, i.e. the smaller of the two sizes. JSON alone tops out
 *   at roughly 25.5 MB of document; multipart reaches the 32 MB document limit. A multipart
 *   request can still exceed the limit when the envelope details (recipients, message, custom
 *   fields, document name) take more than the 2 MiB between 32 MiB and 34 MiB, which only very
 *   unusual inputs do: then `request_too_large` names the largest document that fits.
 * - Subject: a user-typed subject longer than 100 characters is rejected (DocuSign rejects it too,
 *   and silently cutting what somebody typed is surprising); generated subjects are truncated by
 *   fillSubject before they get here, so they always pass.
 * - Every problem found is reported (not only the first), each with the field it belongs to.
 */
import {
  MAX_DOCUMENT_BYTES,
  MAX_MESSAGE_CHARS,
  MAX_RECIPIENTS,
  MAX_RECIPIENT_EMAIL_CHARS,
  MAX_RECIPIENT_NAME_CHARS,
  MAX_REQUEST_BYTES,
  MAX_SUBJECT_CHARS,
  MIB,
  SUPPORTED_FILE_TYPES,
  isSupportedFileType,
} from '../docusign/limits';
import type { EnvelopeCreateStatus } from '../docusign/types';
import {
  normalizeRecipient,
  resolveFileType,
  singleLine,
  truncateText,
  type EnvelopeShapeInput,
} from './envelope';
import { multipartOverheadBytes, planEnvelopeUpload } from './multipart';

export type SendProblemCode =
  | 'missing_file_type'
  | 'unsupported_file_type'
  | 'empty_document'
  | 'document_too_large'
  | 'request_too_large'
  | 'no_recipients'
  | 'too_many_recipients'
  | 'recipient_name_required'
  | 'recipient_name_too_long'
  | 'recipient_email_required'
  | 'recipient_email_invalid'
  | 'recipient_email_too_long'
  | 'subject_required'
  | 'subject_too_long'
  | 'message_too_long'
  /** The host returned a sign-in page / JSON error instead of the document. */
  | 'host_session_expired'
  /** The bytes are not what the file type says (not a PDF, not an Office file, ...). */
  | 'content_mismatch';

export interface SendProblem {
  code: SendProblemCode;
  /** 'document', 'recipients', 'recipients[2].email', 'subject', 'message'. */
  field: string;
  /** A sentence for the end user. */
  message: string;
}

export type ValidationResult = { ok: true } | { ok: false; problems: SendProblem[] };

export interface SendValidationInput extends Omit<EnvelopeShapeInput, 'transactionId' | 'status'> {
  /** The document's size in bytes. */
  documentSize: number;
  /** When not known yet, a 36-character id (a UUID) is assumed for the size computation. */
  transactionId?: string;
  /** Default 'created' (the longer word; the size computation stays an upper bound). */
  status?: EnvelopeCreateStatus;
  /** Default true: at least one signer. */
  requireSigner?: boolean;
}

const UUID_PLACEHOLDER = '00000000-0000-0000-0000-000000000000';

/** "40.2 MB" (MiB, one decimal). */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MB`;
}

function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** Size over a limit, unambiguous even 1 byte over ("32.0 MB" alone would read as within 32 MB). */
function formatOver(bytes: number, limit: number): string {
  const mb = formatMegabytes(bytes);
  return Number((bytes / MIB).toFixed(1)) <= limit / MIB ? `${mb} (${formatBytes(bytes)})` : mb;
}

/** “name” for messages: one line, at most 60 characters. */
export function quoteName(name: string): string {
  const clean = singleLine(name) || 'The document';
  return `\u201c${truncateText(clean, 60)}\u201d`;
}

/**
 * A pragmatic address check (what DocuSign's own UI accepts in practice): one @, a local part
 * without spaces or quotes, a domain of dot-separated labels (letters incl. IDN, digits, hyphens
 * not at the ends) whose last label has at least two letters.
 */
export function isValidEmail(email: string): boolean {
  if (email.length > 254) return false;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at !== email.indexOf('@')) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64) return false;
  if (!/^[^\s@"(),:;<>[\]\\]+$/u.test(local)) return false;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (!/^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u.test(label)) return false;
  }
  const tld = labels[labels.length - 1]!;
  return /^(?:\p{L}{2,}|xn--[a-z0-9-]+)$/iu.test(tld);
}

export function validateSend(input: SendValidationInput): ValidationResult {
  const problems: SendProblem[] = [];
  const doc = quoteName(input.name);

  // Document: type and size.
  const fileType = resolveFileType(input.name, input.fileType);
  let typeOk = false;
  if (!fileType) {
    problems.push({
      code: 'missing_file_type',
      field: 'document',
      message: `${doc} has no file type, so DocuSign cannot convert it. Supported types: ${SUPPORTED_FILE_TYPES.join(', ')}.`,
    });
  } else if (!isSupportedFileType(fileType)) {
    problems.push({
      code: 'unsupported_file_type',
      field: 'document',
      message: `${doc} is a .${truncateText(fileType, 20)} file, which DocuSign does not accept. Supported types: ${SUPPORTED_FILE_TYPES.join(', ')}.`,
    });
  } else {
    typeOk = true;
  }

  const size = input.documentSize;
  let sizeOk = false;
  if (!Number.isFinite(size) || size <= 0) {
    problems.push({ code: 'empty_document', field: 'document', message: `${doc} is empty (0 bytes), so there is nothing to send.` });
  } else if (size > MAX_DOCUMENT_BYTES) {
    problems.push({
      code: 'document_too_large',
      field: 'document',
      message: `${doc} is ${formatOver(size, MAX_DOCUMENT_BYTES)}; DocuSign accepts documents up to ${MAX_DOCUMENT_BYTES / MIB} MB.`,
    });
  } else {
    sizeOk = true;
  }

  // Recipients.
  const requireSigner = input.requireSigner ?? true;
  const recipients = input.recipients.map(normalizeRecipient);
  if (recipients.length > MAX_RECIPIENTS) {
    problems.push({
      code: 'too_many_recipients',
      field: 'recipients',
      message: `This envelope has ${recipients.length} recipients; DocuSign allows at most ${MAX_RECIPIENTS}.`,
    });
  }
  if (requireSigner && !recipients.some((r) => r.role === 'signer')) {
    problems.push({
      code: 'no_recipients',
      field: 'recipients',
      message: recipients.length ? 'Add at least one recipient who signs.' : 'Add at least one recipient.',
    });
  }
  recipients.forEach((r, i) => {
    const who = `Recipient ${i + 1}`;
    if (!r.name) {
      problems.push({ code: 'recipient_name_required', field: `recipients[${i}].name`, message: `${who} needs a name.` });
    } else if (r.name.length > MAX_RECIPIENT_NAME_CHARS) {
      problems.push({
        code: 'recipient_name_too_long',
        field: `recipients[${i}].name`,
        message: `${who}\u2019s name is ${r.name.length} characters long; DocuSign allows at most ${MAX_RECIPIENT_NAME_CHARS}.`,
      });
    }
    if (!r.email) {
      problems.push({ code: 'recipient_email_required', field: `recipients[${i}].email`, message: `${who} needs an email address.` });
    } else if (r.email.length > MAX_RECIPIENT_EMAIL_CHARS) {
      problems.push({
        code: 'recipient_email_too_long',
        field: `recipients[${i}].email`,
        message: `${who}\u2019s email address is ${r.email.length} characters long; DocuSign allows at most ${MAX_RECIPIENT_EMAIL_CHARS}.`,
      });
    } else if (!isValidEmail(r.email)) {
      problems.push({
        code: 'recipient_email_invalid',
        field: `recipients[${i}].email`,
        message: `\u201c${truncateText(r.email, 60)}\u201d is not a valid email address (${who}).`,
      });
    }
  });

  // Subject and message.
  const subject = singleLine(input.subject ?? '');
  if (!subject) {
    problems.push({ code: 'subject_required', field: 'subject', message: 'Enter an email subject.' });
  } else if (subject.length > MAX_SUBJECT_CHARS) {
    problems.push({
      code: 'subject_too_long',
      field: 'subject',
      message: `The email subject is ${subject.length} characters long; DocuSign allows at most ${MAX_SUBJECT_CHARS}. Shorten it.`,
    });
  }
  if (input.message !== undefined && input.message.length > MAX_MESSAGE_CHARS) {
    problems.push({
      code: 'message_too_long',
      field: 'message',
      message: `The email message is ${input.message.length.toLocaleString('en-US')} characters long; DocuSign allows at most ${MAX_MESSAGE_CHARS.toLocaleString('en-US')}.`,
    });
  }

  // The whole request, exactly as it will be sent (only meaningful once the type and size are fine):
  // JSON when it fits, else multipart (the smaller of the two).
  if (typeOk && sizeOk) {
    const shape = {
      ...input,
      transactionId: input.transactionId ?? UUID_PLACEHOLDER,
      status: input.status ?? 'created',
    };
    const plan = planEnvelopeUpload(shape, size);
    if (!plan.fits) {
      const overhead = multipartOverheadBytes(shape);
      const largest = Math.max(0, Math.min(MAX_DOCUMENT_BYTES, MAX_REQUEST_BYTES - overhead));
      // Rounded down (the largest must fit); both exact when they would read the same.
      let sizeText = formatMegabytes(size);
      let largestText = `${(Math.floor((largest / MIB) * 10) / 10).toFixed(1)} MB`;
      if (sizeText === largestText) {
        sizeText += ` (${formatBytes(size)})`;
        largestText += ` (${formatBytes(largest)})`;
      }
      problems.push({
        code: 'request_too_large',
        field: 'document',
        message:
          `${doc} is ${sizeText}, too large to send to DocuSign in one request: together with the recipients, ` +
          `message and other envelope details the upload takes ${formatOver(plan.requestBytes, MAX_REQUEST_BYTES)}, and DocuSign ` +
          `accepts at most ${MAX_REQUEST_BYTES / MIB} MB per request. The largest document that fits is ${largestText}.`,
      });
    }
  }

  return problems.length ? { ok: false, problems } : { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Sniffing the fetched bytes.

const ZIP_TYPES = new Set(['docx', 'docm', 'dotx', 'dotm', 'pptx', 'pptm', 'potx', 'xlsx', 'xlsm', 'xps']);
const IMAGE_MAGIC: Record<string, number[][]> = {
  png: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  jpg: [[0xff, 0xd8, 0xff]],
  jpeg: [[0xff, 0xd8, 0xff]],
  gif: [[0x47, 0x49, 0x46, 0x38]],
  tif: [[0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a], [0x49, 0x49, 0x2b, 0x00], [0x4d, 0x4d, 0x00, 0x2b]],
  tiff: [[0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a], [0x49, 0x49, 0x2b, 0x00], [0x4d, 0x4d, 0x00, 0x2b]],
  bmp: [[0x42, 0x4d]],
};
const TYPE_LABEL: Record<string, string> = {
  pdf: 'PDF document',
  docx: 'Word document',
  docm: 'Word document',
  dotx: 'Word template',
  dotm: 'Word template',
  pptx: 'PowerPoint presentation',
  pptm: 'PowerPoint presentation',
  potx: 'PowerPoint template',
  xlsx: 'Excel workbook',
  xlsm: 'Excel workbook',
  xps: 'XPS document',
  rtf: 'RTF document',
};

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

/** Latin-1 view of the first `max` bytes (enough for markers; never decodes the whole file). */
function head(bytes: Uint8Array, max: number): string {
  const view = bytes.subarray(0, Math.min(bytes.length, max));
  let s = '';
  for (let i = 0; i < view.length; i++) s += String.fromCharCode(view[i]!);
  return s;
}

/** The first non-whitespace text, without a UTF-8/UTF-16 BOM, lower case. */
function leadingText(bytes: Uint8Array, max = 1024): string {
  let text = head(bytes, max);
  if (text.startsWith('\u00ef\u00bb\u00bf')) text = text.slice(3);
  return text.replace(/^[\s\u0000]+/, '').toLowerCase();
}

/** undefined: this type has no reliable signature; true/false: the bytes match it. */
function magicMatches(bytes: Uint8Array, fileType: string): boolean | undefined {
  if (fileType === 'pdf') {
    // Readers accept the header anywhere in the first 1024 bytes.
    return head(bytes, 1024).includes('%PDF-');
  }
  if (ZIP_TYPES.has(fileType)) return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
  if (fileType === 'rtf') return leadingText(bytes, 16).startsWith('{\\rtf');
  const image = IMAGE_MAGIC[fileType];
  if (image) return image.some((m) => startsWith(bytes, m));
  return undefined;
}

function looksLikeHtml(bytes: Uint8Array): boolean {
  const text = leadingText(bytes);
  if (/^<!doctype\s+html|^<html[\s>]|^<head[\s>]|^<body[\s>]|^<meta[\s>]|^<title[\s>]/.test(text)) return true;
  if (text.startsWith('<?xml') || text.startsWith('<!--')) return /<html[\s>]/.test(text);
  return false;
}

function looksLikeLoginPage(bytes: Uint8Array): boolean {
  const text = head(bytes, 64 * 1024).toLowerCase();
  return /<input[^>]+type\s*=\s*["']?password/.test(text);
}

function looksLikeJson(bytes: Uint8Array): boolean {
  const text = leadingText(bytes, 2);
  if (!text.startsWith('{') && !text.startsWith('[')) return false;
  if (bytes.length > 256 * 1024) return false; // an error body is small
  try {
    JSON.parse(new TextDecoder().decode(bytes));
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks that fetched bytes are the document and not something the host sent instead.
 * - empty → empty_document;
 * - for types with a signature (pdf, Office Open XML, xps, rtf, png/jpeg/gif/tiff/bmp) a match is
 *   accepted whatever the Content-Type says;
 * - an HTML page (or, for .htm/.html documents, a page with a password field) or a JSON body where
 *   a document was expected → host_session_expired;
 * - otherwise a signature mismatch → content_mismatch.
 */
export function sniffDocument(
  bytes: Uint8Array,
  declaredType: string,
  contentType?: string | null,
  name?: string,
): ValidationResult {
  const fileType = resolveFileType(name ?? '', declaredType);
  const doc = quoteName(name || (fileType ? `the .${fileType} file` : 'the document'));
  const ct = (contentType ?? '').toLowerCase();
  const fail = (code: SendProblemCode, message: string): ValidationResult => ({
    ok: false,
    problems: [{ code, field: 'document', message }],
  });
  const sessionExpired = (what: string) =>
    fail(
      'host_session_expired',
      `The app returned ${what} instead of ${doc}. Your session in the app has probably expired: reload the page, sign in again and retry.`,
    );

  if (bytes.length === 0) return fail('empty_document', `${doc} is empty (0 bytes), so there is nothing to send.`);

  const magic = magicMatches(bytes, fileType);
  if (magic === true) return { ok: true };

  const isHtmlType = fileType === 'htm' || fileType === 'html';
  const isTextType = fileType === 'txt' || fileType === 'csv';
  const htmlBytes = looksLikeHtml(bytes);
  const htmlHeader = ct.includes('text/html') || ct.includes('application/xhtml');
  if (isHtmlType) {
    if (looksLikeLoginPage(bytes)) return sessionExpired('a sign-in page');
  } else if (htmlBytes && (magic === false || !isTextType || htmlHeader)) {
    return sessionExpired(looksLikeLoginPage(bytes) ? 'a sign-in page' : 'a web page');
  } else if (magic === false && htmlHeader) {
    return sessionExpired('a web page');
  }

  const jsonHeader = ct.includes('json');
  if (!isHtmlType && (isTextType ? jsonHeader && looksLikeJson(bytes) : jsonHeader || looksLikeJson(bytes))) {
    return sessionExpired('an error message');
  }

  if (magic === false) {
    const label = TYPE_LABEL[fileType] ?? `.${fileType} file`;
    return fail('content_mismatch', `${doc} is not a valid ${label}: the file is damaged or is a different kind of file.`);
  }
  return { ok: true };
}
