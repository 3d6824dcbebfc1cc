/**
 * Typed failures of the eSignature REST client. Every failure reaches callers as a
 * DocuSignApiError whose `kind` a caller (the outbox, retry timing) can branch on and whose
 * `message` an end user can read. For DocuSign's own rejections `message` is DocuSign's `message`
 * (kept verbatim for display, e.g. validation problems); for local classifications (network,
 * CORS, rate limits without a message) it is a sentence of ours.
 *
 * Rule: an error never carries a token, a request header or a request body. `fromResponse` redacts
 * the bearer token if a server ever echoed it.
 */
import type { RateBudget } from './rate-budget';

export type DocuSignApiErrorKind =
  /** 401: token expired/revoked/invalid. Refresh once, then sign in again. */
  | 'unauthorized'
  /** HOURLY_APIINVOCATION_LIMIT_EXCEEDED (HTTP 400 or 429): wait for X-RateLimit-Reset. */
  | 'rate_limited_hourly'
  /** BURST_APIINVOCATION_LIMIT_EXCEEDED (HTTP 400 or 429): wait for the 30 s burst window. */
  | 'rate_limited_burst'
  /** Hourly_Envelope_Polling_Limit_Exceeded: status polled too often. */
  | 'polling_limited'
  /** DocuSign rejected the request itself (4xx with errorDetails): fix the request, do not retry. */
  | 'validation'
  /** The DocuSign user is not a member of the account (USER_LACKS_MEMBERSHIP ...). */
  | 'not_member'
  /** 403 that looks like an Origin / CORS rejection (FACTS: UNCONFIRMED for chrome-extension://). */
  | 'forbidden_cors'
  /** Any other 403 / permission error (ACCOUNT_LACKS_PERMISSIONS ...). Not retryable. */
  | 'forbidden'
  /** 404, or DocuSign's "envelope does not exist". */
  | 'not_found'
  /** 5xx (and 408): temporary on DocuSign's side. */
  | 'server'
  /** No HTTP response: offline, DNS, refused, dropped connection, timeout/abort. */
  | 'network'
  /** A 2xx whose body is not the expected JSON (proxy page, truncated body). */
  | 'bad_response';

export const DOCUSIGN_API_ERROR_KINDS: readonly DocuSignApiErrorKind[] = [
  'unauthorized',
  'rate_limited_hourly',
  'rate_limited_burst',
  'polling_limited',
  'validation',
  'not_member',
  'forbidden_cors',
  'forbidden',
  'not_found',
  'server',
  'network',
  'bad_response',
];

/** Which REST call failed (for Diagnostics; never a URL with query values). */
export type DocuSignOperation =
  | 'createEnvelope'
  | 'findByTransactionId'
  | 'createSenderView'
  | 'listStatus'
  | 'getEnvelope'
  | 'sendEnvelope'
  | 'deleteEnvelopes';

export interface DocuSignApiErrorInit {
  kind: DocuSignApiErrorKind;
  /** HTTP status; 0 when there was no response (network). */
  status: number;
  message: string;
  errorCode?: string;
  /** DocuSign's own `message`, verbatim, when there was one. */
  docuSignMessage?: string;
  /** From X-RateLimit-Reset (rate-limit errors, and any error whose response carried the header). */
  resetAt?: Date;
  retryable: boolean;
  operation?: DocuSignOperation;
  budget?: RateBudget;
}

/** Plain JSON form (Error instances do not survive extension messaging / IndexedDB intact). */
export interface DocuSignApiErrorJSON {
  name: 'DocuSignApiError';
  kind: DocuSignApiErrorKind;
  status: number;
  message: string;
  errorCode?: string;
  docuSignMessage?: string;
  /** Epoch ms. */
  resetAt?: number;
  retryable: boolean;
  operation?: DocuSignOperation;
}

export class DocuSignApiError extends Error {
  override readonly name = 'DocuSignApiError';
  readonly kind: DocuSignApiErrorKind;
  readonly status: number;
  readonly errorCode?: string;
  readonly docuSignMessage?: string;
  readonly resetAt?: Date;
  readonly retryable: boolean;
  readonly operation?: DocuSignOperation;
  readonly budget?: RateBudget;

  constructor(init: DocuSignApiErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.status = init.status;
    this.retryable = init.retryable;
    if (init.errorCode !== undefined) this.errorCode = init.errorCode;
    if (init.docuSignMessage !== undefined) this.docuSignMessage = init.docuSignMessage;
    if (init.resetAt !== undefined) this.resetAt = init.resetAt;
    if (init.operation !== undefined) this.operation = init.operation;
    if (init.budget !== undefined) this.budget = init.budget;
  }

