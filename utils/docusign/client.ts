/**
 * A small typed client for the DocuSign eSignature REST API v2.1, bound to one account on one
 * regional server. It makes exactly one HTTP request per call (no retries, no token refresh: the
 * outbox decides those with retry-timing), sends JSON with a Bearer token (createEnvelopeWithDocument:
 * multipart/form-data for documents too large for JSON + base64), returns DocuSign's
 * rate-limit budget next to every result, and turns every failure into a DocuSignApiError.
 *
 * REST base = base_uri + '/restapi/v2.1'; every path contains /accounts/{accountId} (required for
 * CORS and for usage to count against the right account).
 */
import {
  DocuSignApiError,
  badResponseError,
  classifyHttpError,
  networkError,
  redact,
  type DocuSignOperation,
} from './errors';
import { MAX_DOCUMENT_BYTES, MAX_REQUEST_BYTES, MAX_RETURN_URL_CHARS, MIB, STATUS_BATCH_SIZE } from './limits';
import { parseRateBudget, type RateBudget } from './rate-budget';
import type {
  EnvelopeDefinition,
  EnvelopeInfo,
  EnvelopeSummary,
  EnvelopeViewRequest,
  SenderViewSettings,
} from './types';
import { buildEnvelopeDefinition, envelopeOverheadBytes, envelopeRequestBytes, type EnvelopeInput } from '../send/envelope';
import { buildEnvelopeMultipart, multipartRequestBytes, planEnvelopeUpload, type EnvelopeTransport } from '../send/multipart';

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface DocuSignClientOptions {
  /** The account's base_uri from /oauth/userinfo: scheme + host (+ port), no path. */
  baseUri: string;
  accountId: string;
  /** Called before every request; the client never stores the token. */
  getAccessToken(): Promise<string>;
  /** Default: the global fetch at call time. */
  fetch?: FetchFn;
  /** Called with every budget DocuSign reports (success or error), e.g. to track the account's budget. */
  onRateBudget?: (budget: RateBudget) => void;
  /** Per-request timeout; default 30 s (createEnvelope: `uploadTimeoutMs`, default 180 s). */
  timeoutMs?: number;
  uploadTimeoutMs?: number;
  /** Clock for `RateBudget.observedAt`. */
  now?: () => number;
}

/** Every successful call returns its value and the rate-limit budget of that response (if sent). */
export interface ApiResult<T> {
  value: T;
  budget?: RateBudget;
}

export interface SenderViewOptions {
  returnUrl: string;
  /** Merged over DEFAULT_SENDER_VIEW_SETTINGS. */
  settings?: SenderViewSettings;
}

/**
 * Sender view defaults: open on the tagger (documents and recipients were set by the extension,
 * the user places fields), the send button sends, no back button to the Prepare page.
 */
export const DEFAULT_SENDER_VIEW_SETTINGS: Readonly<SenderViewSettings> = Object.freeze({
  startingScreen: 'Tagger',
  sendButtonAction: 'send',
  showBackButton: 'false',
});

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_UPLOAD_TIMEOUT_MS = 180_000;

export interface StatusListResult {
  /** The envelopes DocuSign returned (one per id it knows). */
  envelopes: EnvelopeInfo[];
  /** Requested ids DocuSign did not return. */
  missing: string[];
}

/** `auto` (default): JSON when the JSON request fits MAX_REQUEST_BYTES, else multipart. */
export type EnvelopeTransportChoice = 'auto' | EnvelopeTransport;

export interface CreateEnvelopeWithDocumentOptions {
  /** Default 'auto' (see planEnvelopeUpload). Forcing a transport is for tests and diagnostics. */
  transport?: EnvelopeTransportChoice;
}

/** createEnvelopeWithDocument's result: the summary and budget, plus how it was uploaded. */
export interface EnvelopeCreateResult extends ApiResult<EnvelopeSummary> {
  transport: EnvelopeTransport;
  /** Size of the request body that was sent. */
  requestBytes: number;
}

