// Duplicate drafts: which envelope a job adopts, which drafts are deleted, when a failed check is retried.
import { describe, expect, it } from 'vitest';
import type { EnvelopeInfo } from '../../../utils/docusign/types';
import { TIDY_MAX_ATTEMPTS, duplicatesOf, pickAdoptedEnvelope, tidyGroups, tidyRetryAt } from '../../../utils/outbox/tidy';
import { ACCOUNT_EU, ACCOUNT_NA, jobRecord } from './fixtures';

const env = (envelopeId: string, status: string, createdDateTime = '2026-05-12T10:00:00.0000000Z'): EnvelopeInfo => ({
  envelopeId,
  status,
  createdDateTime,
});

describe('pickAdoptedEnvelope', () => {
  it('none, or only deleted/voided ones: nothing to adopt (nothing was created that counts)', () => {
    expect(pickAdoptedEnvelope([])).toBeUndefined();
    expect(pickAdoptedEnvelope([env('a', 'deleted'), env('b', 'voided')])).toBeUndefined();
  });

  it('a sent envelope wins over drafts (a send cannot be undone), whatever its age', () => {
    expect(pickAdoptedEnvelope([env('d1', 'created', '2026-05-12T10:00:00Z'), env('s', 'sent', '2026-05-12T10:00:05Z')])!.envelopeId).toBe('s');
    expect(pickAdoptedEnvelope([env('c', 'completed'), env('d', 'created')])!.envelopeId).toBe('c');
  });

  it('among drafts, the oldest; equal times by id (deterministic across worker restarts)', () => {
    expect(pickAdoptedEnvelope([env('late', 'created', '2026-05-12T10:00:09Z'), env('early', 'created', '2026-05-12T10:00:01Z')])!.envelopeId).toBe('early');
    expect(pickAdoptedEnvelope([env('b', 'created'), env('a', 'created')])!.envelopeId).toBe('a');
    expect(pickAdoptedEnvelope([env('gone', 'deleted', '2026-05-12T09:00:00Z'), env('x', 'created')])!.envelopeId).toBe('x');
  });
});

describe('duplicatesOf', () => {
  it('drafts other than the job\'s own envelope (case-insensitive ids); a draft-first job never voids a sent one', () => {
    const list = [env('OWN', 'sent'), env('d1', 'created'), env('s2', 'sent'), env('x', 'deleted'), env('d2', 'created')];
    expect(duplicatesOf({ envelopeId: 'own' }, list)).toEqual({ drafts: ['d1', 'd2'], sent: [] });
    expect(duplicatesOf({ envelopeId: 'd1' }, [env('d1', 'created')])).toEqual({ drafts: [], sent: [] });
  });

  it('a one-call job (created sent) also voids the other sent or delivered copies, never a finished, voided or deleted one', () => {
    const list = [
      env('own', 'sent'),
      env('s2', 'sent'),
      env('s3', 'delivered'),
      env('c', 'completed'),
      env('v', 'voided'),
      env('x', 'deleted'),
      env('d1', 'created'),
    ];
    expect(duplicatesOf({ envelopeId: 'own', sendOnCreate: true }, list)).toEqual({ drafts: ['d1'], sent: ['s2', 's3'] });
    // The job adopted the older of two sent copies after a lost answer: the other is the duplicate.
    const two = [env('late', 'sent', '2026-05-12T10:00:09Z'), env('early', 'sent', '2026-05-12T10:00:01Z')];
    const adopted = pickAdoptedEnvelope(two)!.envelopeId;
    expect(duplicatesOf({ envelopeId: adopted, sendOnCreate: true }, two)).toEqual({ drafts: [], sent: ['late'] });
  });

  it('a job without an envelope deletes nothing', () => {
    expect(duplicatesOf({}, [env('d1', 'created')])).toEqual({ drafts: [], sent: [] });
    expect(duplicatesOf({ sendOnCreate: true }, [env('s', 'sent')])).toEqual({ drafts: [], sent: [] });
  });
});

describe('tidyRetryAt', () => {
  it('15, 30, 60, 120 s after the failed attempt, then gives up', () => {
    const at = 1_000_000;
    expect([1, 2, 3, 4].map((n) => tidyRetryAt(n, at)! - at)).toEqual([15_000, 30_000, 60_000, 120_000]);
    expect(tidyRetryAt(TIDY_MAX_ATTEMPTS, at)).toBeUndefined();
    expect(tidyRetryAt(TIDY_MAX_ATTEMPTS + 3, at)).toBeUndefined();
  });
});

describe('tidyGroups', () => {
  it('one group per profile and account; jobs without an account or envelope are skipped', () => {
    const a = jobRecord('done', { account: { ...ACCOUNT_EU } });
    const b = jobRecord('sent', { account: { ...ACCOUNT_EU, baseUri: ACCOUNT_EU.baseUri.toUpperCase() + '/' } });
    const c = jobRecord('done', { account: { ...ACCOUNT_NA } });
    const d = jobRecord('done', { account: { ...ACCOUNT_EU }, profileId: 'other' });
    const noEnvelope = jobRecord('queued');
    const { skip, groups } = tidyGroups([a, b, c, d, noEnvelope]);
    expect(skip.map((j) => j.id)).toEqual([noEnvelope.id]);
    expect(groups.map((g) => g.map((j) => j.id))).toEqual([[a.id, b.id], [c.id], [d.id]]);
  });
});
