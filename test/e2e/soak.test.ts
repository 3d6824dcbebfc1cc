import { describe, expect, it } from 'vitest';
import { runSoak } from '../soak/soak';

/**
 * The fault-injection soak (test/soak, `npm run soak`) in small: 20 sends through the host app's
 * UI with a fixed seed, against the real extension in Chromium with its own emulator, host app and
 * browser: injected 429/400 rate limits, 500/503, delays, connections dropped before and after
 * DocuSign acted, service worker stops through the DevTools protocol, one browser restart.
 */
describe('fault-injection soak (20 sends, fixed seed)', () => {
  it('loses nothing, duplicates nothing, sends nothing to the wrong account, and finishes every job', async () => {
    const lines: string[] = [];
    const result = await runSoak({
      sends: 20,
      seed: 2,
      stopRate: 0.25,
      // Rate-limit answers make jobs wait 10-45 s: only in the first 60 % of the sends, so that
      // the waits overlap the sending and the whole run stays well under 90 s.
      rateFaultsUntil: 0.6,
      drainTimeoutSeconds: 50,
      log: (line) => lines.push(line),
    });
    const summary = JSON.stringify(result);
    console.log(`soak: ${summary}`);

    expect(result.accepted, summary).toBe(20);
    expect(result.notQueued, summary).toBe(0);
    expect(result.lost, summary).toBe(0);
    expect(result.wrongAccount, summary).toBe(0);
    expect(result.nonTerminal, summary).toBe(0);
    expect(result.contentMismatch, summary).toBe(0);
    expect(result.orphanEnvelopes, summary).toBe(0);
    // Rate limits wait, they never fail a job.
    expect(Object.keys(result.failedReasons).filter((kind) => kind.startsWith('rate_limited')), summary).toEqual([]);
    // Chromium may re-send a create by itself (a dropped reused connection): that leaves a spare
    // draft, which the duplicate check deletes before the drain ends. Nothing is left, nothing was sent twice.
    expect(result.duplicates, summary).toBe(0);
    expect(result.sentDuplicates, summary).toBe(0);
    expect(result.voided, summary).toBe(0);
    // The run really injected what it claims.
    expect(result.browserRestarts).toBe(1);
    expect(result.workerStops).toBeGreaterThan(0);
    expect(Object.keys(result.faults).length).toBeGreaterThan(3);
    expect(result.envelopesByAccount['Acme Europe GmbH'] ?? 0).toBeGreaterThan(0);
    expect(result.envelopesByAccount['Acme Canada Ltd'] ?? 0).toBeGreaterThan(0);
  }, 90_000);
});
