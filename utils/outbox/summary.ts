import type { JobRecord } from '../db';
import type { JobSummary } from './types';

export function regionOf(baseUri: string | undefined): string | undefined {
  if (!baseUri) return undefined;
  try {
    return new URL(baseUri).host;
  } catch {
    return undefined;
  }
}

export function canRetry(job: Pick<JobRecord, 'state' | 'nextAttemptAt'>): boolean {
  switch (job.state) {
    case 'failed':
    case 'needs-sign-in':
    case 'sender-view-opened':
      return true;
    case 'queued':
    case 'creating':
    case 'created':
      return job.nextAttemptAt !== undefined;
    default:
      return false;
  }
}

export function canDiscard(job: Pick<JobRecord, 'state'>): boolean {
  return job.state !== 'done' && job.state !== 'discarded';
}

/** The token-free, byte-free view of a job record. */
export function toSummary(job: JobRecord): JobSummary {
  const region = regionOf(job.account?.baseUri);
  const hostUser = {
    origin: job.hostUser.origin,
    id: job.hostUser.id,
    ...(job.hostUser.email !== undefined ? { email: job.hostUser.email } : {}),
    ...(job.hostUser.name !== undefined ? { name: job.hostUser.name } : {}),
  };
  return {
    id: job.id,
    state: job.state,
    mode: job.mode,
    profileId: job.profileId,
    ...(job.profileLabel !== undefined ? { profileLabel: job.profileLabel } : {}),
    ...(job.account
      ? { accountId: job.account.accountId, accountName: job.account.accountName, baseUri: job.account.baseUri }
      : job.expectedAccountId
        ? { accountId: job.expectedAccountId }
        : {}),
    ...(region !== undefined ? { region } : {}),
    ...(job.docuSignUser ? { docuSignUserEmail: job.docuSignUser.email } : {}),
    hostUserKey: job.hostUserKey,
    hostUser,
    hostPageUrl: job.hostPageUrl,
    documentName: job.document.name,
    documentUrl: job.documentUrl,
    fileType: job.document.fileType,
    size: job.document.size,
    sha256: job.document.sha256,
    documentStored: (job.storedBytes ?? 0) > 0,
    recipients: job.recipients.map((r) => ({ name: r.name, email: r.email })),
    subject: job.subject,
    ...(job.envelopeId !== undefined ? { envelopeId: job.envelopeId } : {}),
    ...(job.envelopeStatus !== undefined ? { envelopeStatus: job.envelopeStatus } : {}),
    ...(job.envelopeStatusCheckedAt !== undefined ? { envelopeStatusCheckedAt: job.envelopeStatusCheckedAt } : {}),
    ...(job.duplicatesVoided ? { duplicatesVoided: job.duplicatesVoided } : {}),
    attempts: job.attempts ?? 0,
    ...(job.nextAttemptAt !== undefined ? { nextAttemptAt: job.nextAttemptAt } : {}),
    ...(job.waitKind !== undefined ? { waitKind: job.waitKind } : {}),
    ...(job.waitReason !== undefined ? { waitReason: job.waitReason } : {}),
    ...(job.error ? { error: { kind: job.error.kind, message: job.error.message } } : {}),
    ...(job.senderViewEvent !== undefined ? { senderViewEvent: job.senderViewEvent } : {}),
    ...(job.outcome !== undefined ? { outcome: job.outcome } : {}),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.finishedAt !== undefined ? { finishedAt: job.finishedAt } : {}),
    canRetry: canRetry(job),
    canDiscard: canDiscard(job),
  };
}
