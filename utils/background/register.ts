import { browser } from 'wxt/browser';
import { onContentMessage, onUiMessage } from './guarded-handlers';
import { backgroundToContent } from '../messaging/content-protocol';
import { backgroundToUi, type UiState } from '../messaging/ui-protocol';
import { setSelection, saveLocalConfig, toImportFile, validateConfigImport } from '../config';
import { onSignOut } from '../auth/session-store';
import {
  adaptersForUrl,
  adoptLocalConfig,
  getLocal,
  getPolicyState,
  isServedUrl,
  isServedUrlNow,
  onConfigChanged,
  resolveFor,
  startConfigState,
} from './config-state';
import {
  contentTabs,
  forgetContentTab,
  hostUserKey,
  knownHostUsers,
  recordSelectorHealth,
  rememberContentTab,
  rememberHostUser,
  selectorHealth,
} from './page-registry';
import { chooseProfileAccount, sessionsFor, signInProfile, signOutProfile, startAuth } from './sign-in';
import { buildSupportReport } from './support-report';
import { watchAuthRedirects } from './auth-redirect-recovery';
import { applySettings, startOutbox } from './outbox-wiring';
import { startDynamicHosts } from './dynamic-hosts';
import { startUploadReceiver } from './upload-receiver';
import { contentMessageTemplates } from './content-messages';
import { prepareSend } from './send-service';
import { injectSendModule } from './send-module-injection';
import { itemHeightEntries, itemHeightHints, rememberItemHeight } from './item-heights';
import { forgetLastTargets, lastTargetFor, rememberButtonWidth, rememberLastTarget } from './last-targets';
import { toJobView } from './job-view';
import {
  discardJob,
  getJob,
  listJobs,
  recordSenderViewEvent,
  refreshStatuses,
  retryJob,
  runDueJobs,
  toCsv,
  usageReport,
  type JobSummary,
} from '../outbox';
import type { JobView } from '../messaging/content-protocol';
import { targetFor } from './targets';
import { hostUserKeyForTab, jobVisibleTo, pageHostUserKey, rememberTabHostUser, tabsShowing } from './page-jobs';

/** Tell host pages about a job (badges, toasts) and extension pages to refresh. */
async function broadcastJob(job: JobSummary | JobView): Promise<void> {
  const view = 'hostUserKey' in job ? toJobView(job) : job;
  // Only to tabs showing the job's host user (another user of the same app must not see it).
  const key = 'hostUserKey' in job ? job.hostUserKey : (await getJob(job.id))?.hostUserKey;
  for (const tabId of key ? await tabsShowing(await contentTabs(), key) : []) {
    backgroundToContent.sendMessage('bg:jobChanged', view, tabId).catch(() => forgetContentTab(tabId));
  }
  backgroundToUi.sendMessage('bg:stateChanged', undefined).catch(() => undefined);
}

/** Tell every page that shows our UI to ask for a fresh snapshot. */
async function broadcastChange(): Promise<void> {
  await forgetLastTargets();
  for (const tabId of await contentTabs()) {
    backgroundToContent.sendMessage('bg:targetChanged', undefined, tabId).catch(() => forgetContentTab(tabId));
  }
  notifyUi();
}

/** Extension pages (options, popup) fetch their state again, if any are open; nobody listening is fine. */
function notifyUi(): void {
  backgroundToUi.sendMessage('bg:stateChanged', undefined).catch(() => undefined);
}

async function uiState(hostUserKeyWanted?: string | null, tabId?: number | null): Promise<UiState> {
  const hostUsers = await knownHostUsers();
  const wanted = hostUserKeyWanted ?? (typeof tabId === 'number' ? await hostUserKeyForTab(tabId) : undefined);
  const current = (wanted ? hostUsers.find((u) => u.key === wanted) : undefined) ?? hostUsers[0] ?? null;
  const [policy, local, config, health] = await Promise.all([
    getPolicyState(),
    getLocal(),
    resolveFor(current?.hostUser ?? null),
    selectorHealth(),
  ]);
  const sessions = await sessionsFor(config.profiles.map((p) => p.value.id));
  return {
    info: {
      extensionId: browser.runtime.id,
      version: browser.runtime.getManifest().version,
      redirectUri: browser.identity.getRedirectURL(),
      browserName: import.meta.env.BROWSER,
    },
    policy: {
      status: policy.status,
      origin: policy.origin,
      readAt: policy.readAt,
      rejected: policy.rejected,
      warnings: policy.warnings,
      diagnostics: policy.diagnostics,
    },
    config,
    local,
    hostUsers,
    currentHostUser: current,
    sessions,
    selectorHealth: health,
  };
}

