/**
 * Send jobs and usage rows in words, for the options page ("Sends", "Usage") and the popup. Pure:
 * every function takes the translator (and, where a time is shown, the time formatter), so unit
 * tests check the English text from messages.json.
 */
import type { JobSummary, UsageRow } from '../../utils/outbox/types';
import type { MessageKey } from '../../utils/i18n';
import { t } from '../../utils/i18n';
import { formatDateTime } from '../format';
import type { Tr } from '../i18n';

export type TimeFormat = (ms: number) => string;

/** "14:05" today, "12 Mar 2026, 14:05" on another day (local time). */
export function formatWhen(ms: number, now: number = Date.now(), locale?: string): string {
  const a = new Date(ms);
  const b = new Date(now);
  const sameDay = a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  if (sameDay) return a.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return formatDateTime(ms, locale);
}

const defaultWhen: TimeFormat = (ms) => formatWhen(ms);

type StateFields = Pick<JobSummary, 'state' | 'nextAttemptAt' | 'waitReason' | 'error' | 'outcome' | 'senderViewEvent'>;

/** How a job's state reads and looks: `tone` picks the colour (and is never the only cue). */
export type JobTone = 'ok' | 'draft' | 'waiting' | 'failed' | 'neutral';

/** A job that waits before its next try ("Queued until 14:00 (…)"). */
export function isWaiting(job: Pick<JobSummary, 'state' | 'nextAttemptAt'>): boolean {
  return job.nextAttemptAt !== undefined && (job.state === 'queued' || job.state === 'creating' || job.state === 'created');
}

/**
 * The job's state in words: "Sent", "Draft in DocuSign", "Queued until 14:00 (DocuSign hourly
 * limit for Acme EU)", "Failed: <DocuSign's message>", "Waiting for DocuSign sign-in".
 */
export function jobStateText(job: StateFields, tr: Tr = t, when: TimeFormat = defaultWhen): string {
  if (isWaiting(job) && job.nextAttemptAt !== undefined) {
    const time = when(job.nextAttemptAt);
    return job.waitReason ? tr('uiJobQueuedUntil', [time, job.waitReason]) : tr('uiJobQueuedUntilNoReason', time);
  }
  switch (job.state) {
    case 'queued':
      return tr('uiJobQueued');
    case 'creating':
      return tr('uiJobSending');
    case 'created':
      return tr('uiJobDraft');
    case 'sender-view-opened':
      return tr('uiJobDraftOpen');
    case 'sent':
      return tr('uiJobSent');
    case 'done':
      if (job.outcome === 'draft-saved' || (job.outcome === undefined && job.senderViewEvent === 'Save')) return tr('uiJobDraft');
      if (job.outcome === 'cancelled' || (job.outcome === undefined && job.senderViewEvent === 'Cancel')) return tr('uiJobCancelled');
      return tr('uiJobSent');
    case 'failed':
      return job.error?.message ? tr('uiJobFailed', job.error.message) : tr('uiJobFailedNoReason');
    case 'needs-sign-in':
      return tr('uiJobNeedsSignIn');
    case 'discarded':
      return tr('uiJobDiscarded');
  }
}

export function jobTone(job: StateFields): JobTone {
  if (isWaiting(job)) return 'waiting';
  switch (job.state) {
    case 'sent':
      return 'ok';
    case 'done':
      if (job.outcome === 'draft-saved' || (job.outcome === undefined && job.senderViewEvent === 'Save')) return 'draft';
      if (job.outcome === 'cancelled' || (job.outcome === undefined && job.senderViewEvent === 'Cancel')) return 'neutral';
      return 'ok';
    case 'created':
    case 'sender-view-opened':
      return 'draft';
    case 'failed':
      return 'failed';
    case 'needs-sign-in':
    case 'queued':
    case 'creating':
      return 'waiting';
    case 'discarded':
      return 'neutral';
  }
}

export interface RetryWording {
  /** The visible label ("Retry"). */
  label: string;
  /** The accessible name, starting with the label and naming the document ("Retry Master Services Agreement.pdf"). */
  name: string;
}

/** What "retry" means for this job: Retry (failed / needs sign-in), Try now (waiting), Reopen (sender view). */
export function retryWording(job: Pick<JobSummary, 'state' | 'nextAttemptAt' | 'documentName'>, tr: Tr = t): RetryWording {
  if (job.state === 'sender-view-opened') return { label: tr('uiJobReopen'), name: tr('uiJobReopenDoc', job.documentName) };
  if (isWaiting(job)) return { label: tr('uiJobTryNow'), name: tr('uiJobTryNowDoc', job.documentName) };
  return { label: tr('uiJobRetry'), name: tr('uiJobRetryDoc', job.documentName) };
}

