import { storage } from 'wxt/utils/storage';
import { serialQueue } from '../serial-queue';
import { selectionKey } from '../config/routing';
import type { JobSummary } from '../outbox';

/**
 * Which send jobs a host page may see (badges, `bg:jobChanged`) and retry: those of the host user
 * that page shows, on that page's origin. The origin comes from the browser-stamped sender URL,
 * never from the page; the user id from the page (a routing hint), so a second host user on the
 * same origin (shared computer, switched account) neither sees nor retries the first one's jobs.
 */
export function pageHostUserKey(pageUrl: string, hostUser: { id: string } | null | undefined): string | null {
  if (!hostUser?.id) return null;
  let origin: string;
  try {
    origin = new URL(pageUrl).origin;
  } catch {
    return null;
  }
  return origin && origin !== 'null' ? selectionKey(origin, hostUser.id) : null;
}

export function jobVisibleTo(
  job: Pick<JobSummary, 'hostPageUrl' | 'hostUserKey'>,
  pageUrl: string,
  hostUser: { id: string } | null | undefined,
): boolean {
  const key = pageHostUserKey(pageUrl, hostUser);
  if (!key || job.hostUserKey !== key) return false;
  try {
    return new URL(job.hostPageUrl).origin === new URL(pageUrl).origin;
  } catch {
    return false;
  }
}

/** Tab id → key of the host user its content script last reported (session only). */
const tabUsersItem = storage.defineItem<Record<string, string>>('session:tabHostUsers', { fallback: {} });
const MAX_TABS = 200;
const serialized = serialQueue();

/** Records (or forgets, for null) the host user a tab shows. Writes are serialised. */
export function rememberTabHostUser(tabId: number, key: string | null): Promise<void> {
  return serialized(async () => {
    const all = { ...(await tabUsersItem.getValue()) };
    if ((all[tabId] ?? null) === key) return;
    delete all[tabId];
    if (key) all[tabId] = key;
    const ids = Object.keys(all);
    for (const id of ids.slice(0, Math.max(0, ids.length - MAX_TABS))) delete all[id];
    await tabUsersItem.setValue(all);
  });
}

/** The tabs among `tabIds` whose page shows the host user `key`. */
export async function tabsShowing(tabIds: readonly number[], key: string): Promise<number[]> {
  const all = await tabUsersItem.getValue();
  return tabIds.filter((id) => all[id] === key);
}

/** The host user the page in this tab last reported (the popup describes that user), if any. */
export async function hostUserKeyForTab(tabId: number): Promise<string | undefined> {
  return (await tabUsersItem.getValue())[tabId];
}
