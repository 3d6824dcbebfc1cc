// eSignature REST API v2.1 on the regional servers: create/list/get envelopes, sender view.
import { createHash, randomUUID } from 'node:crypto';
import {
  bearerToken,
  errorDetails,
  jsonReply,
  mediaType,
  type HeaderMap,
  type Reply,
  type RequestContext,
} from './http-util.ts';
import { BURST_LIMIT_CODE, HOURLY_LIMIT_CODE } from './rate-limits.ts';
import { findAccount, findUserBySub, type SeedAccount } from './seed.ts';
import {
  SENDER_VIEW_TTL_MS,
  TRANSACTION_ID_TTL_MS,
  dsDate,
  randomToken,
  type AccessToken,
  type EmulatorState,
  type StoredEnvelope,
  type StoredRecipient,
} from './state.ts';
import type { FaultRoute } from './types.ts';
import { isAbsoluteHttpUrl, parseEnvelopeRequest } from './validation.ts';

export type ApiKind = 'createEnvelope' | 'listEnvelopes' | 'getEnvelope' | 'senderView' | 'updateEnvelope' | 'moveToRecycleBin';

export interface ApiMatch {
  kind: ApiKind | 'notFound' | 'methodNotAllowed';
  accountId: string | null;
  envelopeId: string | null;
  faultRoute: FaultRoute | null;
}

const ENVELOPES_PATH = /^\/restapi\/v2\.1\/accounts\/([^/]+)\/envelopes(?:\/([^/]+)(\/views\/sender)?)?\/?$/i;
const ACCOUNT_PATH = /^\/restapi\/v2\.1\/accounts\/([^/]+)(?:\/|$)/i;
/** PUT …/folders/recyclebin {envelopeIds}: DocuSign's "delete envelopes" (drafts deleted, sent ones voided). */
const FOLDER_PATH = /^\/restapi\/v2\.1\/accounts\/([^/]+)\/folders\/([^/]+)\/?$/i;

/** Matches a /restapi path; null when the path is not under /restapi. */
export function matchApi(method: string, pathname: string): ApiMatch | null {
  if (!/^\/restapi(\/|$)/i.test(pathname)) return null;
  const folder = FOLDER_PATH.exec(pathname);
  if (folder) {
    const accountId = decodeURIComponent(folder[1]!);
    if (decodeURIComponent(folder[2]!).toLowerCase() !== 'recyclebin') return { kind: 'notFound', accountId, envelopeId: null, faultRoute: null };
    const kind = method === 'PUT' ? 'moveToRecycleBin' : 'methodNotAllowed';
    return { kind, accountId, envelopeId: null, faultRoute: kind === 'methodNotAllowed' ? null : kind };
  }
  const m = ENVELOPES_PATH.exec(pathname);
  if (!m) {
    const a = ACCOUNT_PATH.exec(pathname);
    return { kind: 'notFound', accountId: a ? decodeURIComponent(a[1]!) : null, envelopeId: null, faultRoute: null };
  }
  const accountId = decodeURIComponent(m[1]!);
  const envelopeId = m[2] ? decodeURIComponent(m[2]) : null;
  const senderView = Boolean(m[3]);
  let kind: ApiMatch['kind'];
  if (senderView) kind = method === 'POST' ? 'senderView' : 'methodNotAllowed';
  else if (envelopeId) kind = method === 'GET' ? 'getEnvelope' : method === 'PUT' ? 'updateEnvelope' : 'methodNotAllowed';
  else kind = method === 'POST' ? 'createEnvelope' : method === 'GET' ? 'listEnvelopes' : 'methodNotAllowed';
  const faultRoute = kind === 'methodNotAllowed' ? null : kind;
  return { kind, accountId, envelopeId, faultRoute };
}

/** Rate-limit headers for a response that did not go through the limit check. */
export function peekRateHeaders(state: EmulatorState, accountId: string | null): HeaderMap {
  const account = accountId ? findAccount(state.seed, accountId) : undefined;
  return state.rateLimiter.peek(account ? account.accountId : '(unknown account)');
}

const INVALID_TOKEN_MESSAGE = 'The access token provided is expired, revoked or malformed.';

interface Authorized {
  token: AccessToken;
  account: SeedAccount;
  headers: HeaderMap;
}

