/**
 * Pure building of DocuSign's multipart/form-data "create envelope" request, the transport for
 * documents too large for JSON + documentBase64 (base64 adds a third: with the 35,651,584-byte
 * request limit, JSON carries at most ~25.5 MB of document; multipart carries the raw bytes, so the
 * 32 MiB per-document limit is reachable).
 *
 * Body layout (CRLF line ends, every header ASCII):
 *
 *   --{boundary}
 *   Content-Disposition: form-data; name="envelopeDefinition"
 *   Content-Type: application/json
 *
 *   {envelope definition JSON, documents[] without documentBase64}
 *   --{boundary}
 *   Content-Disposition: file; filename="{ascii name}"[; filename*=UTF-8''{percent-encoded name}]; documentid={id}
 *   Content-Type: {document MIME type}
 *
 *   {raw document bytes}
 *   --{boundary}--
 *
 * Decisions:
 * - Which transport (`chooseEnvelopeTransport`): JSON whenever the JSON request fits the request
 *   limit, multipart only when it does not. Every document that could be sent before keeps the
 *   proven JSON path byte for byte; multipart only opens the range JSON cannot carry (~25.5 MB up to
 *   32 MiB). Validation (`validateSend`) and the client use this same function, so the size that is
 *   checked is the size of the request that is actually made.
 * - Filenames: the `filename` parameter is an ASCII fallback in which `"`, CR and LF are
 *   percent-encoded (%22, %0D, %0A, as browsers encode form-data filenames), and so are `\` (an
 *   escape character in quoted strings) and `;` (naive parsers split parameters on it): %5C, %3B.
 *   Other control characters and non-ASCII characters become `_`. Whenever that fallback differs
 *   from the real name, `filename*=UTF-8''…` (RFC 5987/6266) carries the exact name too.
 *   `documentid` comes last, so it is read correctly whatever a parser makes of the filename.
 *   (DocuSign takes the document's name from the JSON `documents[].name`; the filename is secondary.)
 * - Boundary: `swd-boundary-` + 27 random alphanumerics (~160 bits; always MULTIPART_BOUNDARY_LENGTH
 *   characters, so sizes can be computed without building). It is guaranteed not to occur in the
 *   JSON part, in any part header or in any document: the builder checks, and draws a new boundary
 *   (a given boundary that occurs is an error).
 * - The body is a Blob: the document bytes are copied exactly once (into the Blob); the JSON part
 *   is small. `fetch` streams a Blob with an exact Content-Length.
 */
import { MAX_REQUEST_BYTES } from '../docusign/limits';
import type { DocumentDefinition, EnvelopeDefinition } from '../docusign/types';
import { buildEnvelopeDefinition, envelopeRequestBytes, type EnvelopeInput, type EnvelopeShapeInput } from './envelope';

/** One document part of a multipart envelope request. */
export interface MultipartDocument {
  /** Must match a `documents[].documentId` of the definition. */
  documentId: string;
  /** The filename sent in the part's Content-Disposition (usually the document's name). */
  name: string;
  /** MIME type of the bytes; '' → application/octet-stream. */
  contentType: string;
  bytes: Uint8Array;
}

export interface MultipartEnvelope {
  body: Blob;
  /** `multipart/form-data; boundary=…`: the request's Content-Type header. */
  contentType: string;
  /** Exact size of `body` in bytes (= body.size). */
  byteLength: number;
  boundary: string;
}

/** The JSON envelope definition as sent in a multipart request: documents without documentBase64. */
export type MultipartEnvelopeDefinition = Omit<EnvelopeDefinition, 'documents'> & {
  documents: Array<Omit<DocumentDefinition, 'documentBase64'>>;
};

export type EnvelopeTransport = 'json' | 'multipart';

