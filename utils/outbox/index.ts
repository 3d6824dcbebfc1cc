/**
 * The outbox: every send is a job persisted in IndexedDB (document bytes included) before any
 * network call, moved through explicit states by the pure state machine (state-machine.ts) with
 * every transition persisted (store.ts) and announced (onJobChanged). The runner (runner.ts)
 * resumes unfinished jobs on every worker start, alarm and sign-in; a job whose create request may
 * have reached DocuSign looks itself up by transactionId (= job id) before creating anything.
 * Background worker only. Tokens are never stored in jobs nor given to listeners.
 */
import { selectionKey } from '../config/routing';
import type { JobRecord, JobState } from '../db';
import { formatMegabytes, quoteName, sniffDocument, validateSend, type SendProblem } from '../send/validate';
import { DEFAULT_MAX_STORED_BYTES, addListener, emitChanged, maybeDeps, now, reportError, requireDeps, setDeps } from './context';
import { apply, runDueJobs } from './runner';
import { FINAL_STATES, createStatusOf } from './state-machine';
import { CapExceeded, allJobs, insertJob, jobsByIndex, readJob } from './store';
import { toSummary } from './summary';
import { buildUsageRows } from './usage';
import {
  OutboxError,
  type JobSummary,
  type ListJobsFilter,
  type NewSendJob,
  type OutboxDeps,
  type UsageReportOptions,
  type UsageRow,
} from './types';

export * from './types';
export { runDueJobs, senderViewReturnUrl, JOB_QUERY_PARAM, whenIdle } from './runner';
export { refreshStatuses } from './status';
export { statusReserve } from './context';
export { toCsv, buildUsageRows, usagePeriod, csvCell, USAGE_CSV_COLUMNS } from './usage';
export {
  nextState,
  resumeStateOf,
  isDue,
  normalizeSenderViewEvent,
  waitReasonText,
  JOB_OUTCOME_TYPES,
  RUNNABLE_STATES,
  FINAL_STATES,
  type JobOutcome,
  type JobOutcomeType,
  type Transition,
} from './state-machine';
export { toSummary } from './summary';
export { DEFAULT_MAX_STORED_BYTES } from './context';

/** Sets the outbox's dependencies (background start-up); resets its in-memory state. */
export function configureOutbox(deps: OutboxDeps): void {
  setDeps(deps);
}

