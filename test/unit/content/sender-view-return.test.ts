import { describe, expect, it } from 'vitest';
import { readSenderViewReturn } from '../../../utils/content/sender-view-return';
import { badgeForJob } from '../../../utils/content/job-badge';
import type { JobView } from '../../../utils/messaging/content-protocol';

describe('readSenderViewReturn', () => {
  it.each([
    ['http://app/documents?swdJob=0b9a3c1e-1111-4222-8333-444455556666&event=Send', { jobId: '0b9a3c1e-1111-4222-8333-444455556666', event: 'Send' }],
    ['http://app/documents?q=1&swdJob=abcdefgh12&event=Save', { jobId: 'abcdefgh12', event: 'Save' }],
    ['http://app/documents?swdJob=abcdefgh12&event=SomethingNew', { jobId: 'abcdefgh12', event: 'SomethingNew' }],
    ['http://app/documents?event=Send', null],
    ['http://app/documents?swdJob=abcdefgh12', null],
    ['http://app/documents?swdJob=<script>&event=Send', null],
    ['not a url', null],
  ])('%s', (href, expected) => expect(readSenderViewReturn(href)).toEqual(expected));
});

describe('badgeForJob', () => {
  const job = (over: Partial<JobView>): JobView => ({ id: 'j', state: 'queued', mode: 'embedded', documentUrl: 'u', documentName: 'n', updatedAt: 0, ...over });
  const retry = () => undefined;
  it.each([
    [{ state: 'creating' }, 'working'],
    [{ state: 'queued', nextAttemptAt: Date.UTC(2026, 0, 1, 14), waitReason: 'DocuSign hourly limit for Acme EU' }, 'queued'],
    [{ state: 'created' }, 'draft'],
    [{ state: 'sender-view-opened' }, 'draft'],
    [{ state: 'sent' }, 'sent'],
    [{ state: 'done', senderViewEvent: 'Send' }, 'sent'],
    [{ state: 'done' }, 'sent'],
    [{ state: 'done', senderViewEvent: 'Save' }, 'draft'],
    [{ state: 'done', senderViewEvent: 'Cancel' }, 'cancelled'],
    [{ state: 'failed', error: { kind: 'validation', message: 'Bad email' } }, 'failed'],
    [{ state: 'needs-sign-in' }, 'queued'],
  ] as const)('%j → %s', (over, kind) => expect(badgeForJob(job(over), retry)?.kind).toBe(kind));
  it('a failed job offers retry and explains why; a discarded job shows nothing', () => {
    const badge = badgeForJob(job({ state: 'failed', error: { kind: 'validation', message: 'Bad email' } }), retry);
    expect(badge?.onRetry).toBe(retry);
    expect(badge?.title).toBe('Bad email');
    expect(badgeForJob(job({ state: 'discarded' }), retry)).toBeNull();
  });
});