export interface DocuSignClient {
  readonly restBase: string;
  readonly accountId: string;
  /** POST the definition as JSON (documents inline as documentBase64). */
  createEnvelope(def: EnvelopeDefinition): Promise<ApiResult<EnvelopeSummary>>;
  /**
   * Builds the definition from the input (buildEnvelopeDefinition) and creates the envelope in one
   * request: JSON + documentBase64 when that request fits DocuSign's 35,651,584-byte limit (the
   * same path as createEnvelope), otherwise multipart/form-data with the raw bytes (documents up to
   * 32 MiB). The choice is planEnvelopeUpload's, the one validateSend checks. A document over
   * 32 MiB, or a request that would exceed the limit either way, is refused locally (kind
   * 'validation', status 0) before anything is uploaded. Errors, budget and timeout (uploadTimeoutMs)
   * as createEnvelope. An input with documentBase64 only (no bytes) can only go as JSON.
   */
  createEnvelopeWithDocument(input: EnvelopeInput, options?: CreateEnvelopeWithDocumentOptions): Promise<EnvelopeCreateResult>;
  /**
   * Every envelope created with this transactionId (DocuSign keeps it for 7 days), oldest first;
   * empty when none. More than one means a create request reached DocuSign twice (a browser
   * re-sends a POST on its own when a reused keep-alive connection drops before the answer).
   */
  findByTransactionId(transactionId: string): Promise<ApiResult<EnvelopeInfo[]>>;
  /** The same for several transactionIds in one GET (at most STATUS_BATCH_SIZE of them). */
  findByTransactionIds(transactionIds: readonly string[]): Promise<ApiResult<Map<string, EnvelopeInfo[]>>>;
  /** Sends a draft: PUT …/envelopes/{id} {"status":"sent"}. */
  sendDraft(envelopeId: string): Promise<ApiResult<{ envelopeId: string }>>;
  /** Deletes envelopes: PUT …/folders/recyclebin {envelopeIds} (a draft is deleted; one in process would be voided). */
  deleteEnvelopes(envelopeIds: readonly string[]): Promise<ApiResult<null>>;
  createSenderView(envelopeId: string, options: SenderViewOptions): Promise<ApiResult<{ url: string }>>;
  /** Batched statuses (STATUS_BATCH_SIZE ids per GET, one GET after another). */
  listStatus(envelopeIds: readonly string[]): Promise<ApiResult<StatusListResult>>;
  getEnvelope(envelopeId: string): Promise<ApiResult<EnvelopeInfo>>;
}

