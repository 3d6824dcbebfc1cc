import { describe, expect, it } from 'vitest';
import {
  countedAgainst,
  countedAgainstText,
  envelopeCount,
  envelopeStatusText,
  formatWhen,
  groupUsageByPeriod,
  jobStateText,
  jobTone,
  periodLabel,
  personText,
  retryWording,
  usageCsvFileName,
  usageHostUser,
} from '../../../components/sends/job-format';
import type { JobSummary, UsageRow } from '../../../utils/outbox/types';
import { en } from './en';

const at14 = Date.UTC(2026, 4, 12, 14, 0);
const when = (ms: number) => (ms === at14 ? '14:00' : `t${ms}`);

function job(over: Partial<JobSummary>): JobSummary {
  return {
    id: 'j-1',
    state: 'queued',
    mode: 'direct',
    profileId: 'acme-eu',
    profileLabel: 'Acme EU',
    hostUserKey: 'https://app.example|u-1',
    hostUser: { origin: 'https://app.example', id: 'u-1', email: 'emma@acme-eu.example', name: 'Emma Schmidt' },
    hostPageUrl: 'https://app.example/documents',
    documentName: 'Master Services Agreement.pdf',
    documentUrl: 'https://app.example/files/d-1',
    fileType: 'pdf',
    size: 1000,
    sha256: 'ab',
    documentStored: true,
    recipients: [{ name: 'Hans Müller', email: 'hans@kunde.example' }],
    subject: 'Please sign',
    attempts: 0,
    createdAt: 1,
    updatedAt: 1,
    canRetry: false,
    canDiscard: true,
    ...over,
  };
}

describe('job state in words', () => {
  const text = (over: Partial<JobSummary>) => jobStateText(job(over), en, when);

  it('says where the send stands', () => {
    expect(text({ state: 'queued' })).toBe('Queued');
    expect(text({ state: 'creating' })).toBe('Sending to DocuSign…');
    expect(text({ state: 'created' })).toBe('Draft in DocuSign');
    expect(text({ state: 'sender-view-opened' })).toBe('Draft in DocuSign (opened in DocuSign to place fields)');
    expect(text({ state: 'sent' })).toBe('Sent');
    expect(text({ state: 'done', outcome: 'sent' })).toBe('Sent');
    expect(text({ state: 'done', outcome: 'draft-saved' })).toBe('Draft in DocuSign');
    expect(text({ state: 'done', senderViewEvent: 'Save' })).toBe('Draft in DocuSign');
    expect(text({ state: 'done', outcome: 'cancelled' })).toBe('Not sent (cancelled in DocuSign)');
    expect(text({ state: 'needs-sign-in' })).toBe('Waiting for DocuSign sign-in');
    expect(text({ state: 'discarded' })).toBe('Discarded');
  });

  it('gives the wait and its reason', () => {
    expect(text({ state: 'queued', nextAttemptAt: at14, waitReason: 'DocuSign hourly limit for Acme EU' })).toBe(
      'Queued until 14:00 (DocuSign hourly limit for Acme EU)',
    );
    expect(text({ state: 'creating', nextAttemptAt: at14 })).toBe('Queued until 14:00');
    expect(text({ state: 'created', nextAttemptAt: at14, waitReason: 'DocuSign could not be reached' })).toBe(
      'Queued until 14:00 (DocuSign could not be reached)',
    );
    // A failed job is failed, whatever wait was recorded before.
    expect(text({ state: 'failed', nextAttemptAt: at14, error: { kind: 'x', message: 'Boom' } })).toBe('Failed: Boom');
  });

  it("quotes DocuSign's reason for a failure", () => {
    expect(text({ state: 'failed', error: { kind: 'validation', message: 'Invalid email' } })).toBe('Failed: Invalid email');
    expect(text({ state: 'failed' })).toBe('Failed');
  });

  it('has a tone per state (besides the words)', () => {
    expect(jobTone(job({ state: 'done', outcome: 'sent' }))).toBe('ok');
    expect(jobTone(job({ state: 'failed' }))).toBe('failed');
    expect(jobTone(job({ state: 'queued', nextAttemptAt: at14 }))).toBe('waiting');
    expect(jobTone(job({ state: 'needs-sign-in' }))).toBe('waiting');
    expect(jobTone(job({ state: 'created' }))).toBe('draft');
    expect(jobTone(job({ state: 'done', outcome: 'cancelled' }))).toBe('neutral');
  });
});

describe('action wording', () => {
  it('names the document in the accessible name, which starts with the visible label', () => {
    expect(retryWording(job({ state: 'failed' }), en)).toEqual({ label: 'Retry', name: 'Retry Master Services Agreement.pdf' });
    expect(retryWording(job({ state: 'queued', nextAttemptAt: at14 }), en)).toEqual({
      label: 'Try now',
      name: 'Try now: Master Services Agreement.pdf',
    });
    expect(retryWording(job({ state: 'sender-view-opened' }), en)).toEqual({
      label: 'Reopen',
      name: 'Reopen Master Services Agreement.pdf in DocuSign',
    });
    for (const state of ['failed', 'needs-sign-in', 'sender-view-opened'] as const) {
      const w = retryWording(job({ state }), en);
      expect(w.name.startsWith(w.label)).toBe(true);
    }
  });
});

