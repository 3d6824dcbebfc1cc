import { storage } from 'wxt/utils/storage';
import { serialQueue } from '../serial-queue';
import type { ButtonTarget } from '../messaging/content-protocol';

/**
 * The last answer to a page's hello, per site (origin): who the host user was and where their
 * envelopes would go. The next load of that site gets it with its first message (content:adaptersFor,
 * sent at document_start), so its first buttons carry the final label when the same host user is
 * there, instead of a neutral one relabelled when the hello is answered.
 *
 * Why it matters: a page that loads in a few hundred ms is parsed before the content script can
 * say hello (it needs the host user from the page), and relabelling its buttons afterwards costs
 * the host one more layout of its list: 13-60 ms on the 400-row demo page (Chromium trace,
 * test/bench/work-ab.ts). A label that changed meanwhile (sign-in, policy) is corrected by the
 * hello as before; every change the background broadcasts forgets these first.
 *
 * Nothing here that a page cannot get already: a page of the site that claims to be that host user
 * gets the same answer to its hello. Session storage (gone with the browser), never page-readable.
 */
export interface LastTarget {
  origin: string;
  hostUserId: string;
  target: ButtonTarget;
}

/** Sites kept. */
export const MAX_LAST_TARGETS = 50;

const lastTargetsItem = storage.defineItem<LastTarget[]>('session:lastTargets', { fallback: [], version: 1 });
const serialized = serialQueue();

export function rememberLastTarget(origin: string, hostUserId: string, target: ButtonTarget): Promise<void> {
  return serialized(async () => {
    const stored = await lastTargetsItem.getValue();
    const entry: LastTarget = { origin, hostUserId, target };
    // Every hello of every page lands here: the same answer as last time writes nothing.
    if (stored[0] && JSON.stringify(stored[0]) === JSON.stringify(entry)) return;
    const all = stored.filter((t) => t.origin !== origin);
    await lastTargetsItem.setValue([entry, ...all].slice(0, MAX_LAST_TARGETS));
  });
}

export async function lastTargetFor(origin: string): Promise<Omit<LastTarget, 'origin'> | null> {
  const found = (await lastTargetsItem.getValue()).find((t) => t.origin === origin);
  return found ? { hostUserId: found.hostUserId, target: found.target } : null;
}

/** Routing, policy or sign-in changed: no stale label for the next load. */
export function forgetLastTargets(): Promise<void> {
  return serialized(async () => {
    if ((await lastTargetsItem.getValue()).length > 0) await lastTargetsItem.setValue([]);
  });
}