export function restBaseFor(baseUri: string): string {
  return `${baseUri.trim().replace(/\/+$/, '')}/restapi/v2.1`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Normalises one envelope object; undefined if it has no envelopeId. */
export function toEnvelopeInfo(raw: unknown): EnvelopeInfo | undefined {
  if (!isRecord(raw)) return undefined;
  const envelopeId = str(raw.envelopeId);
  if (!envelopeId) return undefined;
  const info: EnvelopeInfo = { envelopeId, status: (str(raw.status) ?? 'unknown').toLowerCase() };
  const optional = [
    'transactionId',
    'emailSubject',
    'statusChangedDateTime',
    'createdDateTime',
    'sentDateTime',
    'completedDateTime',
    'declinedDateTime',
    'voidedDateTime',
    'lastModifiedDateTime',
  ] as const;
  for (const key of optional) {
    const v = str(raw[key]);
    if (v !== undefined) info[key] = v;
  }
  return info;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function envelopesOf(body: unknown): EnvelopeInfo[] | undefined {
  if (!isRecord(body)) return undefined;
  // DocuSign leaves `envelopes` out when the result set is empty.
  if (body.envelopes === undefined || body.envelopes === null) return [];
  if (!Array.isArray(body.envelopes)) return undefined;
  return body.envelopes.map(toEnvelopeInfo).filter((e): e is EnvelopeInfo => e !== undefined);
}

/** A request body prepared by the caller (multipart), sent as is with its Content-Type. */
interface RawBody {
  body: Blob | string;
  contentType: string;
}

/** The 201 body of POST /envelopes as an EnvelopeSummary (bad_response without an envelopeId). */
function envelopeSummaryOf(
  res: { status: number; body: unknown; budget?: RateBudget },
  requestedStatus: string,
): EnvelopeSummary {
  const body = res.body;
  const envelopeId = isRecord(body) ? str(body.envelopeId) : undefined;
  if (!isRecord(body) || !envelopeId) {
    throw badResponseError(res.status, 'no envelopeId', 'createEnvelope', res.budget);
  }
  const summary: EnvelopeSummary = { envelopeId, status: (str(body.status) ?? requestedStatus).toLowerCase() };
  const statusDateTime = str(body.statusDateTime);
  const uri = str(body.uri);
  if (statusDateTime) summary.statusDateTime = statusDateTime;
  if (uri) summary.uri = uri;
  return summary;
}

/** "30.0 MB", with the exact byte count when the rounded figure would not show it is over `limit`. */
function formatSize(bytes: number, limit: number): string {
  const mb = `${(bytes / MIB).toFixed(1)} MB`;
  return Number((bytes / MIB).toFixed(1)) <= limit / MIB ? `${mb} (${bytes.toLocaleString('en-US')} bytes)` : mb;
}

/** A send refused before any request (like DocuSign's own validation errors: fix, don't retry). */
function localValidation(message: string): DocuSignApiError {
  return new DocuSignApiError({ kind: 'validation', status: 0, retryable: false, operation: 'createEnvelope', message });
}

function requestTooLarge(requestBytes: number): DocuSignApiError {
  return localValidation(
    `The upload would take ${formatSize(requestBytes, MAX_REQUEST_BYTES)}; DocuSign accepts at most ${MAX_REQUEST_BYTES / MIB} MB per request.`,
  );
}

export function createDocuSignClient(options: DocuSignClientOptions): DocuSignClient {
  const restBase = restBaseFor(options.baseUri);
  const accountBase = `${restBase}/accounts/${encodeURIComponent(options.accountId)}`;
  const now = options.now ?? Date.now;
  const fetchFn: FetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request(
    operation: DocuSignOperation,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    /** A prepared body with its Content-Type (multipart); replaces `body`. */
    raw?: RawBody,
    /** A 2xx answer without a JSON body is fine (the call's result is its status). */
    { emptyOk = false }: { emptyOk?: boolean } = {},
  ): Promise<{ status: number; body: unknown; budget?: RateBudget }> {
    // A token failure (needs sign-in) propagates as the auth module's own error.
    const token = await options.getAccessToken();
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    let payload: BodyInit | undefined;
    if (raw !== undefined) {
      headers['Content-Type'] = raw.contentType;
      payload = raw.body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const timeoutMs =
      operation === 'createEnvelope'
        ? (options.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS)
        : (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetchFn(`${accountBase}${path}`, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
      });
      text = await response.text();
    } catch (err) {
      throw networkError(err, operation, timedOut);
    } finally {
      clearTimeout(timer);
    }
    const budget = parseRateBudget(response.headers, now());
    if (budget) {
      try {
        options.onRateBudget?.(budget);
      } catch {
        // A listener's failure is not the request's failure.
      }
    }
    let parsed: unknown = undefined;
    let json = false;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
        json = true;
      } catch {
        json = false;
      }
    }
    if (response.status < 200 || response.status > 299) {
      const details = json && isRecord(parsed) ? parsed : undefined;
      const errorCode = str(details?.errorCode);
      const message = str(details?.message);
      throw classifyHttpError({
        status: response.status,
        ...(errorCode ? { errorCode } : {}),
        ...(message ? { docuSignMessage: redact(message, token) } : {}),
        hadErrorDetails: !!(errorCode || message),
        ...(budget?.resetAt ? { resetAt: budget.resetAt } : {}),
        ...(budget?.remaining !== undefined ? { remaining: budget.remaining } : {}),
        operation,
        ...(budget ? { budget } : {}),
      });
    }
    if (!json && emptyOk && text.trim() === '') return { status: response.status, body: null, ...(budget ? { budget } : {}) };
    if (!json) throw badResponseError(response.status, text.trim() === '' ? 'empty body' : 'not JSON', operation, budget);
    return { status: response.status, body: parsed, ...(budget ? { budget } : {}) };
  }

  const withBudget = <T>(value: T, budget: RateBudget | undefined): ApiResult<T> =>
    budget ? { value, budget } : { value };

  const client: DocuSignClient = {
    restBase,
    accountId: options.accountId,

    async createEnvelope(def) {
      const res = await request('createEnvelope', 'POST', '/envelopes', def);
      return withBudget(envelopeSummaryOf(res, def.status), res.budget);
    },

    async createEnvelopeWithDocument(input, { transport = 'auto' } = {}) {
      const { documentBytes, documentBase64, ...shape } = input;
      if (documentBytes === undefined) {
        // Only the JSON transport can carry text that is already base64.
        if (documentBase64 === undefined) throw new Error('createEnvelopeWithDocument: documentBytes or documentBase64 is required');
        if (transport === 'multipart') throw new Error('createEnvelopeWithDocument: multipart needs documentBytes');
        const requestBytes = envelopeOverheadBytes(shape) + documentBase64.length;
        if (requestBytes > MAX_REQUEST_BYTES) throw requestTooLarge(requestBytes);
        const def = buildEnvelopeDefinition({ ...shape, documentBase64 });
        const res = await request('createEnvelope', 'POST', '/envelopes', def);
        return { ...withBudget(envelopeSummaryOf(res, def.status), res.budget), transport: 'json', requestBytes };
      }
      const size = documentBytes.length;
      if (size > MAX_DOCUMENT_BYTES) {
        throw localValidation(
          `The document is ${formatSize(size, MAX_DOCUMENT_BYTES)}; DocuSign accepts documents up to ${MAX_DOCUMENT_BYTES / MIB} MB.`,
        );
      }
      const plan = planEnvelopeUpload(shape, size);
      const chosen: EnvelopeTransport = transport === 'auto' ? plan.transport : transport;
      if (chosen === 'json') {
        const requestBytes = plan.transport === 'json' ? plan.requestBytes : envelopeRequestBytes(shape, size);
        if (requestBytes > MAX_REQUEST_BYTES) throw requestTooLarge(requestBytes);
        const def = buildEnvelopeDefinition({ ...shape, documentBytes });
        const res = await request('createEnvelope', 'POST', '/envelopes', def);
        return { ...withBudget(envelopeSummaryOf(res, def.status), res.budget), transport: 'json', requestBytes };
      }
      // Multipart: the exact size is known before building (no 32 MB copy for a request that cannot go).
      const requestBytes = plan.transport === 'multipart' ? plan.requestBytes : multipartRequestBytes(shape, size);
      if (requestBytes > MAX_REQUEST_BYTES) throw requestTooLarge(requestBytes);
      const multipart = buildEnvelopeMultipart({ ...shape, documentBytes });
      if (multipart.byteLength > MAX_REQUEST_BYTES) throw requestTooLarge(multipart.byteLength);
      const res = await request('createEnvelope', 'POST', '/envelopes', undefined, {
        body: multipart.body,
        contentType: multipart.contentType,
      });
      return {
        ...withBudget(envelopeSummaryOf(res, input.status), res.budget),
        transport: 'multipart',
        requestBytes: multipart.byteLength,
      };
    },

    async findByTransactionId(transactionId) {
      const res = await client.findByTransactionIds([transactionId]);
      return withBudget(res.value.get(transactionId) ?? [], res.budget);
    },

    async findByTransactionIds(transactionIds) {
      const wanted = [...new Set(transactionIds.filter((t) => t.trim() !== ''))];
      if (wanted.length === 0 || wanted.length > STATUS_BATCH_SIZE) {
        throw new Error(`findByTransactionIds: 1 to ${STATUS_BATCH_SIZE} transactionIds, got ${wanted.length}`);
      }
      // transaction_ids alone satisfies the list endpoint (one of from_date / envelope_ids /
      // transaction_ids is required), so no from_date is sent.
      const query = new URLSearchParams({ transaction_ids: wanted.join(',') });
      const res = await request('findByTransactionId', 'GET', `/envelopes?${query}`);
      const envelopes = envelopesOf(res.body);
      if (!envelopes) throw badResponseError(res.status, 'no envelope list', 'findByTransactionId', res.budget);
      // An envelope counts for a transactionId when it names it (on the envelope or in
      // envelopeTransactionStatuses); one that names none counts only when a single id was asked
      // for (DocuSign filtered by ours). Never an envelope that names a different transactionId.
      const statuses = isRecord(res.body) && Array.isArray(res.body.envelopeTransactionStatuses)
        ? res.body.envelopeTransactionStatuses.filter(isRecord)
        : [];
      const txOfEnvelope = new Map<string, string>();
      for (const s of statuses) {
        const id = str(s.envelopeId);
        const tx = str(s.transactionId);
        if (id && tx) txOfEnvelope.set(id, tx);
      }
      const byTx = new Map<string, EnvelopeInfo[]>();
      for (const e of envelopes) {
        const tx = e.transactionId ?? txOfEnvelope.get(e.envelopeId) ?? (wanted.length === 1 ? wanted[0] : undefined);
        if (!tx || !wanted.includes(tx)) continue;
        byTx.set(tx, [...(byTx.get(tx) ?? []), e]);
      }
      return withBudget(byTx, res.budget);
    },

    async sendDraft(envelopeId) {
      const res = await request('sendEnvelope', 'PUT', `/envelopes/${encodeURIComponent(envelopeId)}`, { status: 'sent' });
      return withBudget({ envelopeId: (isRecord(res.body) ? str(res.body.envelopeId) : undefined) ?? envelopeId }, res.budget);
    },

    async deleteEnvelopes(envelopeIds) {
      const ids = [...new Set(envelopeIds)];
      if (ids.length === 0) throw new Error('deleteEnvelopes: no envelope ids');
      const res = await request('deleteEnvelopes', 'PUT', '/folders/recyclebin', { envelopeIds: ids }, undefined, { emptyOk: true });
      return withBudget(null, res.budget);
    },

    async createSenderView(envelopeId, { returnUrl, settings }) {
      if (returnUrl.length > MAX_RETURN_URL_CHARS) {
        throw new DocuSignApiError({
          kind: 'validation',
          status: 0,
          retryable: false,
          operation: 'createSenderView',
          message: `The return address is too long for DocuSign (${returnUrl.length} characters; at most ${MAX_RETURN_URL_CHARS}).`,
        });
      }
      const body: EnvelopeViewRequest = {
        returnUrl,
        viewAccess: 'envelope',
        settings: { ...DEFAULT_SENDER_VIEW_SETTINGS, ...settings },
      };
      const res = await request(
        'createSenderView',
        'POST',
        `/envelopes/${encodeURIComponent(envelopeId)}/views/sender`,
        body,
      );
      const url = isRecord(res.body) ? str(res.body.url) : undefined;
      if (!url || !isHttpUrl(url)) throw badResponseError(res.status, 'no view URL', 'createSenderView', res.budget);
      return withBudget({ url }, res.budget);
    },

    async listStatus(envelopeIds) {
      const ids = [...new Set(envelopeIds.filter((id) => id.trim() !== ''))];
      const found = new Map<string, EnvelopeInfo>();
      let budget: RateBudget | undefined;
      for (let i = 0; i < ids.length; i += STATUS_BATCH_SIZE) {
        const batch = ids.slice(i, i + STATUS_BATCH_SIZE);
        const query = new URLSearchParams({ envelope_ids: batch.join(',') });
        const res = await request('listStatus', 'GET', `/envelopes?${query}`);
        const envelopes = envelopesOf(res.body);
        if (!envelopes) throw badResponseError(res.status, 'no envelope list', 'listStatus', res.budget);
        for (const e of envelopes) found.set(e.envelopeId.toLowerCase(), e);
        budget = res.budget ?? budget;
      }
      const envelopes: EnvelopeInfo[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        const e = found.get(id.toLowerCase());
        if (e) envelopes.push(e);
        else missing.push(id);
      }
      return withBudget({ envelopes, missing }, budget);
    },

    async getEnvelope(envelopeId) {
      const res = await request('getEnvelope', 'GET', `/envelopes/${encodeURIComponent(envelopeId)}`);
      const info = toEnvelopeInfo(res.body);
      if (!info) throw badResponseError(res.status, 'no envelopeId', 'getEnvelope', res.budget);
      return withBudget(info, res.budget);
    },
  };
  return client;
}
