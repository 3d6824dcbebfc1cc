import { storage } from 'wxt/utils/storage';
import type { HostUser } from '../config';
import type { KnownHostUser, SelectorHealth } from '../messaging/ui-protocol';

/**
 * What the background learnt from content scripts this browser session: host users seen (so the
 * options page can show "My DocuSign" for the person using the host app), tabs to notify, and
 * selector health per adapter. Session storage: gone when the browser closes, never page-readable.
 */
const MAX_HOST_USERS = 20;

const hostUsersItem = storage.defineItem<KnownHostUser[]>('session:hostUsers', { fallback: [] });
const tabsItem = storage.defineItem<number[]>('session:contentTabs', { fallback: [] });
const healthItem = storage.defineItem<SelectorHealth[]>('session:selectorHealth', { fallback: [] });

export function hostUserKey(user: Pick<HostUser, 'origin' | 'id'>): string {
  return `${user.origin}|${user.id}`;
}

export async function rememberHostUser(hostUser: HostUser, adapterId: string, tabId: number, now = Date.now()): Promise<void> {
  const key = hostUserKey(hostUser);
  const users = (await hostUsersItem.getValue()).filter((u) => u.key !== key);
  users.unshift({ key, hostUser, adapterId, lastSeenAt: now });
  await hostUsersItem.setValue(users.slice(0, MAX_HOST_USERS));
  const tabs = await tabsItem.getValue();
  if (!tabs.includes(tabId)) await tabsItem.setValue([...tabs, tabId].slice(-200));
}

export async function rememberContentTab(tabId: number): Promise<void> {
  const tabs = await tabsItem.getValue();
  if (!tabs.includes(tabId)) await tabsItem.setValue([...tabs, tabId].slice(-200));
}

export async function knownHostUsers(): Promise<KnownHostUser[]> {
  return hostUsersItem.getValue();
}

export async function contentTabs(): Promise<number[]> {
  return tabsItem.getValue();
}

export async function forgetContentTab(tabId: number): Promise<void> {
  const tabs = await tabsItem.getValue();
  if (tabs.includes(tabId)) await tabsItem.setValue(tabs.filter((id) => id !== tabId));
}

export async function recordSelectorHealth(entry: SelectorHealth): Promise<void> {
  const all = (await healthItem.getValue()).filter((h) => !(h.adapterId === entry.adapterId && h.origin === entry.origin && h.path === entry.path));
  all.unshift(entry);
  await healthItem.setValue(all.slice(0, 50));
}

export async function selectorHealth(): Promise<SelectorHealth[]> {
  return healthItem.getValue();
}