function authorize(state: EmulatorState, ctx: RequestContext, accountId: string): Authorized | Reply {
  const peek = (): HeaderMap => peekRateHeaders(state, accountId);
  const token = state.validAccessToken(bearerToken(ctx.req));
  if (!token) return errorDetails(401, 'AUTHORIZATION_INVALID_TOKEN', INVALID_TOKEN_MESSAGE, peek());
  if (!token.scopes.includes('signature')) {
    return errorDetails(
      401,
      'AUTHORIZATION_INVALID_TOKEN',
      `${INVALID_TOKEN_MESSAGE} The token was not granted the "signature" scope required by the eSignature API.`,
      peek(),
    );
  }
  const user = findUserBySub(state.seed, token.sub);
  const account = findAccount(state.seed, accountId);
  if (!user || !account || !user.accounts.some((m) => m.accountId === account.accountId)) {
    return errorDetails(400, 'USER_LACKS_MEMBERSHIP', 'The UserID does not have a valid membership in this Account.', peek());
  }
  if (account.region !== ctx.region) {
    return errorDetails(
      400,
      'USER_AUTHENTICATION_FAILED',
      `The account ${account.accountId} is not on this server (${ctx.region ?? '?'}): it is on the "${account.region}" server, ${state.regions[account.region]}. Use the base_uri from /oauth/userinfo.`,
      peek(),
    );
  }
  const decision = state.rateLimiter.consume(account.accountId);
  if (!decision.allowed) {
    const limits = state.config.limits;
    return decision.exceeded === 'hourly'
      ? errorDetails(
          limits.rateLimitStatus,
          HOURLY_LIMIT_CODE,
          `The maximum number of hourly API invocations has been exceeded. Hourly Limit: ${limits.hourlyLimit}.`,
          decision.headers,
        )
      : errorDetails(
          limits.rateLimitStatus,
          BURST_LIMIT_CODE,
          `The maximum number of burst API invocations has been exceeded. Burst Limit: ${limits.burstLimit} per ${limits.burstWindowSeconds} seconds.`,
          decision.headers,
        );
  }
  state.countUsage(account.accountId, token.clientId, 'apiCalls');
  return { token, account, headers: decision.headers };
}

