/**
 * Pure building of the DocuSign envelope JSON for one host document, and the subject/message
 * templates. The same builder is used to compute the exact request size during validation
 * (`envelopeRequestBytes`), so the size check and the real upload can never disagree.
 */
import { MAX_CUSTOM_FIELD_VALUE_CHARS, MAX_SUBJECT_CHARS } from '../docusign/limits';
import type {
  EnvelopeCreateStatus,
  EnvelopeDefinition,
  RecipientDefinition,
  TextCustomField,
} from '../docusign/types';
import { base64Length, bytesToBase64 } from './base64';

export type RecipientRole = 'signer' | 'cc';

export interface RecipientInput {
  name: string;
  email: string;
  /** Default 'signer'. */
  role?: RecipientRole;
  /** Default 1 (everybody at once). */
  routingOrder?: number;
}

/** Envelope custom fields identifying where the envelope came from (for usage reports). */
export interface EnvelopeCustomFieldsInput {
  /** The host app user (e.g. their id or email) → text custom field `swdHostUser`. */
  hostUser?: string;
  /** The integration profile id → `swdProfile`. */
  profile?: string;
  /** More hidden text custom fields (name → value). */
  extra?: Record<string, string>;
}

export const CUSTOM_FIELD_HOST_USER = 'swdHostUser';
export const CUSTOM_FIELD_PROFILE = 'swdProfile';

export interface EnvelopeInput {
  /** Exactly one of documentBase64 / documentBytes. */
  documentBase64?: string;
  documentBytes?: Uint8Array;
  /** The document's display name (usually with its extension). */
  name: string;
  /** 'pdf', '.DOCX', or a MIME type; default: the extension of `name`. */
  fileType?: string;
  recipients: readonly RecipientInput[];
  subject: string;
  message?: string;
  status: EnvelopeCreateStatus;
  /** = the send job id; lets recovery find the envelope after a lost response. */
  transactionId: string;
  customFields?: EnvelopeCustomFieldsInput;
}

/** Everything but the document bytes: what validation knows before the upload. */
export type EnvelopeShapeInput = Omit<EnvelopeInput, 'documentBase64' | 'documentBytes'>;

const MIME_TO_TYPE: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-word.document.macroenabled.12': 'docm',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template': 'dotx',
  'application/rtf': 'rtf',
  'text/rtf': 'rtf',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'application/vnd.ms-outlook': 'msg',
  'application/vnd.ms-xpsdocument': 'xps',
  'application/oxps': 'xps',
  'image/bmp': 'bmp',
  'image/gif': 'gif',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/tiff': 'tif',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.ms-powerpoint.presentation.macroenabled.12': 'pptm',
  'application/vnd.openxmlformats-officedocument.presentationml.slideshow': 'pps',
  'application/vnd.openxmlformats-officedocument.presentationml.template': 'potx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-excel.sheet.macroenabled.12': 'xlsm',
};

/** The extension of a file name (lower case, no dot), or '' when it has none. */
export function extensionOf(name: string): string {
  const base = name.trim().split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return '';
  return base.slice(dot + 1).toLowerCase();
}

/**
 * The document's file type (lower case, no dot): the declared type when given (an extension, with
 * or without dot, or a MIME type), else the extension of the name. '' when neither says.
 */
export function resolveFileType(name: string, declaredType?: string): string {
  const declared = (declaredType ?? '').trim().toLowerCase();
  if (declared) {
    if (declared.includes('/')) {
      const mime = declared.split(';')[0]!.trim();
      const mapped = MIME_TO_TYPE[mime];
      if (mapped) return mapped;
      // An unknown or generic MIME type (application/octet-stream): fall back to the name.
      return extensionOf(name);
    }
    return declared.replace(/^\.+/, '');
  }
  return extensionOf(name);
}

// C0/C1 controls, DEL, line/paragraph separators, BOM: never wanted in names, subjects or emails.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;

