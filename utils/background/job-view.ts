import type { JobSummary } from '../outbox';
import type { JobView } from '../messaging/content-protocol';

/** The slice of a job a host page may see: no tokens (jobs hold none), no bytes, no host user. */
export function toJobView(job: JobSummary): JobView {
  return {
    id: job.id,
    state: job.state,
    mode: job.mode,
    documentUrl: job.documentUrl,
    documentName: job.documentName,
    ...(job.profileLabel ? { profileLabel: job.profileLabel } : {}),
    ...(job.accountName ? { accountName: job.accountName } : {}),
    ...(job.envelopeId ? { envelopeId: job.envelopeId } : {}),
    ...(job.senderViewEvent ? { senderViewEvent: job.senderViewEvent } : {}),
    ...(job.nextAttemptAt ? { nextAttemptAt: job.nextAttemptAt } : {}),
    ...(job.waitReason ? { waitReason: job.waitReason } : {}),
    ...(job.error ? { error: job.error } : {}),
    updatedAt: job.updatedAt,
  };
}