  toJSON(): DocuSignApiErrorJSON {
    return {
      name: 'DocuSignApiError',
      kind: this.kind,
      status: this.status,
      message: this.message,
      ...(this.errorCode !== undefined ? { errorCode: this.errorCode } : {}),
      ...(this.docuSignMessage !== undefined ? { docuSignMessage: this.docuSignMessage } : {}),
      ...(this.resetAt !== undefined ? { resetAt: this.resetAt.getTime() } : {}),
      retryable: this.retryable,
      ...(this.operation !== undefined ? { operation: this.operation } : {}),
    };
  }

  /** Rebuilds an error stored as JSON (outbox records, messages). */
  static fromJSON(json: DocuSignApiErrorJSON): DocuSignApiError {
    return new DocuSignApiError({
      kind: json.kind,
      status: json.status,
      message: json.message,
      retryable: json.retryable,
      ...(json.errorCode !== undefined ? { errorCode: json.errorCode } : {}),
      ...(json.docuSignMessage !== undefined ? { docuSignMessage: json.docuSignMessage } : {}),
      ...(json.resetAt !== undefined ? { resetAt: new Date(json.resetAt) } : {}),
      ...(json.operation !== undefined ? { operation: json.operation } : {}),
    });
  }
}

export function isDocuSignApiError(value: unknown): value is DocuSignApiError {
  return value instanceof DocuSignApiError;
}

const RATE_LIMIT_CODES: Record<string, DocuSignApiErrorKind> = {
  hourly_apiinvocation_limit_exceeded: 'rate_limited_hourly',
  burst_apiinvocation_limit_exceeded: 'rate_limited_burst',
  hourly_envelope_polling_limit_exceeded: 'polling_limited',
};

const NOT_MEMBER_CODES = new Set([
  'user_lacks_membership',
  'user_does_not_belong_to_specified_account',
  'user_not_account_member',
]);

const FORBIDDEN_CODES = new Set([
  'account_lacks_permissions',
  'user_lacks_permissions',
  'user_not_envelope_sender',
  'user_lacks_permission',
]);

const NOT_FOUND_CODES = new Set(['envelope_does_not_exist', 'resource_not_found', 'invalid_envelope_id']);

// Token problems that a refresh can cure. (USER_AUTHENTICATION_FAILED / PARTNER_AUTHENTICATION_FAILED
// are left to the status: DocuSign also sends them as 400 for requests a refresh does not fix, e.g.
// an account called on the wrong regional server.)
const UNAUTHORIZED_CODES = new Set(['authorization_invalid_token', 'invalid_token_format']);

/** Does a 403 look like DocuSign refusing the request's Origin (CORS not enabled for the app)? */
function looksLikeCors(errorCode: string | undefined, docuSignMessage: string | undefined, hadErrorDetails: boolean): boolean {
  const text = `${errorCode ?? ''} ${docuSignMessage ?? ''}`;
  if (/cors|origin|cross[-\s]?origin/i.test(text)) return true;
  // A bare 403 without DocuSign's errorDetails comes from the edge (origin filtering), not from the
  // eSignature application, which always explains itself.
  return !hadErrorDetails;
}

export const CORS_FORBIDDEN_MESSAGE =
  'DocuSign refused the request from the browser extension (HTTP 403; it appears to reject the extension\u2019s origin). ' +
  'An administrator must enable CORS for this integration key (add the extension\u2019s origin to the allowed origins) ' +
  'and allow the app on the DocuSign account, or the DocuSign account does not allow browser access (e.g. FedRAMP). ' +
  'Share this message with your DocuSign administrator.';

/** Removes anything that looks like the bearer token from a server-provided string. */
export function redact(text: string, token: string | undefined): string {
  let out = text;
  if (token && token.length >= 8) out = out.split(token).join('[redacted]');
  return out.replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi, '$1[redacted]');
}

export interface ClassifyInput {
  status: number;
  errorCode?: string;
  docuSignMessage?: string;
  /** Whether the body was DocuSign's errorDetails JSON. */
  hadErrorDetails: boolean;
  resetAt?: Date;
  remaining?: number;
  operation?: DocuSignOperation;
  budget?: RateBudget;
}