/** One-line text: controls become spaces, runs of whitespace collapse, ends trimmed. */
export function singleLine(text: string): string {
  return text.replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim();
}

/** Multi-line text (the email message): keeps \n, drops other controls, normalises line ends. */
function multiLine(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufeff]/g, '')
    .trim();
}

export interface NormalizedRecipient {
  name: string;
  email: string;
  role: RecipientRole;
  routingOrder: number;
}

export function normalizeRecipient(r: RecipientInput): NormalizedRecipient {
  const order = r.routingOrder;
  return {
    name: singleLine(r.name ?? ''),
    email: (r.email ?? '').replace(CONTROL_CHARS, '').trim(),
    role: r.role === 'cc' ? 'cc' : 'signer',
    routingOrder: typeof order === 'number' && Number.isInteger(order) && order >= 1 ? order : 1,
  };
}

let segmenter: Intl.Segmenter | null | undefined;
function graphemes(text: string): string[] {
  if (segmenter === undefined) {
    segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  }
  if (segmenter) return Array.from(segmenter.segment(text), (s) => s.segment);
  return Array.from(text); // code points: never splits a surrogate pair
}

/**
 * Shortens text to at most `max` UTF-16 code units (what DocuSign counts), cutting at a grapheme
 * boundary (no split emoji, accent or surrogate pair) and ending with `ellipsis`.
 */
export function truncateText(text: string, max: number, ellipsis = '\u2026'): string {
  if (text.length <= max) return text;
  const budget = max - ellipsis.length;
  if (budget <= 0) return ellipsis.slice(0, Math.max(0, max));
  let out = '';
  for (const g of graphemes(text)) {
    if (out.length + g.length > budget) break;
    out += g;
  }
  return out.replace(/\s+$/, '') + ellipsis;
}

