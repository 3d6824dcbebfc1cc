/**
 * Per-host-user profile selection (DESIGN.md "Selection"): keyed by host origin + host user id,
 * so two people sharing a browser profile, or one person with two host logins, keep separate
 * choices. The resolver decides whether a stored choice is still allowed; this store only keeps it.
 */
import { storage } from 'wxt/utils/storage';
import { selectionKey } from './routing';

export interface SelectionRecord {
  profileId: string;
  /** ms since epoch. */
  updatedAt: number;
}

export type SelectionMap = Record<string, SelectionRecord>;

export const selectionsItem = storage.defineItem<SelectionMap>('local:selections', {
  version: 1,
  fallback: {},
  migrations: {},
});

export { selectionKey };

function isRecord(value: unknown): value is SelectionRecord {
  return typeof value === 'object' && value !== null && typeof (value as SelectionRecord).profileId === 'string';
}

export async function getSelection(hostOrigin: string, hostUserId: string): Promise<string | null> {
  const all = await selectionsItem.getValue();
  const rec = all[selectionKey(hostOrigin, hostUserId)];
  return isRecord(rec) ? rec.profileId : null;
}

export async function getSelectionByKey(key: string): Promise<string | null> {
  const rec = (await selectionsItem.getValue())[key];
  return isRecord(rec) ? rec.profileId : null;
}

export async function setSelection(hostOrigin: string, hostUserId: string, profileId: string, now: number = Date.now()): Promise<void> {
  const all = { ...(await selectionsItem.getValue()) };
  all[selectionKey(hostOrigin, hostUserId)] = { profileId, updatedAt: now };
  await selectionsItem.setValue(all);
}

export async function clearSelection(hostOrigin: string, hostUserId: string): Promise<void> {
  const all = { ...(await selectionsItem.getValue()) };
  const key = selectionKey(hostOrigin, hostUserId);
  if (!(key in all)) return;
  delete all[key];
  await selectionsItem.setValue(all);
}

export async function listSelections(): Promise<SelectionMap> {
  return { ...(await selectionsItem.getValue()) };
}

export async function clearAllSelections(): Promise<void> {
  await selectionsItem.setValue({});
}
