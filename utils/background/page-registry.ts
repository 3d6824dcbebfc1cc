import { storage } from 'wxt/utils/storage';
import { serialQueue } from '../serial-queue';
import type { HostUser } from '../config';
import type { KnownHostUser, SelectorHealth } from '../messaging/ui-protocol';
import { sameData } from '../same-data';

/**
 * What the background learnt from content scripts this browser session: host users seen (so the
 * options page can show "My DocuSign" for the person using the host app), tabs to notify, and
 * selector health per adapter. Session storage: gone when the browser closes, never page-readable.
 */
const MAX_HOST_USERS = 20;

const hostUsersItem = storage.defineItem<KnownHostUser[]>('session:hostUsers', { fallback: [] });
const tabsItem = storage.defineItem<number[]>('session:contentTabs', { fallback: [] });
const healthItem = storage.defineItem<SelectorHealth[]>('session:selectorHealth', { fallback: [] });


/**
 * Every read-modify-write of these items runs one after another: two content scripts reporting at
 * once (a page and its reload, two tabs) would otherwise both read the old list and the second
 * write would drop the first one's entry (a host user the background then no longer knows).
 * Only the background writes these items, so a queue in this worker is enough.
 */
const serialized = serialQueue();

export function hostUserKey(user: Pick<HostUser, 'origin' | 'id'>): string {
  return `${user.origin}|${user.id}`;
}

/** Records a host user seen on a page; true when the options page would show something new
 * (a user not known yet, or known with other details or through another adapter). */
export function rememberHostUser(hostUser: HostUser, adapterId: string, tabId: number, now = Date.now()): Promise<boolean> {
  return serialized(async () => {
    const key = hostUserKey(hostUser);
    const before = await hostUsersItem.getValue();
    const known = before.find((u) => u.key === key);
    const users = before.filter((u) => u.key !== key);
    users.unshift({ key, hostUser, adapterId, lastSeenAt: now });
    await hostUsersItem.setValue(users.slice(0, MAX_HOST_USERS));
    await addTab(tabId);
    return !known || known.adapterId !== adapterId || !sameData(known.hostUser, hostUser);
  });
}

async function addTab(tabId: number): Promise<void> {
  const tabs = await tabsItem.getValue();
  if (!tabs.includes(tabId)) await tabsItem.setValue([...tabs, tabId].slice(-200));
}

export function rememberContentTab(tabId: number): Promise<void> {
  return serialized(() => addTab(tabId));
}

export async function knownHostUsers(): Promise<KnownHostUser[]> {
  return hostUsersItem.getValue();
}

export async function contentTabs(): Promise<number[]> {
  return tabsItem.getValue();
}

export function forgetContentTab(tabId: number): Promise<void> {
  return serialized(async () => {
    const tabs = await tabsItem.getValue();
    if (tabs.includes(tabId)) await tabsItem.setValue(tabs.filter((id) => id !== tabId));
  });
}

export function recordSelectorHealth(entry: SelectorHealth): Promise<void> {
  return serialized(async () => {
    const all = (await healthItem.getValue()).filter((h) => !(h.adapterId === entry.adapterId && h.origin === entry.origin && h.path === entry.path));
    all.unshift(entry);
    await healthItem.setValue(all.slice(0, 50));
  });
}

export async function selectorHealth(): Promise<SelectorHealth[]> {
  return healthItem.getValue();
}
