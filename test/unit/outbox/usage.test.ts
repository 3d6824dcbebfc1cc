// The usage report (grouping per account / profile / host user / period) and its CSV export.
import { deleteDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeSwdDb, SWD_DB_NAME } from '../../../utils/db';
import { buildUsageRows, csvCell, toCsv, usagePeriod, usageReport, type UsageRow } from '../../../utils/outbox';
import { putJobRecord } from '../../../utils/outbox/store';
import { ACCOUNT_EU, ACCOUNT_NA, jobRecord } from './fixtures';

const DAY1 = Date.UTC(2026, 4, 12, 9, 0);
const DAY1_LATE = Date.UTC(2026, 4, 12, 23, 30);
const DAY2 = Date.UTC(2026, 4, 13, 0, 30);
const JUNE = Date.UTC(2026, 5, 2, 12, 0);

const emma = { origin: 'https://app.host.example', id: 'u-2002', email: 'emma@host.example', name: 'Emma Schmidt' };

function jobs() {
  return [
    // Jane (u-1001) via Acme EU: two on day 1 (one sent, one draft), one on day 2.
    jobRecord('done', { envelopeCreatedAt: DAY1, envelopeStatus: 'completed' }),
    jobRecord('sender-view-opened', { envelopeCreatedAt: DAY1_LATE, envelopeStatus: 'created' }),
    jobRecord('done', { envelopeCreatedAt: DAY2, envelopeStatus: 'sent' }),
    // Discarded after the envelope existed: still counts against the account.
    jobRecord('discarded', { envelopeId: 'env-discarded', envelopeStatus: 'created', envelopeCreatedAt: DAY2 }),
    // Emma via Acme NA (other profile, other account) in June.
    jobRecord('done', {
      envelopeCreatedAt: JUNE,
      envelopeStatus: 'sent',
      hostUser: emma,
      hostUserKey: `${emma.origin}|${emma.id}`,
      profileId: 'acme-na',
      profileLabel: 'Acme NA',
      account: { ...ACCOUNT_NA },
      docuSignUser: { sub: 's-emma', email: 'emma.schmidt@acme.example', name: 'Emma' },
    }),
    // No envelope (never reached DocuSign): not usage.
    jobRecord('failed'),
    jobRecord('queued'),
  ];
}

describe('usage report', () => {
  beforeEach(async () => {
    await closeSwdDb();
    await deleteDB(SWD_DB_NAME);
  });

  it('per day: envelopes per account, profile, host user and DocuSign user, with account name and region', () => {
    const rows = buildUsageRows(jobs(), { groupBy: 'day' });
    expect(rows.map((r) => [r.period, r.accountName, r.profileLabel, r.hostUserId, r.envelopes, r.sent, r.drafts])).toEqual([
      ['2026-05-12', 'Acme Europe GmbH', 'Acme EU', 'u-1001', 2, 1, 1],
      ['2026-05-13', 'Acme Europe GmbH', 'Acme EU', 'u-1001', 2, 1, 1],
      ['2026-06-02', 'Acme Corp NA', 'Acme NA', 'u-2002', 1, 1, 0],
    ]);
    expect(rows[0]).toMatchObject<Partial<UsageRow>>({
      accountId: ACCOUNT_EU.accountId,
      region: 'eu.docusign.example',
      baseUri: ACCOUNT_EU.baseUri,
      profileId: 'acme-eu',
      hostUserKey: 'https://app.host.example|u-1001',
      hostOrigin: 'https://app.host.example',
      hostUserEmail: 'jane@host.example',
      hostUserName: 'Jane Host',
      docuSignUserEmail: 'jane.doe@acme.example',
    });
  });

  it('sent copies of a one-call send that were voided count as sent envelopes of the account', () => {
    const rows = buildUsageRows([jobRecord('done', { envelopeCreatedAt: DAY1, envelopeStatus: 'sent', sendOnCreate: true, duplicatesVoided: 1 })]);
    expect(rows.map((r) => [r.envelopes, r.sent, r.drafts])).toEqual([[2, 2, 0]]);
  });

  it('per month, and a time window', () => {
    const rows = buildUsageRows(jobs(), { groupBy: 'month' });
    expect(rows.map((r) => [r.period, r.accountName, r.envelopes])).toEqual([
      ['2026-05', 'Acme Europe GmbH', 4],
      ['2026-06', 'Acme Corp NA', 1],
    ]);
    const window = buildUsageRows(jobs(), { groupBy: 'month', from: DAY2, to: JUNE });
    expect(window.map((r) => [r.period, r.envelopes])).toEqual([['2026-05', 2]]);
  });

  it('periods in UTC by default, local on request', () => {
    expect(usagePeriod(DAY1_LATE, 'day')).toBe('2026-05-12');
    expect(usagePeriod(DAY1_LATE, 'month')).toBe('2026-05');
    const local = new Date(DAY1_LATE);
    expect(usagePeriod(DAY1_LATE, 'day', 'local')).toBe(
      `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`,
    );
  });

  it('usageReport reads the stored jobs', async () => {
    for (const job of jobs()) await putJobRecord(job);
    const rows = await usageReport({ groupBy: 'month' });
    expect(rows.reduce((n, r) => n + r.envelopes, 0)).toBe(5);
    expect(await usageReport()).toHaveLength(3); // default: per day
  });
});

describe('CSV export', () => {
  it('has a header and one line per row, CRLF, numbers as numbers', () => {
    const csv = toCsv(buildUsageRows(jobs(), { groupBy: 'month' }));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'Period,DocuSign account,Account ID,Region,Profile,Profile ID,Host app,Host user ID,Host user email,Host user name,DocuSign user,Envelopes,Sent,Drafts',
    );
    expect(lines[1]).toBe(
      `2026-05,Acme Europe GmbH,${ACCOUNT_EU.accountId},eu.docusign.example,Acme EU,acme-eu,https://app.host.example,u-1001,jane@host.example,Jane Host,jane.doe@acme.example,4,2,2`,
    );
    expect(lines).toHaveLength(4); // header, 2 rows, final empty string after the last CRLF
    expect(lines[3]).toBe('');
    expect(toCsv([], { bom: true })).toMatch(/^\ufeffPeriod,/);
  });

  it('escapes commas, quotes, line breaks, edge spaces, and neutralises formulas from page data', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvCell('Say "hi"')).toBe('"Say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('=HYPERLINK("http://evil.example")')).toBe(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(42)).toBe('42');
    expect(csvCell(Number.NaN)).toBe('');

    const hostile = buildUsageRows([
      jobRecord('done', {
        envelopeCreatedAt: DAY1,
        hostUser: { origin: 'https://app.host.example', id: 'u-9', name: '=cmd|"/c calc"!A1', email: 'a,b@host.example' },
        hostUserKey: 'https://app.host.example|u-9',
      }),
    ]);
    const line = toCsv(hostile).split('\r\n')[1]!;
    expect(line).toContain(`"a,b@host.example","'=cmd|""/c calc""!A1"`);
  });
});
