import type { JobView } from '../messaging/content-protocol';
import type { ButtonBadge } from './send-button';
import { t } from '../i18n';

/** Pure: the per-document badge for a job's state. */
export function badgeForJob(job: JobView, onRetry: () => void): ButtonBadge | null {
  switch (job.state) {
    case 'queued':
    case 'creating':
      if (job.nextAttemptAt && job.waitReason) {
        const time = new Date(job.nextAttemptAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        return { kind: 'queued', text: t('toastQueuedUntil', [time, job.waitReason]) };
      }
      return { kind: 'working', text: t('badgeWorking') };
    case 'created':
    case 'sender-view-opened':
      return { kind: 'draft', text: t('badgeDraft') };
    case 'sent':
      return { kind: 'sent', text: t('badgeSent') };
    case 'done':
      if (job.senderViewEvent === 'Save') return { kind: 'draft', text: t('badgeDraft') };
      if (job.senderViewEvent && job.senderViewEvent !== 'Send') return { kind: 'cancelled', text: t('badgeCancelled') };
      return { kind: 'sent', text: t('badgeSent') };
    case 'needs-sign-in':
      return { kind: 'queued', text: t('buttonSignIn'), title: job.error?.message ?? t('buttonSignIn') };
    case 'failed':
      return { kind: 'failed', text: t('badgeFailed'), title: job.error?.message ?? t('badgeFailed'), onRetry };
    case 'discarded':
      return null;
    default:
      return null;
  }
}