/** All background listeners, registered synchronously when the worker starts. */
export function registerBackgroundHandlers(): void {
  startConfigState();
  startAuth();
  onConfigChanged(() => {
    void broadcastChange();
    void applySettings();
  });
  onSignOut(() => void broadcastChange());
  watchAuthRedirects(() => {
    void broadcastChange();
    void runDueJobs();
  });
  startOutbox((job) => void broadcastJob(job));
  startDynamicHosts((listener) => onConfigChanged(listener));
  startUploadReceiver((job) => void broadcastJob(job));

  // --- content scripts (sender: this extension, a tab, a page a host adapter serves)
  // The extension's own UI strings, nothing about the configuration: no need to wait for it.
  onContentMessage('content:messages', () => true, () => contentMessageTemplates());
  onContentMessage('content:adaptersFor', isServedUrl, async (_data, from) => {
    const origin = new URL(from.url).origin;
    const [adapters, heights, lastTarget] = await Promise.all([adaptersForUrl(from.url), itemHeightEntries(), lastTargetFor(origin)]);
    return { adapters, itemPx: itemHeightHints(heights, origin, adapters.map((a) => a.id)), lastTarget };
  });
  onContentMessage('content:hello', isServedUrl, async ({ hostUser, adapterId }, from) => {
    // An options page open on "My DocuSign" shows the person as soon as the app is opened.
    if (hostUser) {
      if (await rememberHostUser(hostUser, adapterId, from.tabId)) notifyUi();
    } else await rememberContentTab(from.tabId);
    await rememberTabHostUser(from.tabId, pageHostUserKey(from.url, hostUser));
    const target = await targetFor(hostUser);
    // Kept for the next load's first labels; the answer does not wait for the write (a page that
    // says hello while it loads wants it before DOMContentLoaded).
    if (hostUser) void rememberLastTarget(new URL(from.url).origin, hostUser.id, target).catch(() => undefined);
    return { target, now: Date.now() };
  });
  onContentMessage('content:signIn', isServedUrlNow, async ({ hostUser, prompt }) => {
    const config = await resolveFor(hostUser);
    const profileId = config.forUser.selectedProfileId;
    const result = profileId ? await signInProfile(profileId, prompt === 'login' ? 'login' : undefined) : null;
    if (result?.ok) {
      void broadcastChange();
      // Jobs that waited for this sign-in continue now.
      void runDueJobs();
    }
    return {
      target: await targetFor(hostUser),
      now: Date.now(),
      ...(result && !result.ok ? { error: result.error } : {}),
    };
  });
  onContentMessage('content:loadSendModule', isServedUrlNow, (_, from) => injectSendModule(from));
  onContentMessage('content:prepareSend', isServedUrlNow, (draft) => prepareSend(draft));
  onContentMessage('content:senderViewReturned', isServedUrlNow, async ({ jobId, event }, from) => {
    const job = await getJob(jobId);
    // Only the page the sender view returned to (same origin as the job's host page) may report.
    if (!job || new URL(job.hostPageUrl).origin !== new URL(from.url).origin) return null;
    try {
      return toJobView(await recordSenderViewEvent(jobId, event));
    } catch {
      return toJobView(job);
    }
  });
  onContentMessage('content:jobsForDocuments', isServedUrl, async ({ documentUrls, hostUser }, from) => {
    const key = pageHostUserKey(from.url, hostUser);
    if (!key) return [];
    const jobs = await listJobs({ hostUserKey: key, documentUrls: documentUrls.slice(0, 500) });
    return jobs.filter((job) => jobVisibleTo(job, from.url, hostUser)).map(toJobView);
  });
  onContentMessage('content:retryJob', isServedUrlNow, async ({ jobId, hostUser }, from) => {
    const job = await getJob(jobId);
    if (!job || !jobVisibleTo(job, from.url, hostUser)) return null;
    try {
      return toJobView(await retryJob(jobId));
    } catch {
      return toJobView(job);
    }
  });
  onContentMessage('content:openOptions', isServedUrl, async () => {
    await browser.runtime.openOptionsPage();
  });
  onContentMessage('content:itemHeight', isServedUrl, async ({ adapterId, px }, from) => {
    // The site is the sender's (browser-stamped), never a field of the message.
    if (typeof adapterId === 'string' && adapterId.length <= 200) await rememberItemHeight(new URL(from.url).origin, adapterId, px);
  });
  onContentMessage('content:buttonWidth', isServedUrl, async ({ target, labelKey, px }, from) => {
    // The width itself is checked where it is kept.
    if (typeof target !== 'object' || target === null || typeof labelKey !== 'string') return;
    await rememberButtonWidth(new URL(from.url).origin, target, { labelKey, px });
  });
  onContentMessage('content:selectorHealth', isServedUrl, async (health, from) => {
    const url = new URL(from.url);
    await recordSelectorHealth({ ...health, origin: url.origin, path: url.pathname, checkedAt: Date.now() });
    // An admin checking an adapter keeps "Host apps" open while reloading the app.
    notifyUi();
  });

  // --- extension pages (sender: a page of this extension)
  onUiMessage('ui:getState', ({ hostUserKey: key, tabId }) => uiState(key, tabId));
  onUiMessage('ui:selectProfile', async ({ hostUserKey: key, profileId }) => {
    const user = (await knownHostUsers()).find((u) => u.key === key);
    if (!user) return { ok: false, error: { code: 'unknown_host_user', message: 'That app user is not known in this browser session. Open the app and try again.' } };
    const config = await resolveFor(user.hostUser);
    if (!config.forUser.canChoose || !config.forUser.allowed.some((p) => p.id === profileId)) {
      return { ok: false, error: { code: 'not_allowed', message: 'Your administrator does not allow this profile for your user.' } };
    }
    await setSelection(user.hostUser.origin, user.hostUser.id, profileId);
    void broadcastChange();
    return { ok: true, value: undefined };
  });
  onUiMessage('ui:signIn', async ({ profileId, prompt }) => {
    const result = await signInProfile(profileId, prompt);
    void broadcastChange();
    if (result.ok) void runDueJobs();
    return result;
  });
  onUiMessage('ui:chooseAccount', async ({ profileId, accountId }) => {
    const result = await chooseProfileAccount(profileId, accountId);
    void broadcastChange();
    return result;
  });
  onUiMessage('ui:signOut', async ({ profileId }) => {
    const result = await signOutProfile(profileId);
    void broadcastChange();
    return result;
  });
  onUiMessage('ui:saveLocalConfig', async ({ config }) => {
    const result = await saveLocalConfig(config);
    adoptLocalConfig(result.config);
    return result;
  });
  onUiMessage('ui:importConfig', async ({ text, save }) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      const local = await getLocal();
      return { config: local, rejected: [], warnings: [], parseError: `This is not valid JSON: ${(error as Error).message}` };
    }
    const result = validateConfigImport(raw);
    if (save) adoptLocalConfig((await saveLocalConfig(result.config)).config);
    return result;
  });
  onUiMessage('ui:exportConfig', async () => JSON.stringify(toImportFile(await getLocal()), null, 2));
  onUiMessage('ui:listJobs', async ({ hostUserKey: key, limit, refresh }) => {
    const jobs = await listJobs({ ...(key ? { hostUserKey: key } : {}), limit: Math.min(limit ?? 50, 200) });
    if (!refresh) return jobs;
    const refreshed = await refreshStatuses(jobs.filter((j) => j.envelopeId).map((j) => j.id)).catch(() => []);
    const byId = new Map(refreshed.map((j) => [j.id, j]));
    return jobs.map((j) => byId.get(j.id) ?? j);
  });
  onUiMessage('ui:retryJob', async ({ jobId }) => {
    try {
      return { ok: true, value: await retryJob(jobId) };
    } catch (error) {
      return { ok: false, error: { code: 'retry_failed', message: error instanceof Error ? error.message : 'This send cannot be retried.' } };
    }
  });
  onUiMessage('ui:discardJob', async ({ jobId }) => {
    try {
      return { ok: true, value: await discardJob(jobId) };
    } catch (error) {
      return { ok: false, error: { code: 'discard_failed', message: error instanceof Error ? error.message : 'This send cannot be discarded.' } };
    }
  });
  onUiMessage('ui:usageReport', ({ groupBy }) => usageReport({ groupBy }));
  onUiMessage('ui:usageCsv', async ({ groupBy }) => toCsv(await usageReport({ groupBy })));
  onUiMessage('ui:supportReport', async () => buildSupportReport(await uiState()));
}

export { hostUserKey };
