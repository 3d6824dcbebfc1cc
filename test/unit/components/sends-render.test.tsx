import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AnnouncerProvider } from '../../../components/Announcer';
import { SendsSection } from '../../../components/options/SendsSection';
import { UsageSection } from '../../../components/options/UsageSection';
import { RecentSendsSlot } from '../../../components/popup/RecentSendsSlot';
import { notifyBackgroundChange } from '../../../components/ui-state';
import { uiToBackground } from '../../../utils/messaging/ui-protocol';
import type { JobSummary, UsageRow } from '../../../utils/outbox/types';
import { en } from './en';
import { useMountPoint } from './mount-point';

/** The Sends / Usage sections and the popup's recent sends, against a scripted background. */

function job(over: Partial<JobSummary>): JobSummary {
  return {
    id: 'j-1',
    state: 'done',
    outcome: 'sent',
    mode: 'direct',
    profileId: 'acme-eu',
    profileLabel: 'Acme EU',
    accountId: 'e4b8a2c6-9d1f-4a3e-8b7c-5d6e7f809a1b',
    accountName: 'Acme Europe GmbH',
    region: 'eu.docusign.net',
    docuSignUserEmail: 'emma.schmidt@acme-eu.example',
    hostUserKey: 'https://app.example|u-1',
    hostUser: { origin: 'https://app.example', id: 'u-1', email: 'emma@acme-eu.example', name: 'Emma Schmidt' },
    hostPageUrl: 'https://app.example/documents',
    documentName: 'Master Services Agreement.pdf',
    documentUrl: 'https://app.example/files/d-1',
    fileType: 'pdf',
    size: 1000,
    sha256: 'ab',
    documentStored: false,
    recipients: [{ name: 'Hans Müller', email: 'hans@kunde.example' }],
    subject: 'Please sign',
    envelopeId: '11111111-2222-3333-4444-555555555555',
    envelopeStatus: 'sent',
    envelopeStatusCheckedAt: Date.now(),
    attempts: 0,
    createdAt: Date.now() - 60_000,
    updatedAt: Date.now(),
    canRetry: false,
    canDiscard: false,
    ...over,
  };
}

const FAILED = job({
  id: 'j-2',
  state: 'failed',
  outcome: undefined,
  documentName: 'Order Form Q3.docx',
  envelopeId: undefined,
  envelopeStatus: undefined,
  envelopeStatusCheckedAt: undefined,
  error: { kind: 'validation', message: 'Invalid email' },
  canRetry: true,
  canDiscard: true,
});

type Calls = Array<[string, unknown]>;
let calls: Calls;
let answers: Record<string, (data: never) => unknown>;

function show(node: preact.ComponentChildren): HTMLElement {
  act(() => render(<AnnouncerProvider>{node}</AnnouncerProvider>, mount.root));
  return mount.root;
}

/** Lets pending messaging promises and the re-renders they cause run. */
async function settle(ms = 0): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

beforeEach(() => {
  (fakeBrowser.i18n as unknown as { getMessage: typeof en }).getMessage = en;
  calls = [];
  answers = {};
  vi.spyOn(uiToBackground, 'sendMessage').mockImplementation((async (type: string, data: never) => {
    calls.push([type, data]);
    const answer = answers[type];
    if (!answer) throw new Error(`unexpected ${type}`);
    return answer(data);
  }) as never);
});
afterEach(() => {
  vi.restoreAllMocks();
});
const mount = useMountPoint();

const buttonNames = (el: HTMLElement) => [...el.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? b.textContent);
const live = (el: HTMLElement) => el.querySelector('[data-testid="live-region"]')?.textContent ?? '';

