import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATUS_INTERVAL_MS,
  MIN_STATUS_INTERVAL_MS,
  STATUS_BATCH_SIZE,
  isTerminalEnvelopeStatus,
} from '../../../utils/docusign/limits';
import { envelopesDueForStatus } from '../../../utils/docusign/status-cache';

const NOW = 1_800_000_000_000;
const MIN = 60_000;

describe('envelopesDueForStatus', () => {
  it('returns never-checked and old-enough envelopes, grouped per account', () => {
    const batches = envelopesDueForStatus(
      [
        { envelopeId: 'a1', accountKey: 'na' },
        { envelopeId: 'a2', accountKey: 'na', lastCheckedAt: NOW - 25 * MIN },
        { envelopeId: 'a3', accountKey: 'na', lastCheckedAt: NOW - 5 * MIN },
        { envelopeId: 'e1', accountKey: 'eu', lastCheckedAt: NOW - 21 * MIN },
        { envelopeId: 'e2', accountKey: 'eu', terminal: true },
      ],
      NOW,
    );
    expect(batches).toEqual([
      { accountKey: 'na', envelopeIds: ['a1', 'a2'] },
      { accountKey: 'eu', envelopeIds: ['e1'] },
    ]);
  });

  it('defaults to 20 minutes and never goes below 15 minutes', () => {
    expect(DEFAULT_STATUS_INTERVAL_MS).toBe(20 * MIN);
    const env = (ago: number) => [{ envelopeId: 'x', accountKey: 'k', lastCheckedAt: NOW - ago }];
    expect(envelopesDueForStatus(env(19 * MIN), NOW)).toEqual([]);
    expect(envelopesDueForStatus(env(20 * MIN), NOW)).toEqual([{ accountKey: 'k', envelopeIds: ['x'] }]);
    expect(envelopesDueForStatus(env(15 * MIN), NOW, 15 * MIN)).toEqual([{ accountKey: 'k', envelopeIds: ['x'] }]);
    expect(envelopesDueForStatus(env(15 * MIN - 1), NOW, 15 * MIN)).toEqual([]);
    // Asking for 1 minute still respects DocuSign's 15.
    expect(envelopesDueForStatus(env(10 * MIN), NOW, MIN)).toEqual([]);
    expect(envelopesDueForStatus(env(MIN_STATUS_INTERVAL_MS), NOW, MIN)).toEqual([{ accountKey: 'k', envelopeIds: ['x'] }]);
  });

  it('skips terminal statuses given as status strings', () => {
    const batches = envelopesDueForStatus(
      ['completed', 'declined', 'voided', 'Completed', 'deleted', 'sent', 'delivered', 'created'].map((status, i) => ({
        envelopeId: `id${i}`,
        accountKey: 'k',
        status,
      })),
      NOW,
    );
    expect(batches).toEqual([{ accountKey: 'k', envelopeIds: ['id5', 'id6', 'id7'] }]);
    expect(isTerminalEnvelopeStatus('VOIDED')).toBe(true);
    expect(isTerminalEnvelopeStatus(undefined)).toBe(false);
  });

  it('never lists an envelope twice; duplicates use the most recent check', () => {
    const batches = envelopesDueForStatus(
      [
        { envelopeId: 'ABC', accountKey: 'k', lastCheckedAt: NOW - 60 * MIN },
        { envelopeId: 'abc', accountKey: 'k', lastCheckedAt: NOW - 2 * MIN },
        { envelopeId: 'def', accountKey: 'k' },
        { envelopeId: 'def', accountKey: 'k' },
      ],
      NOW,
    );
    expect(batches).toEqual([{ accountKey: 'k', envelopeIds: ['def'] }]);
  });

  it('treats a check in the future (clock moved back) as recent', () => {
    expect(envelopesDueForStatus([{ envelopeId: 'x', accountKey: 'k', lastCheckedAt: NOW + 60 * MIN }], NOW)).toEqual([]);
  });

  it('batches by STATUS_BATCH_SIZE, oldest check first', () => {
    const envelopes = Array.from({ length: 120 }, (_, i) => ({
      envelopeId: `env-${String(i).padStart(3, '0')}`,
      accountKey: 'k',
      lastCheckedAt: NOW - (200 - i) * MIN,
    }));
    const batches = envelopesDueForStatus(envelopes, NOW);
    expect(batches.map((b) => b.envelopeIds.length)).toEqual([STATUS_BATCH_SIZE, STATUS_BATCH_SIZE, 120 - 2 * STATUS_BATCH_SIZE]);
    expect(batches[0]!.envelopeIds[0]).toBe('env-000');
    expect(batches.flatMap((b) => b.envelopeIds)).toEqual(envelopes.map((e) => e.envelopeId));
    expect(envelopesDueForStatus(envelopes, NOW, undefined, 100).map((b) => b.envelopeIds.length)).toEqual([100, 20]);
  });

  it('returns nothing for nothing', () => {
    expect(envelopesDueForStatus([], NOW)).toEqual([]);
  });
});