/** Maps a non-2xx response to a DocuSignApiError (pure; the client feeds it the parsed parts). */
export function classifyHttpError(input: ClassifyInput): DocuSignApiError {
  const { status, errorCode, docuSignMessage } = input;
  const code = errorCode?.toLowerCase();
  const common = {
    status,
    ...(errorCode !== undefined ? { errorCode } : {}),
    ...(docuSignMessage !== undefined ? { docuSignMessage } : {}),
    ...(input.resetAt !== undefined ? { resetAt: input.resetAt } : {}),
    ...(input.operation !== undefined ? { operation: input.operation } : {}),
    ...(input.budget !== undefined ? { budget: input.budget } : {}),
  };
  const make = (kind: DocuSignApiErrorKind, retryable: boolean, fallback: string, preferOurs = false) =>
    new DocuSignApiError({ ...common, kind, retryable, message: preferOurs || !docuSignMessage ? fallback : docuSignMessage });

  // 1. Rate limits by errorCode, whatever the status (400 formerly, 429 since 2026).
  const rateKind = code ? RATE_LIMIT_CODES[code] : undefined;
  if (rateKind) return make(rateKind, true, rateLimitMessage(rateKind, input.resetAt));
  // 2. Other codes that decide the kind whatever the status.
  if (code && NOT_MEMBER_CODES.has(code)) {
    return make('not_member', false, 'The signed-in DocuSign user is not a member of this DocuSign account.');
  }
  if (code && UNAUTHORIZED_CODES.has(code)) {
    return make('unauthorized', true, 'The DocuSign sign-in has expired or was revoked.');
  }
  if (code && NOT_FOUND_CODES.has(code)) return make('not_found', false, 'DocuSign does not know this envelope.');
  if (code && FORBIDDEN_CODES.has(code)) {
    return make('forbidden', false, 'Your DocuSign user is not allowed to do this in this DocuSign account.');
  }
  // 3. By status.
  if (status === 429) {
    // A 429 without a known code: the hourly window if the budget is used up, else a burst.
    const kind: DocuSignApiErrorKind = input.remaining === 0 ? 'rate_limited_hourly' : 'rate_limited_burst';
    return make(kind, true, rateLimitMessage(kind, input.resetAt));
  }
  if (status === 401) return make('unauthorized', true, 'The DocuSign sign-in has expired or was revoked.');
  if (status === 403) {
    if (looksLikeCors(errorCode, docuSignMessage, input.hadErrorDetails)) {
      return make('forbidden_cors', false, CORS_FORBIDDEN_MESSAGE, true);
    }
    return make('forbidden', false, 'Your DocuSign user is not allowed to do this in this DocuSign account.');
  }
  if (status === 404) return make('not_found', false, 'DocuSign does not know this envelope.');
  if (status === 408 || status >= 500) {
    return make('server', true, `DocuSign is temporarily unavailable (HTTP ${status}). The extension will try again.`);
  }
  if (status === 413) {
    return make('validation', false, 'The document is too large for DocuSign (the request exceeded DocuSign\u2019s size limit).');
  }
  return make('validation', false, `DocuSign rejected the request (HTTP ${status}${errorCode ? `, ${errorCode}` : ''}).`);
}

function rateLimitMessage(kind: DocuSignApiErrorKind, resetAt: Date | undefined): string {
  switch (kind) {
    case 'rate_limited_hourly':
      return `This DocuSign account has used its hourly API allowance${
        resetAt ? `; it renews at ${resetAt.toISOString()}` : ''
      }. The extension will try again then.`;
    case 'rate_limited_burst':
      return 'Too many DocuSign requests in a short time. The extension will try again in a moment.';
    default:
      return 'DocuSign status was checked too often for this envelope. The extension will check again later.';
  }
}

/** A failed fetch (no HTTP response). */
export function networkError(cause: unknown, operation?: DocuSignOperation, timedOut = false): DocuSignApiError {
  const name = cause instanceof Error ? cause.name : '';
  const aborted = timedOut || name === 'AbortError' || name === 'TimeoutError';
  return new DocuSignApiError({
    kind: 'network',
    status: 0,
    retryable: true,
    ...(operation ? { operation } : {}),
    message: aborted
      ? 'DocuSign did not answer in time. The extension will try again.'
      : 'DocuSign could not be reached (offline, or the connection was interrupted). The extension will try again.',
  });
}

export function badResponseError(status: number, what: string, operation?: DocuSignOperation, budget?: RateBudget): DocuSignApiError {
  return new DocuSignApiError({
    kind: 'bad_response',
    status,
    retryable: true,
    ...(operation ? { operation } : {}),
    ...(budget ? { budget } : {}),
    message: `DocuSign sent an unexpected answer (${what}).`,
  });
}