export function handleApi(state: EmulatorState, ctx: RequestContext, match: ApiMatch): Reply {
  if (match.kind === 'notFound' || !match.accountId) {
    return errorDetails(404, 'RESOURCE_NOT_FOUND', 'The URL provided does not resolve to a resource.', peekRateHeaders(state, match.accountId));
  }
  if (match.kind === 'methodNotAllowed') {
    return errorDetails(405, 'INVALID_REQUEST_PARAMETER', `The method ${ctx.method} is not supported for this resource.`, peekRateHeaders(state, match.accountId));
  }
  const auth = authorize(state, ctx, match.accountId);
  if ('status' in auth) return auth;
  const reply = (() => {
    switch (match.kind) {
      case 'createEnvelope':
        return createEnvelope(state, ctx, auth);
      case 'listEnvelopes':
        return listEnvelopes(state, ctx, auth);
      case 'getEnvelope':
        return getEnvelope(state, ctx, auth, match.envelopeId!);
      case 'senderView':
        return createSenderView(state, ctx, auth, match.envelopeId!);
      case 'updateEnvelope':
        return updateEnvelope(state, ctx, auth, match.envelopeId!);
      case 'moveToRecycleBin':
        return moveToRecycleBin(state, ctx, auth);
    }
  })();
  reply.headers = { ...reply.headers, ...auth.headers };
  return reply;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function createEnvelope(state: EmulatorState, ctx: RequestContext, auth: Authorized): Reply {
  const result = parseEnvelopeRequest(ctx.req.headers['content-type'], ctx.body, ctx.json);
  if (!result.ok) return errorDetails(400, result.errorCode, result.message);
  const def = result.value;
  const now = state.now();
  const envelope: StoredEnvelope = {
    envelopeId: randomUUID(),
    accountId: auth.account.accountId,
    region: auth.account.region,
    status: def.status,
    emailSubject: def.emailSubject,
    emailBlurb: def.emailBlurb,
    transactionId: def.transactionId,
    documents: def.documents.map((d) => ({
      documentId: d.documentId,
      name: d.name,
      fileExtension: d.fileExtension,
      bytes: d.bytes.length,
      sha256: sha256(d.bytes),
    })),
    signers: def.signers,
    carbonCopies: def.carbonCopies,
    createdBy: auth.token.sub,
    clientId: auth.token.clientId,
    createdAt: now,
    sentAt: def.status === 'sent' ? now : null,
    statusChangedAt: now,
    lastModifiedAt: now,
  };
  state.envelopes.set(envelope.envelopeId, envelope);
  state.countUsage(envelope.accountId, envelope.clientId, 'envelopesCreated');
  if (envelope.status === 'sent') state.countUsage(envelope.accountId, envelope.clientId, 'envelopesSent');
  return jsonReply(201, {
    envelopeId: envelope.envelopeId,
    status: envelope.status,
    statusDateTime: dsDate(now),
    uri: `/envelopes/${envelope.envelopeId}`,
  });
}

function recipientJson(r: StoredRecipient, type: 'signer' | 'carboncopy', envelope: StoredEnvelope): Record<string, string> {
  return {
    recipientId: r.recipientId,
    recipientType: type,
    email: r.email,
    name: r.name,
    routingOrder: r.routingOrder,
    status: envelope.status,
  };
}

function includes(ctx: RequestContext): Set<string> {
  return new Set(
    (ctx.url.searchParams.get('include') ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

export function envelopeJson(state: EmulatorState, envelope: StoredEnvelope, include: Set<string>): Record<string, unknown> {
  const sender = findUserBySub(state.seed, envelope.createdBy);
  const uri = `/envelopes/${envelope.envelopeId}`;
  const out: Record<string, unknown> = {
    envelopeId: envelope.envelopeId,
    status: envelope.status,
    emailSubject: envelope.emailSubject,
    ...(envelope.emailBlurb ? { emailBlurb: envelope.emailBlurb } : {}),
    ...(envelope.transactionId ? { transactionId: envelope.transactionId } : {}),
    createdDateTime: dsDate(envelope.createdAt),
    lastModifiedDateTime: dsDate(envelope.lastModifiedAt),
    statusChangedDateTime: dsDate(envelope.statusChangedAt),
    ...(envelope.sentAt !== null ? { sentDateTime: dsDate(envelope.sentAt), initialSentDateTime: dsDate(envelope.sentAt) } : {}),
    envelopeUri: uri,
    documentsUri: `${uri}/documents`,
    recipientsUri: `${uri}/recipients`,
    customFieldsUri: `${uri}/custom_fields`,
    envelopeLocation: 'current_site',
    signingLocation: 'online',
    is21CFRPart11: 'false',
    isSignatureProviderEnvelope: 'false',
    hasComments: 'false',
    purgeState: 'unpurged',
    sender: {
      userName: sender?.name ?? '',
      userId: envelope.createdBy,
      accountId: envelope.accountId,
      email: sender?.email ?? '',
    },
  };
  if (include.has('recipients')) {
    out.recipients = {
      signers: envelope.signers.map((r) => recipientJson(r, 'signer', envelope)),
      carbonCopies: envelope.carbonCopies.map((r) => recipientJson(r, 'carboncopy', envelope)),
      recipientCount: String(envelope.signers.length + envelope.carbonCopies.length),
      currentRoutingOrder: '1',
    };
  }
  if (include.has('documents')) {
    out.envelopeDocuments = envelope.documents.map((d, i) => ({
      documentId: d.documentId,
      name: d.name,
      type: 'content',
      order: String(i + 1),
      uri: `${uri}/documents/${d.documentId}`,
    }));
  }
  return out;
}

function listEnvelopes(state: EmulatorState, ctx: RequestContext, auth: Authorized): Reply {
  const q = ctx.url.searchParams;
  const split = (v: string | null): string[] =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const envelopeIds = split(q.get('envelope_ids')).map((s) => s.toLowerCase());
  const transactionIds = split(q.get('transaction_ids'));
  const fromDateRaw = q.get('from_date');
  const toDateRaw = q.get('to_date');
  if (envelopeIds.length === 0 && transactionIds.length === 0 && !fromDateRaw) {
    return errorDetails(
      400,
      'INVALID_REQUEST_PARAMETER',
      "The request contained at least one invalid parameter. A value for 'from_date', 'envelope_ids', or 'transaction_ids' must be set.",
    );
  }
  const parseDate = (raw: string, name: string): number | Reply => {
    const ms = Date.parse(raw);
    return Number.isNaN(ms)
      ? errorDetails(400, 'INVALID_REQUEST_PARAMETER', `The request contained at least one invalid parameter. Invalid value for '${name}': "${raw}".`)
      : ms;
  };
  let fromMs: number | null = null;
  let toMs: number | null = null;
  if (fromDateRaw) {
    const r = parseDate(fromDateRaw, 'from_date');
    if (typeof r !== 'number') return r;
    fromMs = r;
  }
  if (toDateRaw) {
    const r = parseDate(toDateRaw, 'to_date');
    if (typeof r !== 'number') return r;
    toMs = r;
  }
  const statuses = split(q.get('status')).map((s) => s.toLowerCase());
  const now = state.now();
  let found = [...state.envelopes.values()].filter((e) => e.accountId === auth.account.accountId);
  if (envelopeIds.length > 0) found = found.filter((e) => envelopeIds.includes(e.envelopeId));
  if (transactionIds.length > 0) {
    found = found.filter((e) => e.transactionId !== null && transactionIds.includes(e.transactionId) && now - e.createdAt <= TRANSACTION_ID_TTL_MS);
  }
  if (fromMs !== null) found = found.filter((e) => e.statusChangedAt >= fromMs);
  if (toMs !== null) found = found.filter((e) => e.statusChangedAt <= toMs);
  if (statuses.length > 0 && !statuses.includes('any')) found = found.filter((e) => statuses.includes(e.status));
  found.sort((a, b) => a.createdAt - b.createdAt);
  const start = Math.max(0, Number.parseInt(q.get('start_position') ?? '0', 10) || 0);
  const count = Math.min(1000, Math.max(1, Number.parseInt(q.get('count') ?? '100', 10) || 100));
  const page = found.slice(start, start + count);
  const include = includes(ctx);
  return jsonReply(200, {
    resultSetSize: String(page.length),
    totalSetSize: String(found.length),
    startPosition: String(start),
    endPosition: String(page.length > 0 ? start + page.length - 1 : start),
    nextUri: '',
    previousUri: '',
    lastQueriedDateTime: dsDate(now),
    envelopes: page.map((e) => envelopeJson(state, e, include)),
  });
}

function envelopeOf(state: EmulatorState, accountId: string, envelopeId: string): StoredEnvelope | undefined {
  const e = state.envelopes.get(envelopeId.toLowerCase());
  return e && e.accountId === accountId ? e : undefined;
}

function notFound(envelopeId: string): Reply {
  return errorDetails(404, 'ENVELOPE_DOES_NOT_EXIST', `The envelope specified either does not exist or you have no rights to it. (${envelopeId})`);
}

function getEnvelope(state: EmulatorState, ctx: RequestContext, auth: Authorized, envelopeId: string): Reply {
  const envelope = envelopeOf(state, auth.account.accountId, envelopeId);
  if (!envelope) return notFound(envelopeId);
  return jsonReply(200, envelopeJson(state, envelope, includes(ctx)));
}

function createSenderView(state: EmulatorState, ctx: RequestContext, auth: Authorized, envelopeId: string): Reply {
  const envelope = envelopeOf(state, auth.account.accountId, envelopeId);
  if (!envelope) return notFound(envelopeId);
  if (mediaType(ctx.req) !== 'application/json') {
    return errorDetails(400, 'INVALID_CONTENT_TYPE', 'Content Type specified is not supported. Use application/json.');
  }
  const parsed = ctx.json();
  if (!parsed.ok) return errorDetails(400, 'INVALID_REQUEST_BODY', `The request body is missing or improperly formatted. ${parsed.error}`);
  const body = parsed.value;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return errorDetails(400, 'INVALID_REQUEST_BODY', 'The request body is missing or improperly formatted. Expected an envelopeViewRequest object.');
  }
  const request = body as Record<string, unknown>;
  if (!isAbsoluteHttpUrl(request.returnUrl)) {
    return errorDetails(
      400,
      'INVALID_REQUEST_PARAMETER',
      "The request contained at least one invalid parameter. 'returnUrl' is required and must be an absolute http(s) URL.",
    );
  }
  if (request.viewAccess !== 'envelope') {
    return errorDetails(
      400,
      'INVALID_REQUEST_PARAMETER',
      "The request contained at least one invalid parameter. 'viewAccess' must be \"envelope\" (the envelopeViewRequest body is required).",
    );
  }
  if (request.settings !== undefined && (request.settings === null || typeof request.settings !== 'object' || Array.isArray(request.settings))) {
    return errorDetails(400, 'INVALID_REQUEST_BODY', "The request body is missing or improperly formatted. 'settings' must be an object.");
  }
  if (envelope.status !== 'created') {
    return errorDetails(
      400,
      'ENVELOPE_INVALID_STATUS',
      `Invalid envelope status: the sender view is only available for draft envelopes (status "created"); this envelope is "${envelope.status}".`,
    );
  }
  const token = randomToken('', 24);
  state.senderViews.set(token, {
    token,
    envelopeId: envelope.envelopeId,
    accountId: envelope.accountId,
    region: envelope.region,
    returnUrl: request.returnUrl,
    settings: request.settings ?? null,
    expiresAt: state.now() + SENDER_VIEW_TTL_MS,
    stage: 'issued',
  });
  return jsonReply(201, { url: `${state.regions[envelope.region]}/senderview/${token}` });
}

/** The JSON object body of a PUT, or the error DocuSign answers. */
function jsonObjectBody(ctx: RequestContext, what: string): { ok: true; body: Record<string, unknown> } | { ok: false; reply: Reply } {
  const fail = (reply: Reply) => ({ ok: false as const, reply });
  if (mediaType(ctx.req) !== 'application/json') {
    return fail(errorDetails(400, 'INVALID_CONTENT_TYPE', 'Content Type specified is not supported. Use application/json.'));
  }
  const parsed = ctx.json();
  if (!parsed.ok) return fail(errorDetails(400, 'INVALID_REQUEST_BODY', `The request body is missing or improperly formatted. ${parsed.error}`));
  const body = parsed.value;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return fail(errorDetails(400, 'INVALID_REQUEST_BODY', `The request body is missing or improperly formatted. Expected ${what}.`));
  }
  return { ok: true, body: body as Record<string, unknown> };
}

/**
 * PUT …/envelopes/{id} {"status":"sent"}: sends a draft (DocuSign's Envelopes: update). Only the
 * status change to "sent" is modelled. A second send of the same envelope is refused with
 * ENVELOPE_INVALID_STATUS, as the sender view is (the exact answer DocuSign gives for sending an
 * envelope that is already sent is UNCONFIRMED; the extension checks the envelope's status after
 * any refusal, so it does not depend on it).
 */
function updateEnvelope(state: EmulatorState, ctx: RequestContext, auth: Authorized, envelopeId: string): Reply {
  const envelope = envelopeOf(state, auth.account.accountId, envelopeId);
  if (!envelope) return notFound(envelopeId);
  const parsed = jsonObjectBody(ctx, 'an envelope object');
  if (!parsed.ok) return parsed.reply;
  const request = parsed.body;
  if (request.status !== 'sent') {
    return errorDetails(
      400,
      'INVALID_REQUEST_PARAMETER',
      "The request contained at least one invalid parameter. This emulator only supports the envelope update {\"status\": \"sent\"}.",
    );
  }
  if (envelope.status !== 'created') {
    return errorDetails(
      400,
      'ENVELOPE_INVALID_STATUS',
      `Invalid envelope status: only a draft envelope (status "created") can be sent; this envelope is "${envelope.status}".`,
    );
  }
  const now = state.now();
  envelope.status = 'sent';
  envelope.sentAt = now;
  envelope.statusChangedAt = now;
  envelope.lastModifiedAt = now;
  state.countUsage(envelope.accountId, envelope.clientId, 'envelopesSent');
  return jsonReply(200, { envelopeId: envelope.envelopeId });
}

/**
 * PUT …/folders/recyclebin {"envelopeIds": [...]}: DocuSign's "delete envelopes". A draft is
 * deleted (status "deleted"); an envelope in process is voided, as DocuSign's docs say for moving
 * one to the recycle bin. Every id must name an envelope of this account, else nothing is moved.
 */
function moveToRecycleBin(state: EmulatorState, ctx: RequestContext, auth: Authorized): Reply {
  const parsed = jsonObjectBody(ctx, 'a foldersRequest object');
  if (!parsed.ok) return parsed.reply;
  const ids = parsed.body.envelopeIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id.trim() !== '')) {
    return errorDetails(400, 'INVALID_REQUEST_PARAMETER', "The request contained at least one invalid parameter. 'envelopeIds' must be a non-empty list of envelope ids.");
  }
  const envelopes: StoredEnvelope[] = [];
  for (const id of ids as string[]) {
    const envelope = envelopeOf(state, auth.account.accountId, id);
    if (!envelope) return notFound(id);
    envelopes.push(envelope);
  }
  const now = state.now();
  for (const envelope of envelopes) {
    if (envelope.status === 'created') envelope.status = 'deleted';
    else if (envelope.status === 'sent') envelope.status = 'voided';
    else continue;
    envelope.statusChangedAt = now;
    envelope.lastModifiedAt = now;
  }
  return jsonReply(200, {});
}
