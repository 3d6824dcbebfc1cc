/**
 * DocuSign eSignature limits the extension enforces before it calls DocuSign (see
 * docusign/FACTS.md "Limits"). One place, so validation, the client and the status cache agree.
 */

/** One mebibyte. DocuSign's "MB" is binary: its request limit 35,651,584 is exactly 34 × 1024 × 1024. */
export const MIB = 1024 * 1024;

/**
 * Largest document DocuSign accepts through the API: "32 MB", read as 32 MiB = 33,554,432 bytes
 * (DocuSign's request limit is a whole number of MiB, so its MB are binary). Note that with
 * `documentBase64` the request limit below is reached first (a 32 MiB document is ~44.7 MB once
 * base64-encoded); the per-document check still gives the clearer message for very large files.
 */
export const MAX_DOCUMENT_BYTES = 32 * MIB;

/** Largest HTTP request body DocuSign accepts: 35,651,584 bytes (34 MiB). */
export const MAX_REQUEST_BYTES = 35_651_584;

/** Recipients per envelope (signers + carbon copies). */
export const MAX_RECIPIENTS = 100;

/** `emailSubject` (DocuSign: an error, not truncated, when longer). */
export const MAX_SUBJECT_CHARS = 100;

/** `emailBlurb`. */
export const MAX_MESSAGE_CHARS = 10_000;

/** Recipient `name` and `email`. */
export const MAX_RECIPIENT_NAME_CHARS = 100;
export const MAX_RECIPIENT_EMAIL_CHARS = 100;

/** `textCustomFields[].value`. */
export const MAX_CUSTOM_FIELD_VALUE_CHARS = 100;

/** Sender view `returnUrl` (swagger: maximum length 470 characters). */
export const MAX_RETURN_URL_CHARS = 470;

/**
 * Envelope ids per `GET /envelopes?envelope_ids=` call. DocuSign documents no maximum; 50 GUIDs
 * keep the query string under ~1.9 KB (safe for every proxy) and far below any result page size,
 * so one call never needs pagination, while 50 envelopes still cost a single API call.
 */
export const STATUS_BATCH_SIZE = 50;

/** DocuSign's rule: at most one status GET per envelope per 15 minutes (hard floor). */
export const MIN_STATUS_INTERVAL_MS = 15 * 60_000;

/** FACTS: "design for 20": the interval the extension uses by default. */
export const DEFAULT_STATUS_INTERVAL_MS = 20 * 60_000;

/** File types DocuSign converts to PDF (lower case, no dot). */
export const SUPPORTED_FILE_TYPES: readonly string[] = Object.freeze([
  'pdf', 'doc', 'docx', 'docm', 'dot', 'dotx', 'dotm', 'rtf', 'txt', 'htm', 'html', 'msg', 'wpd', 'xps',
  'bmp', 'gif', 'jpg', 'jpeg', 'png', 'tif', 'tiff', 'ppt', 'pptx', 'pptm', 'pps', 'pot', 'potx', 'csv',
  'xls', 'xlsx', 'xlsm',
]);

const SUPPORTED_SET = new Set(SUPPORTED_FILE_TYPES);

export function isSupportedFileType(fileType: string): boolean {
  return SUPPORTED_SET.has(fileType.trim().toLowerCase().replace(/^\./, ''));
}

/** Envelope statuses after which nothing changes any more (no status polling). */
export const TERMINAL_ENVELOPE_STATUSES: readonly string[] = Object.freeze(['completed', 'declined', 'voided', 'deleted']);

export function isTerminalEnvelopeStatus(status: string | undefined | null): boolean {
  return !!status && TERMINAL_ENVELOPE_STATUSES.includes(status.toLowerCase());
}