describe('Sends section', () => {
  it('lists jobs in a table with states in words and named Retry / Discard buttons', async () => {
    answers['ui:listJobs'] = () => [FAILED, job({})];
    const el = show(<SendsSection />);
    await settle();
    expect(calls).toEqual([['ui:listJobs', { limit: 50, refresh: true }]]);
    expect(el.querySelectorAll('h2')).toHaveLength(1);
    const table = el.querySelector('table')!;
    expect(table.querySelector('caption')?.textContent).toBe('Recent sends, newest first');
    expect([...table.querySelectorAll('thead th')].every((th) => th.getAttribute('scope') === 'col')).toBe(true);
    const rows = [...table.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.querySelector('th[scope="row"]')?.textContent)).toEqual(['Order Form Q3.docx', 'Master Services Agreement.pdf']);
    expect(rows.map((r) => r.querySelector('[data-testid="job-state"]')?.textContent)).toEqual(['Failed: Invalid email', 'Sent']);
    const sent = rows[1]!;
    expect(sent.querySelector('[data-testid="job-account"]')?.textContent).toContain('Acme Europe GmbH');
    expect(sent.querySelector('[data-testid="job-account"]')?.textContent).toContain('eu.docusign.net');
    expect(sent.querySelector('[data-testid="job-account"]')?.textContent).toContain('as emma.schmidt@acme-eu.example');
    expect(sent.querySelector('[data-testid="job-envelope"]')?.textContent).toMatch(/^DocuSign: Sentchecked .+Envelope ID 11111111-/);
    expect(buttonNames(el)).toEqual(['Retry Order Form Q3.docx', 'Discard Order Form Q3.docx']);
    // Every cell carries its column's name for the stacked (narrow) layout.
    expect([...sent.querySelectorAll('td')].every((td) => td.getAttribute('data-label'))).toBe(true);
  });

  it('retries: calls the background, announces, then announces the new state', async () => {
    let list = [FAILED];
    answers['ui:listJobs'] = () => list;
    answers['ui:retryJob'] = () => ({ ok: true, value: { ...FAILED, state: 'queued', error: undefined, canRetry: false } });
    const el = show(<SendsSection />);
    await settle();
    const retry = [...el.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Retry Order Form Q3.docx')!;
    list = [{ ...FAILED, state: 'queued', error: undefined, canRetry: false }];
    await act(async () => {
      retry.click();
    });
    await settle(80);
    expect(calls.filter(([type]) => type === 'ui:retryJob')).toEqual([['ui:retryJob', { jobId: 'j-2' }]]);
    expect(live(el)).toBe('Trying Order Form Q3.docx again.');
    // Later the job is sent: the background's broadcast reloads the list (from the outbox only)
    // and the change of the job acted on is announced.
    list = [job({ ...FAILED, state: 'done', outcome: 'sent', error: undefined, canRetry: false, canDiscard: false })];
    act(() => notifyBackgroundChange());
    await settle(400);
    expect(el.querySelector('[data-testid="job-state"]')?.textContent).toBe('Sent');
    await vi.waitFor(() => expect(live(el)).toBe('Order Form Q3.docx: Sent'), { timeout: 2000 });
    const reloads = calls.filter(([type]) => type === 'ui:listJobs');
    expect(reloads.map(([, data]) => (data as { refresh?: boolean }).refresh ?? false)).toEqual([true, false, false]);
  });

  it('discards only after the inline confirmation', async () => {
    let list = [FAILED];
    answers['ui:listJobs'] = () => list;
    answers['ui:discardJob'] = () => ({ ok: true, value: { ...FAILED, state: 'discarded' } });
    const el = show(<SendsSection />);
    await settle();
    const discard = [...el.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Discard Order Form Q3.docx')!;
    act(() => discard.click());
    expect(calls.some(([type]) => type === 'ui:discardJob')).toBe(false);
    const group = el.querySelector('[role="group"]')!;
    expect(group.getAttribute('aria-label')).toBe('Discard “Order Form Q3.docx”?');
    list = [];
    await act(async () => {
      [...group.querySelectorAll('button')].find((b) => b.textContent === 'Yes, discard')!.click();
    });
    await settle(80);
    expect(calls.filter(([type]) => type === 'ui:discardJob')).toEqual([['ui:discardJob', { jobId: 'j-2' }]]);
    expect(live(el)).toBe('Order Form Q3.docx discarded.');
    expect(el.querySelector('[data-testid="sends-empty"]')).not.toBeNull();
    // The row is gone: focus went to the section heading, not to the page body.
    expect(document.activeElement?.id).toBe('sends-title');
  });

  it('asks for envelope status once on opening, then at most every 5 minutes and only while visible', async () => {
    vi.useFakeTimers();
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    try {
      answers['ui:listJobs'] = () => [job({})];
      show(<SendsSection />);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(10);
      });
      const refreshes = () => calls.filter(([type, data]) => type === 'ui:listJobs' && (data as { refresh?: boolean }).refresh).length;
      expect(refreshes()).toBe(1);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(4 * 60_000);
      });
      expect(refreshes()).toBe(1);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(60_000 + 10);
      });
      expect(refreshes()).toBe(2);
      // Hidden (another tab in front): no refresh; visible again after the interval: one.
      visibility.mockReturnValue('hidden');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(10 * 60_000);
      });
      expect(refreshes()).toBe(2);
      visibility.mockReturnValue('visible');
      await act(async () => {
        document.dispatchEvent(new Event('visibilitychange'));
        await vi.advanceTimersByTimeAsync(10);
      });
      expect(refreshes()).toBe(3);
      // Leaving the section stops the timer.
      act(() => render(null, mount.root));
      await act(async () => {
        await vi.advanceTimersByTimeAsync(30 * 60_000);
      });
      expect(refreshes()).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows an empty state', async () => {
    answers['ui:listJobs'] = () => [];
    const el = show(<SendsSection />);
    await settle();
    expect(el.querySelector('[data-testid="sends-empty"]')?.textContent).toMatch(/^No sends yet/);
  });

  it('shows and announces a refused action next to the job', async () => {
    answers['ui:listJobs'] = () => [FAILED];
    answers['ui:retryJob'] = () => ({ ok: false, error: { code: 'retry_failed', message: 'This send cannot be retried.' } });
    const el = show(<SendsSection />);
    await settle();
    await act(async () => {
      [...el.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Retry Order Form Q3.docx')!.click();
    });
    await settle(80);
    expect(el.querySelector('tr[data-job-id="j-2"] [data-testid="job-action-error"]')?.textContent).toBe('This send cannot be retried.');
    expect(live(el)).toBe('This send cannot be retried.');
  });
});