describe('envelope status', () => {
  it("puts DocuSign's status in words", () => {
    expect(envelopeStatusText('completed', en)).toBe('Completed');
    expect(envelopeStatusText('created', en)).toBe('Draft');
    expect(envelopeStatusText('Sent', en)).toBe('Sent');
    expect(envelopeStatusText('timedout', en)).toBe('Timedout');
    expect(envelopeStatusText('DELIVERED', en)).toBe('Delivered');
  });

  it('shows the time alone for today, the date too for another day', () => {
    const now = new Date(2026, 4, 12, 18, 0).getTime();
    const today = new Date(2026, 4, 12, 9, 5).getTime();
    const earlier = new Date(2026, 4, 10, 9, 5).getTime();
    expect(formatWhen(today, now, 'en-GB')).toBe('09:05');
    expect(formatWhen(earlier, now, 'en-GB')).toMatch(/10 May 2026/);
  });
});

describe('account and people', () => {
  it('names people and counts envelopes', () => {
    expect(personText({ name: 'Emma', email: 'e@x.example' })).toBe('Emma (e@x.example)');
    expect(personText({ email: 'e@x.example', id: 'u-1' })).toBe('e@x.example');
    expect(personText({ id: 'u-1' })).toBe('u-1');
    expect(envelopeCount(1, en)).toBe('1 envelope');
    expect(envelopeCount(3, en)).toBe('3 envelopes');
  });
});

describe('usage grouping', () => {
  const row = (over: Partial<UsageRow>): UsageRow => ({
    period: '2026-05-12',
    accountId: 'acc-eu',
    accountName: 'Acme Europe GmbH',
    region: 'eu.docusign.net',
    baseUri: 'https://eu.docusign.net',
    profileId: 'acme-eu',
    profileLabel: 'Acme EU',
    hostUserKey: 'https://app.example|u-1',
    hostOrigin: 'https://app.example',
    hostUserId: 'u-1',
    hostUserEmail: 'emma@acme-eu.example',
    hostUserName: 'Emma Schmidt',
    docuSignUserEmail: 'emma.schmidt@acme-eu.example',
    envelopes: 1,
    sent: 1,
    drafts: 0,
    ...over,
  });

  it('labels periods (UTC dates)', () => {
    expect(periodLabel('2026-05-12', 'en-GB')).toBe('12 May 2026');
    expect(periodLabel('2026-05', 'en-GB')).toBe('May 2026');
    expect(periodLabel('2026-01-01', 'en-US')).toBe('Jan 1, 2026');
    expect(periodLabel('whenever')).toBe('whenever');
  });

  it('groups rows by period, newest first, with totals', () => {
    const groups = groupUsageByPeriod([
      row({ period: '2026-05-11', envelopes: 2, sent: 1, drafts: 1 }),
      row({ period: '2026-05-12', envelopes: 3, sent: 3 }),
      row({ period: '2026-05-12', accountId: 'acc-ca', accountName: 'Acme Canada', envelopes: 1, sent: 0, drafts: 1 }),
    ]);
    expect(groups.map((g) => [g.period, g.envelopes, g.sent, g.drafts, g.rows.length])).toEqual([
      ['2026-05-12', 4, 3, 1, 2],
      ['2026-05-11', 2, 1, 1, 1],
    ]);
  });

  it('answers "whose account did these envelopes count against?" per app user', () => {
    const liam = { hostUserKey: 'https://app.example|u-2', hostUserId: 'u-2', hostUserName: '', hostUserEmail: 'liam@acme-ca.example' };
    const entries = countedAgainst([
      row({ period: '2026-05-11', envelopes: 2 }),
      row({ period: '2026-05-12', envelopes: 3 }),
      row({ ...liam, accountId: 'acc-ca', accountName: 'Acme Canada', region: 'ca.docusign.net', baseUri: 'https://ca.docusign.net' }),
      row({ accountId: 'acc-na', accountName: 'Acme North America', region: 'na3.docusign.net', baseUri: 'https://na3.docusign.net', envelopes: 1 }),
    ]);
    expect(entries.map((e) => countedAgainstText(e, en))).toEqual([
      'Emma Schmidt (emma@acme-eu.example): 5 envelopes counted against Acme Europe GmbH (eu.docusign.net, account ID acc-eu)',
      'Emma Schmidt (emma@acme-eu.example): 1 envelope counted against Acme North America (na3.docusign.net, account ID acc-na)',
      'liam@acme-ca.example: 1 envelope counted against Acme Canada (ca.docusign.net, account ID acc-ca)',
    ]);
    expect(usageHostUser(row({ hostUserName: '', hostUserEmail: '' }))).toBe('u-1');
  });

  it('names the CSV file after the grouping', () => {
    expect(usageCsvFileName('day')).toBe('send-with-docusign-usage-day.csv');
    expect(usageCsvFileName('month')).toBe('send-with-docusign-usage-month.csv');
  });
});