/** Placeholders the extension fills in subject/message templates. */
export const TEMPLATE_PLACEHOLDERS = ['documentName', 'hostUserName', 'recipientName'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateVars = Partial<Record<TemplatePlaceholder, string>> & Record<string, string | undefined>;

export const DEFAULT_SUBJECT_TEMPLATE = 'Please sign: {documentName}';
export const DEFAULT_MESSAGE_TEMPLATE = '{hostUserName} sent you \u201c{documentName}\u201d to sign.';

/**
 * Fills `{name}` placeholders in one pass: inserted values are never expanded again (a document
 * named "{hostUserName}.pdf" stays as it is). `{{` and `}}` give literal braces. A placeholder with
 * a value in `vars` is replaced by it (controls removed, made single-line); a known placeholder
 * without a value becomes ''; an unknown placeholder is left as written, so an administrator sees
 * the typo instead of a silently missing word.
 */
export function fillTemplate(template: string, vars: TemplateVars): string {
  return template.replace(/\{\{|\}\}|\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}/g, (match, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (name === undefined) return match;
    if (Object.prototype.hasOwnProperty.call(vars, name)) return singleLine(vars[name] ?? '');
    if ((TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) return '';
    return match;
  });
}

/** A generated subject: filled, single-line, truncated to DocuSign's 100 characters with "…". */
export function fillSubject(template: string, vars: TemplateVars, max = MAX_SUBJECT_CHARS): string {
  return truncateText(singleLine(fillTemplate(template, vars)), max);
}

/** A generated message: filled, line breaks kept. */
export function fillMessage(template: string, vars: TemplateVars): string {
  return multiLine(fillTemplate(template, vars));
}

/** "Ann", "Ann and Bob", "Ann, Bob and 2 others": for {recipientName}. */
export function describeRecipients(names: readonly string[]): string {
  const list = names.map(singleLine).filter(Boolean);
  if (list.length <= 1) return list[0] ?? '';
  if (list.length === 2) return `${list[0]} and ${list[1]}`;
  if (list.length === 3) return `${list[0]}, ${list[1]} and ${list[2]}`;
  return `${list[0]}, ${list[1]} and ${list.length - 2} others`;
}

function customFieldsOf(input: EnvelopeCustomFieldsInput | undefined): TextCustomField[] {
  if (!input) return [];
  const entries: Array<[string, string | undefined]> = [
    [CUSTOM_FIELD_HOST_USER, input.hostUser],
    [CUSTOM_FIELD_PROFILE, input.profile],
    ...Object.entries(input.extra ?? {}),
  ];
  const fields: TextCustomField[] = [];
  const seen = new Set<string>();
  for (const [name, raw] of entries) {
    const value = singleLine(raw ?? '');
    const fieldName = singleLine(name);
    if (!value || !fieldName || seen.has(fieldName)) continue;
    seen.add(fieldName);
    fields.push({ name: fieldName, value: truncateText(value, MAX_CUSTOM_FIELD_VALUE_CHARS), show: 'false', required: 'false' });
  }
  return fields;
}

/** The document name as sent: single line, and never empty. */
export function documentDisplayName(name: string, fileType: string): string {
  const clean = singleLine(name);
  return clean || `Document${fileType ? `.${fileType}` : ''}`;
}

/**
 * The envelopeDefinition DocuSign receives. Key order is fixed (it matters only for the exact
 * request-size computation, which uses this same function).
 */
export function buildEnvelopeDefinition(input: EnvelopeInput): EnvelopeDefinition {
  let documentBase64: string;
  if (input.documentBase64 !== undefined) documentBase64 = input.documentBase64;
  else if (input.documentBytes !== undefined) documentBase64 = bytesToBase64(input.documentBytes);
  else throw new Error('buildEnvelopeDefinition: documentBase64 or documentBytes is required');
  return shape(input, documentBase64);
}

function shape(input: EnvelopeShapeInput, documentBase64: string): EnvelopeDefinition {
  const fileExtension = resolveFileType(input.name, input.fileType);
  if (!fileExtension) throw new Error('buildEnvelopeDefinition: the document has no file type (validate first)');
  const signers: RecipientDefinition[] = [];
  const carbonCopies: RecipientDefinition[] = [];
  input.recipients.forEach((raw, index) => {
    const r = normalizeRecipient(raw);
    // recipientId must be unique across all recipient types: number them in input order.
    const def: RecipientDefinition = {
      email: r.email,
      name: r.name,
      recipientId: String(index + 1),
      routingOrder: String(r.routingOrder),
    };
    (r.role === 'cc' ? carbonCopies : signers).push(def);
  });
  const message = input.message === undefined ? '' : multiLine(input.message);
  const fields = customFieldsOf(input.customFields);
  const def: EnvelopeDefinition = {
    emailSubject: singleLine(input.subject),
    ...(message ? { emailBlurb: message } : {}),
    status: input.status,
    transactionId: input.transactionId,
    documents: [
      {
        documentId: '1',
        name: documentDisplayName(input.name, fileExtension),
        fileExtension,
        documentBase64,
      },
    ],
    recipients: {
      signers,
      ...(carbonCopies.length ? { carbonCopies } : {}),
    },
    ...(fields.length ? { customFields: { textCustomFields: fields } } : {}),
  };
  return def;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * The exact byte length of the JSON request body `buildEnvelopeDefinition` produces for a document
 * of `documentSize` bytes, without building the base64 text: the JSON with an empty documentBase64,
 * plus 4 · ceil(n / 3) base64 characters (ASCII, never escaped by JSON).
 */
export function envelopeRequestBytes(input: EnvelopeShapeInput, documentSize: number): number {
  return utf8Length(JSON.stringify(shape(input, ''))) + base64Length(documentSize);
}

/** Bytes of the request body that are not the document's base64 (for "largest that fits"). */
export function envelopeOverheadBytes(input: EnvelopeShapeInput): number {
  return utf8Length(JSON.stringify(shape(input, '')));
}