describe('Usage section', () => {
  const row = (over: Partial<UsageRow>): UsageRow => ({
    period: '2026-05',
    accountId: 'e4b8a2c6-9d1f-4a3e-8b7c-5d6e7f809a1b',
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
    envelopes: 3,
    sent: 2,
    drafts: 1,
    ...over,
  });

  it('answers whose account the envelopes counted against, and groups by period', async () => {
    answers['ui:usageReport'] = ({ groupBy }: { groupBy: string }) => (groupBy === 'month' ? [row({})] : [row({ period: '2026-05-12' }), row({ period: '2026-05-13', envelopes: 1, sent: 1, drafts: 0 })]);
    const el = show(<UsageSection />);
    await settle();
    expect(calls).toEqual([['ui:usageReport', { groupBy: 'month' }]]);
    expect(el.querySelector('[data-testid="usage-counted"]')?.textContent).toBe(
      'Emma Schmidt (emma@acme-eu.example): 3 envelopes counted against Acme Europe GmbH (eu.docusign.net, account ID e4b8a2c6-9d1f-4a3e-8b7c-5d6e7f809a1b)',
    );
    const table = el.querySelector('table')!;
    expect(table.querySelector('caption')?.textContent).toMatch(/^Envelopes per month \(UTC\)/);
    expect(table.querySelector('th[scope="rowgroup"]')?.textContent).toMatch(/2026: 3 envelopes$/);
    const cells = [...table.querySelectorAll('tr[data-testid="usage-row"] > *')].map((c) => c.textContent);
    expect(cells).toEqual([
      'Acme Europe GmbHeu.docusign.nete4b8a2c6-9d1f-4a3e-8b7c-5d6e7f809a1b',
      'Acme EU',
      'Emma Schmidt (emma@acme-eu.example)app.example',
      'emma.schmidt@acme-eu.example',
      '2',
      '1',
      '3',
    ]);
    // The grouping is a radio group.
    const day = el.querySelector<HTMLInputElement>('#usage-by-day')!;
    expect(day.closest('fieldset')?.querySelector('legend')?.textContent).toBe('Group by');
    await act(async () => {
      day.click();
    });
    await settle();
    expect(calls.at(-1)).toEqual(['ui:usageReport', { groupBy: 'day' }]);
    expect([...el.querySelectorAll('th[scope="rowgroup"]')].map((th) => th.textContent?.replace(/^.*: /, ''))).toEqual(['1 envelope', '3 envelopes']);
  });

  it('says so when there were no sends', async () => {
    answers['ui:usageReport'] = () => [];
    const el = show(<UsageSection />);
    await settle();
    expect(el.querySelector('[data-testid="usage-empty"]')?.textContent).toMatch(/^No envelopes yet/);
    expect(el.querySelector('table')).toBeNull();
  });

  it('exports the CSV under the period name', async () => {
    answers['ui:usageReport'] = () => [row({})];
    answers['ui:usageCsv'] = () => 'Period,DocuSign account\r\n2026-05,Acme Europe GmbH\r\n';
    const created: Blob[] = [];
    const urls = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = (b: Blob) => {
      created.push(b);
      return 'blob:x';
    };
    URL.revokeObjectURL = () => undefined;
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    try {
      const el = show(<UsageSection />);
      await settle();
      await act(async () => {
        [...el.querySelectorAll('button')].find((b) => b.textContent === 'Export CSV')!.click();
      });
      await settle(80);
      expect(calls.at(-1)).toEqual(['ui:usageCsv', { groupBy: 'month' }]);
      expect(clicked).toEqual(['send-with-docusign-usage-month.csv']);
      expect(await created[0]!.text()).toContain('2026-05,Acme Europe GmbH');
      expect(live(el)).toBe('Downloaded send-with-docusign-usage-month.csv.');
    } finally {
      click.mockRestore();
      URL.createObjectURL = urls.create;
      URL.revokeObjectURL = urls.revoke;
    }
  });
});