/** Subscribes to persisted job changes; returns the unsubscribe function. */
export function onJobChanged(listener: (job: JobSummary) => void): () => void {
  return addListener(listener);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function invalid(problems: SendProblem[]): OutboxError {
  return new OutboxError('invalid_send', problems.map((p) => p.message).join(' '), problems);
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A Uint8Array that owns exactly its bytes (IndexedDB would otherwise store the whole buffer of a view). */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/**
 * Validates a send, persists it as a `queued` job (bytes, sha-256, transactionId = job id) and
 * starts the runner (not awaited: progress arrives through onJobChanged). Not being signed in is
 * not an error: the job moves to needs-sign-in and continues after sign-in.
 * Throws OutboxError: invalid_send (with `problems`), unknown_profile, storage_full (nothing written).
 */
export async function enqueueSend(input: NewSendJob): Promise<JobSummary> {
  const deps = requireDeps();
  const problems: SendProblem[] = [];
  const bytes = input.document?.bytes;
  if (!(bytes instanceof Uint8Array)) {
    throw invalid([{ code: 'empty_document', field: 'document', message: 'The document arrived empty, so there is nothing to send.' }]);
  }
  if (!input.hostUser || typeof input.hostUser.origin !== 'string' || !input.hostUser.origin || typeof input.hostUser.id !== 'string' || !input.hostUser.id) {
    throw new OutboxError('invalid_send', 'The app user could not be identified on this page, so the send was not queued.');
  }
  if (!isHttpUrl(input.hostPageUrl)) throw new OutboxError('invalid_send', 'The page address is not a web address, so DocuSign could not return to it.');
  if (input.mode !== 'embedded' && input.mode !== 'direct') throw new OutboxError('invalid_send', `Unknown send mode \u201c${String(input.mode)}\u201d.`);

  const profile = await deps.getProfile(input.profileId);
  if (!profile) throw new OutboxError('unknown_profile', `The DocuSign profile \u201c${input.profileId}\u201d is not configured.`);

  const id = crypto.randomUUID();
  // A draft (runner.ts: direct mode sends it next), unless direct mode sends in one call.
  const createStatus = createStatusOf(input);
  const hostUserField = input.hostUser.email || input.hostUser.id;
  const checked = validateSend({
    name: input.document.name,
    fileType: input.document.fileType,
    recipients: input.recipients ?? [],
    subject: input.subject,
    ...(input.message !== undefined ? { message: input.message } : {}),
    documentSize: bytes.length,
    transactionId: id,
    status: createStatus,
    customFields: { ...(hostUserField ? { hostUser: hostUserField } : {}), profile: input.profileId },
  });
  if (!checked.ok) problems.push(...checked.problems);
  if (bytes.length > 0) {
    const sniffed = sniffDocument(bytes, input.document.fileType, input.document.contentType, input.document.name);
    if (!sniffed.ok) problems.push(...sniffed.problems.filter((p) => !problems.some((q) => q.code === p.code)));
  }
  if (problems.length) throw invalid(problems);

  const cap = deps.maxStoredBytes ?? DEFAULT_MAX_STORED_BYTES;
  if (bytes.length > cap) {
    throw new OutboxError(
      'storage_full',
      `${quoteName(input.document.name)} (${formatMegabytes(bytes.length)}) is larger than the outbox may store (${formatMegabytes(cap)}). Raise "Space for documents waiting to be sent" in the extension's options (Settings), or ask your administrator if it is managed.`,
    );
  }

  const sha256 = await sha256Hex(bytes);
  let account: JobRecord['account'];
  let docuSignUser: JobRecord['docuSignUser'];
  try {
    const session = await deps.getSession(input.profileId);
    if (session.account && (!profile.accountId || session.account.accountId === profile.accountId)) {
      account = { accountId: session.account.accountId, accountName: session.account.accountName, baseUri: session.account.baseUri };
    }
    if (session.user) docuSignUser = { sub: session.user.sub, email: session.user.email, name: session.user.name };
  } catch (error) {
    reportError(error); // bound at the first run instead
  }

  const t = now();
  const hostUser = {
    origin: input.hostUser.origin,
    id: input.hostUser.id,
    ...(input.hostUser.email ? { email: input.hostUser.email } : {}),
    ...(input.hostUser.name ? { name: input.hostUser.name } : {}),
  };
  const record: JobRecord = {
    id,
    v: 1,
    state: 'queued',
    mode: input.mode,
    ...(createStatus === 'sent' ? { sendOnCreate: true as const } : {}),
    createdAt: t,
    updatedAt: t,
    hostUser,
    hostUserKey: selectionKey(hostUser.origin, hostUser.id),
    hostPageUrl: input.hostPageUrl,
    documentUrl: input.documentUrl,
    profileId: profile.id,
    ...(profile.label ? { profileLabel: profile.label } : {}),
    ...(profile.accountId ? { expectedAccountId: profile.accountId } : {}),
    ...(account ? { account } : {}),
    ...(docuSignUser ? { docuSignUser } : {}),
    document: {
      name: input.document.name,
      fileType: input.document.fileType,
      ...(input.document.contentType ? { contentType: input.document.contentType } : {}),
      size: bytes.length,
      sha256,
    },
    storedBytes: bytes.length,
    recipients: input.recipients.map((r) => ({ name: r.name, email: r.email })),
    subject: input.subject,
    ...(input.message !== undefined && input.message !== '' ? { message: input.message } : {}),
    createUncertain: false,
    attempts: 0,
    createRequests: 0,
  };

  try {
    await insertJob(record, ownBytes(bytes), cap);
  } catch (error) {
    if (error instanceof CapExceeded) {
      throw new OutboxError(
        'storage_full',
        `The outbox is full: ${formatMegabytes(error.used)} of documents are waiting to be sent, and ${quoteName(input.document.name)} ` +
          `(${formatMegabytes(bytes.length)}) would go over the ${formatMegabytes(cap)} limit. Nothing was sent. ` +
          'Wait for pending sends to finish, or retry or discard the failed ones in the extension\u2019s popup, then try again.',
      );
    }
    throw error;
  }
  emitChanged(record);
  void runDueJobs().catch(reportError);
  return toSummary(record);
}

async function requireJob(id: string): Promise<JobRecord> {
  const job = await readJob(id);
  if (!job) throw new OutboxError('not_found', 'This send no longer exists.');
  return job;
}

/**
 * Try again: failed / needs-sign-in jobs resume where they left off (a job whose envelope exists
 * never creates another); a waiting job runs now; sender-view-opened reopens the sender view of the
 * same envelope. Throws OutboxError invalid_state for finished jobs.
 */
export async function retryJob(id: string): Promise<JobSummary> {
  requireDeps();
  await requireJob(id);
  const applied = await apply(id, { type: 'retry' });
  if (!applied) throw new OutboxError('not_found', 'This send no longer exists.');
  if (!applied.transition.ok) {
    throw new OutboxError('invalid_state', stateMessage(applied.job.state, 'retried'));
  }
  void runDueJobs().catch(reportError);
  return toSummary(applied.job);
}

/** Stops a job for good and purges its document. A created draft stays in DocuSign. */
export async function discardJob(id: string): Promise<JobSummary> {
  await requireJob(id);
  const applied = await apply(id, { type: 'discard' });
  if (!applied) throw new OutboxError('not_found', 'This send no longer exists.');
  if (!applied.transition.ok) throw new OutboxError('invalid_state', stateMessage(applied.job.state, 'discarded'));
  return toSummary(applied.job);
}

function stateMessage(state: JobState, verb: string): string {
  if (state === 'done') return `This send is already finished, so it cannot be ${verb}.`;
  if (state === 'discarded') return `This send was discarded, so it cannot be ${verb}.`;
  return `This send cannot be ${verb} right now (${state}).`;
}

/**
 * The sender view returned to the host page with `event`: Send → sent → done; Save → done (draft
 * saved); Cancel → done (cancelled); anything else is noted and the job stays open (the user can
 * reopen or discard). Reporting again for a finished job changes nothing (returns it as it is).
 */
export async function recordSenderViewEvent(id: string, event: string): Promise<JobSummary> {
  await requireJob(id);
  const applied = await apply(id, { type: 'sender-view-event', event: String(event ?? '') });
  if (!applied) throw new OutboxError('not_found', 'This send no longer exists.');
  let job = applied.job;
  if (applied.transition.ok && job.state === 'sent') {
    const finished = await apply(id, { type: 'finish' });
    if (finished) job = finished.job;
  }
  return toSummary(job);
}

/** Jobs, most recent first (default: all but discarded, at most 100). */
export async function listJobs(filter: ListJobsFilter = {}): Promise<JobSummary[]> {
  let jobs: JobRecord[];
  if (filter.hostUserKey !== undefined) {
    jobs = await jobsByIndex('by-host-user', filter.hostUserKey);
  } else if (filter.documentUrls) {
    const seen = new Map<string, JobRecord>();
    for (const url of new Set(filter.documentUrls)) for (const j of await jobsByIndex('by-document', url)) seen.set(j.id, j);
    jobs = [...seen.values()];
  } else {
    jobs = await allJobs();
  }
  if (filter.documentUrls) {
    const urls = new Set(filter.documentUrls);
    jobs = jobs.filter((j) => urls.has(j.documentUrl));
  }
  if (filter.states) {
    const states = new Set(filter.states);
    jobs = jobs.filter((j) => states.has(j.state));
  } else if (!filter.includeDiscarded) {
    jobs = jobs.filter((j) => j.state !== 'discarded');
  }
  jobs.sort((a, b) => b.createdAt - a.createdAt || b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
  const limit = filter.limit ?? 100;
  return jobs.slice(0, Math.max(0, limit)).map(toSummary);
}

export async function getJob(id: string): Promise<JobSummary | null> {
  const job = await readJob(id);
  return job ? toSummary(job) : null;
}

/** Envelopes per account / profile / host user / DocuSign user and day or month. */
export async function usageReport(opts: UsageReportOptions = {}): Promise<UsageRow[]> {
  return buildUsageRows(await allJobs(), opts);
}

/** Bytes of documents the outbox holds, and its cap (for the options page). */
export async function outboxStorage(): Promise<{ usedBytes: number; maxBytes: number; pendingJobs: number }> {
  const jobs = await allJobs();
  return {
    usedBytes: jobs.reduce((sum, j) => sum + (j.storedBytes ?? 0), 0),
    maxBytes: maybeDeps()?.maxStoredBytes ?? DEFAULT_MAX_STORED_BYTES,
    pendingJobs: jobs.filter((j) => !FINAL_STATES.includes(j.state)).length,
  };
}