/** Length of every generated boundary (custom boundaries may differ: see multipartRequestBytes). */
export const MULTIPART_BOUNDARY_LENGTH = 40;
const BOUNDARY_PREFIX = 'swd-boundary-';
const BOUNDARY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** RFC 2046 bchars restricted to RFC 7230 token characters, so the header needs no quoting. */
const BOUNDARY_SYNTAX = /^[A-Za-z0-9'+_.-]{1,70}$/;
/** Name of the JSON part, as DocuSign's multipart examples name it. */
export const ENVELOPE_DEFINITION_PART_NAME = 'envelopeDefinition';

const CRLF = '\r\n';
const encoder = new TextEncoder();

/** A fresh random boundary of MULTIPART_BOUNDARY_LENGTH characters. */
export function randomBoundary(): string {
  const count = MULTIPART_BOUNDARY_LENGTH - BOUNDARY_PREFIX.length;
  const random = new Uint8Array(count);
  globalThis.crypto.getRandomValues(random);
  let out = BOUNDARY_PREFIX;
  // 62 symbols: the modulo bias (256 % 62) is irrelevant for a boundary.
  for (let i = 0; i < count; i++) out += BOUNDARY_ALPHABET[random[i]! % BOUNDARY_ALPHABET.length];
  return out;
}

const FILE_TYPE_TO_MIME: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  dot: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  docm: 'application/vnd.ms-word.document.macroenabled.12',
  dotx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.template',
  dotm: 'application/vnd.ms-word.template.macroenabled.12',
  rtf: 'application/rtf',
  txt: 'text/plain',
  htm: 'text/html',
  html: 'text/html',
  msg: 'application/vnd.ms-outlook',
  wpd: 'application/wordperfect',
  xps: 'application/vnd.ms-xpsdocument',
  bmp: 'image/bmp',
  gif: 'image/gif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  ppt: 'application/vnd.ms-powerpoint',
  pps: 'application/vnd.ms-powerpoint',
  pot: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  pptm: 'application/vnd.ms-powerpoint.presentation.macroenabled.12',
  potx: 'application/vnd.openxmlformats-officedocument.presentationml.template',
  csv: 'text/csv',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xlsm: 'application/vnd.ms-excel.sheet.macroenabled.12',
};

/** The MIME type for a file type (lower case, no dot); application/octet-stream when unknown. */
export function documentContentType(fileType: string): string {
  return FILE_TYPE_TO_MIME[fileType.trim().toLowerCase().replace(/^\.+/, '')] ?? 'application/octet-stream';
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\s*;\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+=(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+|"[^"\\\r\n]*"))*$/;

/** The ASCII `filename` fallback: see the module comment. */
function asciiFilename(name: string): string {
  let out = '';
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '%22';
    else if (ch === '\\') out += '%5C';
    else if (ch === ';') out += '%3B';
    else if (ch === '\r') out += '%0D';
    else if (ch === '\n') out += '%0A';
    else if (code < 0x20 || code >= 0x7f) out += '_';
    else out += ch;
  }
  return out;
}

