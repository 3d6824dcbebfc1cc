import { browser } from 'wxt/browser';
import { getAccessToken, getSession, refreshSession } from '../auth';
import { configureOutbox, onJobChanged, runDueJobs, type JobSummary } from '../outbox';
import { findEffectiveProfile, resolveFor } from './config-state';

export const OUTBOX_ALARM = 'swd-outbox-wake';

/**
 * Connects the outbox to the browser: alarms wake the worker for waiting jobs (rate limits,
 * backoff) even after it was stopped; sender views open in a new tab next to the host page.
 */
export function startOutbox(onChange: (job: JobSummary) => void): void {
  configureOutbox(outboxDeps());
  onJobChanged(onChange);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) void runDueJobs();
  });
  // Settings (storage cap, status interval) come from the effective configuration.
  void applySettings().then(() => runDueJobs());
}

/** Re-applies the settings that shape the outbox (call when configuration changes). */
export async function applySettings(): Promise<void> {
  const { settings } = await resolveFor(null);
  configureOutbox(
    outboxDeps({
      maxStoredBytes: settings.maxStoredDocumentsMb.value * 1024 * 1024,
      statusIntervalMs: settings.statusRefreshMinutes.value * 60_000,
    }),
  );
}

function outboxDeps(extra: { maxStoredBytes?: number; statusIntervalMs?: number } = {}): Parameters<typeof configureOutbox>[0] {
  return {
    ...extra,
    getProfile: findEffectiveProfile,
    getSession,
    getAccessToken,
    refreshSession,
    async openSenderView(url, job) {
      // DocuSign's sender view must be opened at once and never in an iframe (FACTS.md).
      const opener = await findTabShowing(job.hostPageUrl);
      await browser.tabs.create({ url, active: true, ...(opener !== undefined ? { openerTabId: opener } : {}) });
    },
    async scheduleWake(atMs) {
      const existing = await browser.alarms.get(OUTBOX_ALARM);
      // Keep the earliest wake-up; alarms have a 30 s floor in Chromium.
      if (existing && existing.scheduledTime <= atMs) return;
      await browser.alarms.create(OUTBOX_ALARM, { when: Math.max(atMs, Date.now() + 1000) });
    },
  };
}

async function findTabShowing(url: string): Promise<number | undefined> {
  try {
    const tabs = await browser.tabs.query({ url: url.split('#')[0] });
    return tabs[0]?.id;
  } catch {
    return undefined;
  }
}
