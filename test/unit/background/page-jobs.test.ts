import { describe, expect, it } from 'vitest';
import { jobVisibleTo, pageHostUserKey, rememberTabHostUser, tabsShowing } from '../../../utils/background/page-jobs';
import { jobRecord } from '../outbox/fixtures';

// Badges (`content:jobsForDocuments`), `bg:jobChanged` broadcasts and `content:retryJob` use these:
// a page sees and retries only its own host user's jobs, on its own origin.
const PAGE = 'https://app.host.example/documents';
const JANE = { id: 'u-1001' };
const OTTO = { id: 'u-2002' };

describe('jobs a host page may see', () => {
  const janesJob = jobRecord('failed');

  it('the same host user on the same origin sees the job', () => {
    expect(pageHostUserKey(PAGE, JANE)).toBe(janesJob.hostUserKey);
    expect(jobVisibleTo(janesJob, PAGE, JANE)).toBe(true);
    expect(jobVisibleTo(janesJob, 'https://app.host.example/records/r-9', JANE)).toBe(true);
  });

  it('a second host user on the same origin does not', () => {
    expect(jobVisibleTo(janesJob, PAGE, OTTO)).toBe(false);
  });

  it('a page without a host user, or of another origin, does not', () => {
    expect(jobVisibleTo(janesJob, PAGE, null)).toBe(false);
    expect(jobVisibleTo(janesJob, 'https://other.host.example/documents', JANE)).toBe(false);
    expect(jobVisibleTo(janesJob, 'http://app.host.example/documents', JANE)).toBe(false);
    expect(jobVisibleTo(janesJob, 'not a url', JANE)).toBe(false);
  });

  it('the key uses the sender origin, whatever origin the page claims for its user', () => {
    const claimed = { id: 'u-1001', origin: 'https://other.host.example' };
    expect(pageHostUserKey(PAGE, claimed)).toBe('https://app.host.example|u-1001');
    expect(jobVisibleTo(jobRecord('failed', { hostUserKey: 'https://other.host.example|u-1001' }), PAGE, claimed)).toBe(false);
  });
});

describe('tabs a job is broadcast to', () => {
  it('only tabs whose page last reported the job’s host user', async () => {
    const jane = pageHostUserKey(PAGE, JANE)!;
    const otto = pageHostUserKey(PAGE, OTTO)!;
    await Promise.all([rememberTabHostUser(1, jane), rememberTabHostUser(2, otto), rememberTabHostUser(3, jane), rememberTabHostUser(4, null)]);
    expect(await tabsShowing([1, 2, 3, 4, 5], jane)).toEqual([1, 3]);
    expect(await tabsShowing([1, 2, 3, 4, 5], otto)).toEqual([2]);
    // Tab 3 switched user (SPA sign-out / sign-in); tab 1 left the app (no host user).
    await rememberTabHostUser(3, otto);
    await rememberTabHostUser(1, null);
    expect(await tabsShowing([1, 2, 3, 4, 5], jane)).toEqual([]);
    expect(await tabsShowing([1, 2, 3, 4, 5], otto)).toEqual([2, 3]);
  });
});

describe('host user per tab (the popup describes the active tab\'s user)', () => {
  it('remembers the user each tab reported, replaced by a new report, forgotten with null', async () => {
    const { hostUserKeyForTab, rememberTabHostUser } = await import('../../../utils/background/page-jobs');
    await Promise.all([rememberTabHostUser(7, 'http://127.0.0.1:5000|emma'), rememberTabHostUser(8, 'http://localhost:5000|liam')]);
    expect(await hostUserKeyForTab(7)).toBe('http://127.0.0.1:5000|emma');
    expect(await hostUserKeyForTab(8)).toBe('http://localhost:5000|liam');
    await rememberTabHostUser(7, 'http://127.0.0.1:5000|sam');
    expect(await hostUserKeyForTab(7)).toBe('http://127.0.0.1:5000|sam');
    await rememberTabHostUser(8, null);
    expect(await hostUserKeyForTab(8)).toBeUndefined();
  });
});
