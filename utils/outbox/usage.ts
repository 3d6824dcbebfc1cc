/**
 * The usage report: envelopes per DocuSign account, per profile, per host user (and the DocuSign
 * user they were created as), per day or month, read from the outbox's jobs. It answers "whose
 * account did this user's envelopes count against?". Every job that has an envelope counts, also a
 * discarded one (the envelope exists in DocuSign all the same). Pure; plus CSV export.
 */
import type { JobRecord } from '../db';
import { regionOf } from './summary';
import type { UsageReportOptions, UsageRow } from './types';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** '2026-05-12' / '2026-05' in UTC (default) or local time. */
export function usagePeriod(at: number, groupBy: 'day' | 'month', timeZone: 'utc' | 'local' = 'utc'): string {
  const d = new Date(at);
  const [y, m, day] =
    timeZone === 'local' ? [d.getFullYear(), d.getMonth() + 1, d.getDate()] : [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return groupBy === 'month' ? `${pad(y, 4)}-${pad(m)}` : `${pad(y, 4)}-${pad(m)}-${pad(day)}`;
}

export function buildUsageRows(jobs: readonly JobRecord[], options: UsageReportOptions = {}): UsageRow[] {
  const groupBy = options.groupBy ?? 'day';
  const rows = new Map<string, UsageRow>();
  for (const job of jobs) {
    if (!job.envelopeId || !job.account) continue;
    const at = job.envelopeCreatedAt ?? job.createdAt;
    if (options.from !== undefined && at < options.from) continue;
    if (options.to !== undefined && at >= options.to) continue;
    const period = usagePeriod(at, groupBy, options.timeZone);
    const docuSignUserEmail = job.docuSignUser?.email ?? '';
    const key = [period, job.account.baseUri, job.account.accountId, job.profileId, job.hostUserKey, docuSignUserEmail].join('\u0000');
    let row = rows.get(key);
    if (!row) {
      row = {
        period,
        accountId: job.account.accountId,
        accountName: job.account.accountName,
        region: regionOf(job.account.baseUri) ?? job.account.baseUri,
        baseUri: job.account.baseUri,
        profileId: job.profileId,
        profileLabel: job.profileLabel ?? job.profileId,
        hostUserKey: job.hostUserKey,
        hostOrigin: job.hostUser.origin,
        hostUserId: job.hostUser.id,
        hostUserEmail: job.hostUser.email ?? '',
        hostUserName: job.hostUser.name ?? '',
        docuSignUserEmail,
        envelopes: 0,
        sent: 0,
        drafts: 0,
      };
      rows.set(key, row);
    }
    row.envelopes++;
    const status = job.envelopeStatus ?? 'created';
    if (status === 'created') row.drafts++;
    else if (status !== 'deleted') row.sent++;
    // Sent copies of a one-call send that the browser re-sent: voided, but they were sent (and
    // emailed), so they count against the account like any sent envelope.
    const copies = job.duplicatesVoided ?? 0;
    row.envelopes += copies;
    row.sent += copies;
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows.values()].sort(
    (a, b) =>
      cmp(a.period, b.period) ||
      cmp(a.accountName, b.accountName) ||
      cmp(a.accountId, b.accountId) ||
      cmp(a.profileLabel, b.profileLabel) ||
      cmp(a.hostUserKey, b.hostUserKey) ||
      cmp(a.docuSignUserEmail, b.docuSignUserEmail),
  );
}

export const USAGE_CSV_COLUMNS: ReadonlyArray<[header: string, field: keyof UsageRow]> = [
  ['Period', 'period'],
  ['DocuSign account', 'accountName'],
  ['Account ID', 'accountId'],
  ['Region', 'region'],
  ['Profile', 'profileLabel'],
  ['Profile ID', 'profileId'],
  ['Host app', 'hostOrigin'],
  ['Host user ID', 'hostUserId'],
  ['Host user email', 'hostUserEmail'],
  ['Host user name', 'hostUserName'],
  ['DocuSign user', 'docuSignUserEmail'],
  ['Envelopes', 'envelopes'],
  ['Sent', 'sent'],
  ['Drafts', 'drafts'],
];

/**
 * One CSV cell (RFC 4180): quoted when it contains a comma, quote, line break or edge spaces;
 * quotes doubled. Text that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a
 * leading apostrophe: host user names come from web pages.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text) || /^\s|\s$/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** The report as CSV (header line, CRLF line ends). `bom` adds a UTF-8 BOM for Excel. */
export function toCsv(rows: readonly UsageRow[], options: { bom?: boolean } = {}): string {
  const lines = [USAGE_CSV_COLUMNS.map(([header]) => csvCell(header)).join(',')];
  for (const row of rows) lines.push(USAGE_CSV_COLUMNS.map(([, field]) => csvCell(row[field])).join(','));
  return `${options.bom ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
}