describe('popup recent sends', () => {
  it('shows the 5 newest of the app user, Retry on failed ones, and a link to all sends', async () => {
    answers['ui:listJobs'] = () => [FAILED, ...[1, 2, 3, 4].map((i) => job({ id: `j-${10 + i}`, documentName: `Doc ${i}.pdf` }))];
    const el = show(<RecentSendsSlot hostUserKey="https://app.example|u-1" />);
    await settle();
    expect(calls).toEqual([['ui:listJobs', { hostUserKey: 'https://app.example|u-1', limit: 5 }]]);
    expect(el.querySelector('h2')?.textContent).toBe('Recent sends');
    const items = [...el.querySelectorAll('li.recent-item')];
    expect(items).toHaveLength(5);
    expect(items[0]!.textContent).toContain('Failed: Invalid email');
    expect(items[1]!.textContent).toBe('Doc 1.pdfSent · Acme Europe GmbH');
    expect(buttonNames(el)).toEqual(['Retry Order Form Q3.docx']);
    expect(el.querySelector('a')?.textContent).toBe('All sends');
    expect(el.querySelector('a')?.getAttribute('href')).toMatch(/options\.html#sends$/);
  });

  it('renders nothing without sends', async () => {
    answers['ui:listJobs'] = () => [];
    const el = show(<RecentSendsSlot hostUserKey={null} />);
    await settle();
    expect(calls).toEqual([['ui:listJobs', { limit: 5 }]]);
    expect(el.querySelector('section')).toBeNull();
  });
});