/** RFC 5987 ext-value: UTF-8, every byte outside attr-char percent-encoded. */
function extValue(name: string): string {
  // encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ); attr-char does not allow ' ( ) *.
  // Lone surrogates cannot be UTF-8 encoded: replace them with U+FFFD (as TextEncoder does).
  const wellFormed = name.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return `UTF-8''${encodeURIComponent(wellFormed).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** The Content-Disposition value of a document part (exported for tests). */
export function fileContentDisposition(name: string, documentId: string): string {
  if (!TOKEN.test(documentId)) throw new RangeError(`multipart: documentId ${JSON.stringify(documentId)} is not a token`);
  const fallback = asciiFilename(name);
  const extended = fallback === name ? '' : `; filename*=${extValue(name)}`;
  return `file; filename="${fallback}"${extended}; documentid=${documentId}`;
}

function partContentType(contentType: string): string {
  const value = contentType.trim() || 'application/octet-stream';
  if (!MEDIA_TYPE.test(value)) throw new RangeError(`multipart: ${JSON.stringify(contentType)} is not a valid Content-Type`);
  return value;
}

interface PartMeta {
  documentId: string;
  name: string;
  contentType: string;
}

/** Strips documentBase64 from every document (key order of the rest kept). */
export function multipartDefinition(def: EnvelopeDefinition | MultipartEnvelopeDefinition): MultipartEnvelopeDefinition {
  return {
    ...def,
    documents: def.documents.map((d) => {
      const { documentBase64: _omit, ...rest } = d as DocumentDefinition;
      return rest;
    }),
  };
}

/**
 * The body as a sequence of byte segments; a number stands for the bytes of document #n. Both the
 * builder and the size computation use it, so they cannot disagree.
 */
function layout(json: Uint8Array, parts: readonly PartMeta[], boundary: string): { segments: Array<Uint8Array | number>; headerText: string } {
  const segments: Array<Uint8Array | number> = [];
  let headerText = '';
  const head = (disposition: string, contentType: string, first: boolean) => {
    const fields = `Content-Disposition: ${disposition}${CRLF}Content-Type: ${contentType}${CRLF}`;
    headerText += fields;
    segments.push(encoder.encode(`${first ? '' : CRLF}--${boundary}${CRLF}${fields}${CRLF}`));
  };
  head(`form-data; name="${ENVELOPE_DEFINITION_PART_NAME}"`, 'application/json', true);
  segments.push(json);
  parts.forEach((p, i) => {
    head(fileContentDisposition(p.name, p.documentId), partContentType(p.contentType), false);
    segments.push(i);
  });
  segments.push(encoder.encode(`${CRLF}--${boundary}--${CRLF}`));
  return { segments, headerText };
}

/** Index of `needle` in `hay` (-1 if absent). Keys on the needle's last byte (a random character). */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  const n = needle.length;
  if (n === 0) return 0;
  const lastByte = needle[n - 1]!;
  let i = hay.indexOf(lastByte, n - 1);
  while (i !== -1) {
    const start = i - n + 1;
    let j = 0;
    while (j < n - 1 && hay[start + j] === needle[j]) j++;
    if (j === n - 1) return start;
    i = hay.indexOf(lastByte, i + 1);
  }
  return -1;
}

function boundaryOccursIn(boundary: string, chunks: readonly Uint8Array[]): boolean {
  // Any occurrence of the boundary text (not only "--boundary") is refused: stricter than needed.
  const needle = encoder.encode(boundary);
  return chunks.some((c) => indexOfBytes(c, needle) !== -1);
}

function checkParts(def: MultipartEnvelopeDefinition, documents: readonly MultipartDocument[]): void {
  const ids = new Set<string>();
  for (const d of documents) {
    if (ids.has(d.documentId)) throw new Error(`buildMultipartEnvelope: two parts for documentId ${d.documentId}`);
    ids.add(d.documentId);
  }
  const defined = new Set(def.documents.map((d) => d.documentId));
  for (const id of defined) if (!ids.has(id)) throw new Error(`buildMultipartEnvelope: no bytes for documentId ${id}`);
  for (const id of ids) if (!defined.has(id)) throw new Error(`buildMultipartEnvelope: documentId ${id} is not in the definition`);
}

/**
 * The multipart/form-data request for an envelope definition and its documents' bytes. The
 * definition's documents may carry documentBase64 (it is dropped); every definition document needs
 * exactly one entry in `documents` and vice versa. `boundary` (1–70 token characters) is for tests;
 * by default a random one is drawn (see the module comment).
 */
export function buildMultipartEnvelope(
  def: EnvelopeDefinition | MultipartEnvelopeDefinition,
  documents: ReadonlyArray<MultipartDocument>,
  boundary?: string,
): MultipartEnvelope {
  const stripped = multipartDefinition(def);
  checkParts(stripped, documents);
  if (boundary !== undefined && !BOUNDARY_SYNTAX.test(boundary)) {
    throw new RangeError('buildMultipartEnvelope: a boundary is 1 to 70 letters, digits or \' + _ . -');
  }
  const json = encoder.encode(JSON.stringify(stripped));
  const bytesOf = documents.map((d) => d.bytes);
  for (let attempt = 0; ; attempt++) {
    const b = boundary ?? randomBoundary();
    const { segments, headerText } = layout(json, documents, b);
    if (boundaryOccursIn(b, [json, encoder.encode(headerText), ...bytesOf])) {
      if (boundary !== undefined) throw new Error('buildMultipartEnvelope: the boundary occurs in the content');
      if (attempt >= 16) throw new Error('buildMultipartEnvelope: no usable boundary'); // never with 160 random bits
      continue;
    }
    const blobParts = segments.map((s) => (typeof s === 'number' ? bytesOf[s]! : s)) as unknown as BlobPart[];
    const contentType = `multipart/form-data; boundary=${b}`;
    const body = new Blob(blobParts, { type: contentType });
    return { body, contentType, byteLength: body.size, boundary: b };
  }
}

/** Byte length of the body `layout` describes, with `documentSizes[i]` for document #i. */
function layoutBytes(json: Uint8Array, parts: readonly PartMeta[], documentSizes: readonly number[], boundaryLength: number): number {
  const { segments } = layout(json, parts, 'x'.repeat(boundaryLength));
  let total = 0;
  for (const s of segments) total += typeof s === 'number' ? documentSizes[s]! : s.length;
  return total;
}

/** The definition (documents without documentBase64) and the document part for an envelope input. */
function envelopeParts(shape: EnvelopeShapeInput): { def: MultipartEnvelopeDefinition; part: PartMeta } {
  const def = multipartDefinition(buildEnvelopeDefinition({ ...shape, documentBase64: '' }));
  const doc = def.documents[0]!;
  return { def, part: { documentId: doc.documentId, name: doc.name, contentType: documentContentType(doc.fileExtension) } };
}

/**
 * The multipart request for one envelope input (the client's multipart transport): the definition
 * of buildEnvelopeDefinition without documentBase64, and one part with the raw bytes, the
 * document's display name as filename and the MIME type of its file type.
 */
export function buildEnvelopeMultipart(input: EnvelopeInput & { documentBytes: Uint8Array }, boundary?: string): MultipartEnvelope {
  const { documentBytes, documentBase64: _b64, ...shape } = input;
  const { def, part } = envelopeParts(shape);
  return buildMultipartEnvelope(def, [{ ...part, bytes: documentBytes }], boundary);
}

/**
 * The exact byte length of the body `buildEnvelopeMultipart` produces for a document of
 * `documentSize` bytes, without building it (generated boundaries all have
 * MULTIPART_BOUNDARY_LENGTH characters; pass `boundaryLength` for a custom one).
 */
export function multipartRequestBytes(shape: EnvelopeShapeInput, documentSize: number, boundaryLength = MULTIPART_BOUNDARY_LENGTH): number {
  const { def, part } = envelopeParts(shape);
  return layoutBytes(encoder.encode(JSON.stringify(def)), [part], [documentSize], boundaryLength);
}

/** Bytes of the multipart body that are not the document (for "largest document that fits"). */
export function multipartOverheadBytes(shape: EnvelopeShapeInput): number {
  return multipartRequestBytes(shape, 0);
}

export interface EnvelopeUploadPlan {
  transport: EnvelopeTransport;
  /** Size of the request body of that transport. */
  requestBytes: number;
  /** requestBytes ≤ MAX_REQUEST_BYTES. */
  fits: boolean;
}

/**
 * How an envelope with a document of `documentSize` bytes is uploaded: JSON when the JSON request
 * fits MAX_REQUEST_BYTES, otherwise multipart (whose size is then what counts). Used by both
 * validateSend and the client.
 */
export function planEnvelopeUpload(shape: EnvelopeShapeInput, documentSize: number): EnvelopeUploadPlan {
  const json = envelopeRequestBytes(shape, documentSize);
  if (json <= MAX_REQUEST_BYTES) return { transport: 'json', requestBytes: json, fits: true };
  const multipart = multipartRequestBytes(shape, documentSize);
  return { transport: 'multipart', requestBytes: multipart, fits: multipart <= MAX_REQUEST_BYTES };
}

/** The transport planEnvelopeUpload picks. */
export function chooseEnvelopeTransport(shape: EnvelopeShapeInput, documentSize: number): EnvelopeTransport {
  return planEnvelopeUpload(shape, documentSize).transport;
}
