/**
 * Public shapes of the outbox (persistent send jobs). Everything here is token-free and plain JSON,
 * so it can cross extension messaging; only `NewSendJob` carries document bytes (into the outbox).
 */
import type { SessionSnapshot } from '../auth/types';
import type { IntegrationProfile } from '../config/types';
import type { JobError, JobOutcomeKind, JobState, JobWaitKind } from '../db';
import type { SendProblem } from '../send/validate';

export type { JobError, JobOutcomeKind, JobState, JobWaitKind };

export interface NewSendJob {
  /** The host user (a routing hint read from the page); only origin, id, email and name are kept. */
  hostUser: { origin: string; id: string; email?: string; name?: string };
  /** Where the user clicked: the sender view's returnUrl is this plus `swdJob=<id>`. */
  hostPageUrl: string;
  /** For the per-document badge. */
  documentUrl: string;
  profileId: string;
  document: { name: string; fileType: string; bytes: Uint8Array; contentType?: string };
  recipients: { name: string; email: string }[];
  /** Already filled from the template (≤ 100 characters). */
  subject: string;
  message?: string;
  mode: 'embedded' | 'direct';
  /** Direct mode only: create the envelope sent, in one call (the profile's directSend "one-call"). */
  sendOnCreate?: boolean;
}

/** Token-free, byte-free view of a job for the popup, options page and content scripts. */
export interface JobSummary {
  id: string;
  state: JobState;
  mode: 'embedded' | 'direct';
  profileId: string;
  profileLabel?: string;
  /** Verified account (absent until known when the job was queued while signed out). */
  accountId?: string;
  accountName?: string;
  baseUri?: string;
  /** Host of the account's base URI, e.g. "eu.docusign.net" (the region the envelope lives in). */
  region?: string;
  /** The DocuSign user the envelope is created as. */
  docuSignUserEmail?: string;
  hostUserKey: string;
  hostUser: { origin: string; id: string; email?: string; name?: string };
  hostPageUrl: string;
  documentName: string;
  documentUrl: string;
  fileType: string;
  /** Document size in bytes. */
  size: number;
  /** sha-256 of the document (hex). */
  sha256: string;
  /** Whether the document bytes are still stored (false once done / discarded). */
  documentStored: boolean;
  recipients: { name: string; email: string }[];
  subject: string;
  envelopeId?: string;
  envelopeStatus?: string;
  envelopeStatusCheckedAt?: number;
  /** Sent copies of this envelope that the extension voided (a re-sent one-call create). */
  duplicatesVoided?: number;
  /** Consecutive failed attempts of the current step. */
  attempts: number;
  /** Epoch ms; present while the job waits ("queued until 14:00"). */
  nextAttemptAt?: number;
  waitKind?: JobWaitKind;
  /** e.g. "DocuSign hourly limit for Acme EU". */
  waitReason?: string;
  error?: { kind: string; message: string };
  senderViewEvent?: string;
  outcome?: JobOutcomeKind;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  /** retryJob applies (failed, needs-sign-in, waiting, or reopen the sender view). */
  canRetry: boolean;
  /** discardJob applies. */
  canDiscard: boolean;
}

export interface OutboxDeps {
  getProfile(id: string): Promise<IntegrationProfile | undefined>;
  /** Token-free snapshot with the verified account and user (utils/auth getSession). */
  getSession(profileId: string): Promise<SessionSnapshot>;
  /** A valid access token; throws AuthError needs_sign_in (utils/auth getAccessToken). */
  getAccessToken(profileId: string): Promise<string>;
  /** After a 401: renew once (utils/auth refreshSession). */
  refreshSession(profileId: string): Promise<unknown>;
  /** Open the (single-use) sender view URL in a new tab. */
  openSenderView(url: string, job: JobSummary): Promise<void>;
  /**
   * Wake the outbox at `atMs` (browser.alarms), even after the worker was stopped. Called with the
   * earliest due time of all waiting jobs and duplicate checks, and with a watchdog time while
   * jobs are under way: keep the earliest pending wake-up (one alarm is enough).
   */
  scheduleWake(atMs: number): Promise<void>;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  /** Cap on stored document bytes (all unfinished jobs together). Default 200 MB (settings.maxStoredDocumentsMb). */
  maxStoredBytes?: number;
  /** Status refresh interval per envelope; default 20 min, never below 15 min (DocuSign's rule). */
  statusIntervalMs?: number;
  /** Short waits (≤ this many ms) also get an in-process timer, since alarms fire after 30 s at the earliest. Default 60 s; 0 = off. */
  inProcessWakeMaxMs?: number;
  /** Unexpected errors (a throwing listener, a bug); for diagnostics. Never carries a token. */
  onError?: (error: unknown) => void;
}

export type OutboxErrorCode =
  /** configureOutbox was not called. */
  | 'not_configured'
  /** The send does not pass the checks DocuSign would apply (see `problems`). */
  | 'invalid_send'
  /** No integration profile with that id. */
  | 'unknown_profile'
  /** Storing the document would exceed the outbox's byte cap. */
  | 'storage_full'
  /** No job with that id. */
  | 'not_found'
  /** The action does not apply to the job's state (e.g. retry of a finished job). */
  | 'invalid_state';

export class OutboxError extends Error {
  override readonly name = 'OutboxError';
  readonly code: OutboxErrorCode;
  readonly problems?: SendProblem[];

  constructor(code: OutboxErrorCode, message: string, problems?: SendProblem[]) {
    super(message);
    this.code = code;
    if (problems) this.problems = problems;
  }

  toJSON(): { name: 'OutboxError'; code: OutboxErrorCode; message: string; problems?: SendProblem[] } {
    return { name: this.name, code: this.code, message: this.message, ...(this.problems ? { problems: this.problems } : {}) };
  }
}

export function isOutboxError(value: unknown): value is OutboxError {
  return value instanceof OutboxError;
}

/** One line of the usage report: envelopes counted for one period × account × profile × host user × DocuSign user. */
export interface UsageRow {
  /** '2026-05-12' (day) or '2026-05' (month), UTC unless timeZone 'local'. */
  period: string;
  accountId: string;
  accountName: string;
  /** Account base URI host, e.g. "eu.docusign.net". */
  region: string;
  baseUri: string;
  profileId: string;
  profileLabel: string;
  hostUserKey: string;
  hostOrigin: string;
  hostUserId: string;
  hostUserEmail: string;
  hostUserName: string;
  docuSignUserEmail: string;
  /** Envelopes created in DocuSign (each counts against the account). */
  envelopes: number;
  /** Of which sent (directly, from the sender view, or seen sent by a status query). */
  sent: number;
  /** Of which still drafts (created, not sent as far as the extension knows). */
  drafts: number;
}

export interface UsageReportOptions {
  groupBy?: 'day' | 'month';
  /** Epoch ms, inclusive / exclusive bounds on the envelope's creation time. */
  from?: number;
  to?: number;
  /** Default 'utc'. */
  timeZone?: 'utc' | 'local';
}

export interface ListJobsFilter {
  hostUserKey?: string;
  documentUrls?: string[];
  /** Only these states (default: every state but discarded). */
  states?: JobState[];
  includeDiscarded?: boolean;
  /** Most recent first; default 100. */
  limit?: number;
}