const ENVELOPE_STATUS_KEYS: Record<string, MessageKey> = {
  created: 'uiEnvelopeStatusCreated',
  sent: 'uiEnvelopeStatusSent',
  delivered: 'uiEnvelopeStatusDelivered',
  signed: 'uiEnvelopeStatusSigned',
  completed: 'uiEnvelopeStatusCompleted',
  declined: 'uiEnvelopeStatusDeclined',
  voided: 'uiEnvelopeStatusVoided',
  deleted: 'uiEnvelopeStatusDeleted',
  correct: 'uiEnvelopeStatusCorrect',
};

/** DocuSign's envelope status in words ("completed" → "Completed"); an unknown status as given. */
export function envelopeStatusText(status: string, tr: Tr = t): string {
  const key = ENVELOPE_STATUS_KEYS[status.toLowerCase()];
  if (key) return tr(key);
  return status ? status.charAt(0).toUpperCase() + status.slice(1) : status;
}

/** "Emma Schmidt (emma@acme.example)", "emma@acme.example" or the host user id. */
export function personText(person: { name?: string; email?: string; id?: string }): string {
  const name = person.name?.trim();
  const email = person.email?.trim();
  if (name) return email ? `${name} (${email})` : name;
  return email || person.id || '';
}

/** "1 envelope", "3 envelopes". */
export function envelopeCount(n: number, tr: Tr = t): string {
  return n === 1 ? tr('uiEnvelopeCountOne') : tr('uiEnvelopeCount', String(n));
}

// ---------- usage ----------

/**
 * A usage period as a heading: "12 May 2026" (day) or "May 2026" (month). Periods are UTC
 * dates (utils/outbox/usage.ts), so they are formatted in UTC; anything else is shown as given.
 */
export function periodLabel(period: string, locale?: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  try {
    if (day) {
      const at = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
    }
    if (month) {
      const at = Date.UTC(Number(month[1]), Number(month[2]) - 1, 1);
      return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(at);
    }
  } catch {
    // fall through
  }
  return period;
}

export interface UsagePeriodGroup {
  period: string;
  rows: UsageRow[];
  envelopes: number;
  sent: number;
  drafts: number;
}

/** Rows grouped by period, newest period first; rows keep the report's order within a period. */
export function groupUsageByPeriod(rows: readonly UsageRow[]): UsagePeriodGroup[] {
  const groups = new Map<string, UsagePeriodGroup>();
  for (const row of rows) {
    let g = groups.get(row.period);
    if (!g) {
      g = { period: row.period, rows: [], envelopes: 0, sent: 0, drafts: 0 };
      groups.set(row.period, g);
    }
    g.rows.push(row);
    g.envelopes += row.envelopes;
    g.sent += row.sent;
    g.drafts += row.drafts;
  }
  return [...groups.values()].sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
}

/** The app user of a usage row: "Emma Schmidt (emma@acme.example)", else the email or id. */
export function usageHostUser(row: Pick<UsageRow, 'hostUserName' | 'hostUserEmail' | 'hostUserId'>): string {
  return personText({ name: row.hostUserName, email: row.hostUserEmail, id: row.hostUserId });
}

/** Host of the app's origin ("app.acme.example"), else the origin. */
export function siteOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

export interface CountedAgainst {
  hostUserKey: string;
  who: string;
  accountId: string;
  accountName: string;
  region: string;
  envelopes: number;
}

/**
 * The answer to "whose account did this user's envelopes count against?": per app user and
 * DocuSign account (all periods together), app users in the report's order, the busiest account first.
 */
export function countedAgainst(rows: readonly UsageRow[]): CountedAgainst[] {
  const out = new Map<string, CountedAgainst>();
  const userOrder: string[] = [];
  for (const row of rows) {
    const key = `${row.hostUserKey}\u0000${row.baseUri}\u0000${row.accountId}`;
    let entry = out.get(key);
    if (!entry) {
      entry = {
        hostUserKey: row.hostUserKey,
        who: usageHostUser(row),
        accountId: row.accountId,
        accountName: row.accountName || row.accountId,
        region: row.region,
        envelopes: 0,
      };
      out.set(key, entry);
      if (!userOrder.includes(row.hostUserKey)) userOrder.push(row.hostUserKey);
    }
    entry.envelopes += row.envelopes;
  }
  return [...out.values()].sort(
    (a, b) => userOrder.indexOf(a.hostUserKey) - userOrder.indexOf(b.hostUserKey) || b.envelopes - a.envelopes || (a.accountName < b.accountName ? -1 : 1),
  );
}

/** "Emma Schmidt (emma@…): 3 envelopes counted against Acme Europe GmbH (eu.docusign.net, account ID …)". */
export function countedAgainstText(entry: CountedAgainst, tr: Tr = t): string {
  return tr('uiUsageCountedLine', [entry.who, envelopeCount(entry.envelopes, tr), entry.accountName, entry.region, entry.accountId]);
}

/** The CSV's file name: send-with-docusign-usage-day.csv / -month.csv. */
export function usageCsvFileName(groupBy: 'day' | 'month'): string {
  return `send-with-docusign-usage-${groupBy}.csv`;
}
