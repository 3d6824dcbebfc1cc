import { storage } from 'wxt/utils/storage';
import { serialQueue } from '../serial-queue';
import type { ButtonTarget } from '../messaging/content-protocol';
import { isButtonPx, type ButtonWidth } from '../button-width';
import { sameData } from '../same-data';

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
  /** The buttons' width for this target's labels, as a page of the site measured it (sizeButtons). */
  buttonWidth?: ButtonWidth;
}

/** Longer label keys are not ours. */
const LABEL_KEY_MAX = 1000;

/** Sites kept. */
export const MAX_LAST_TARGETS = 50;

const lastTargetsItem = storage.defineItem<LastTarget[]>('session:lastTargets', { fallback: [], version: 1 });
const serialized = serialQueue();

export function rememberLastTarget(origin: string, hostUserId: string, target: ButtonTarget): Promise<void> {
  return serialized(async () => {
    const stored = await lastTargetsItem.getValue();
    const previous = stored.find((t) => t.origin === origin);
    const same = previous !== undefined && previous.hostUserId === hostUserId && sameTarget(previous.target, target);
    // Every hello of every page lands here: the same answer as last time writes nothing.
    if (same && stored[0] === previous) return;
    const entry: LastTarget = { origin, hostUserId, target, ...(same && previous.buttonWidth ? { buttonWidth: previous.buttonWidth } : {}) };
    const all = stored.filter((t) => t.origin !== origin);
    await lastTargetsItem.setValue([entry, ...all].slice(0, MAX_LAST_TARGETS));
  });
}

/**
 * A page of the site measured its buttons for `target`: kept with the site's last target if that
 * is still the same one (a later hello may have changed it meanwhile). Returns whether it was kept.
 */
export function rememberButtonWidth(origin: string, target: ButtonTarget, width: ButtonWidth): Promise<boolean> {
  return serialized(async () => {
    if (!isButtonPx(width.px) || width.labelKey.length > LABEL_KEY_MAX) return false;
    const px = Math.round(width.px * 100) / 100;
    const stored = await lastTargetsItem.getValue();
    const index = stored.findIndex((t) => t.origin === origin);
    const entry = stored[index];
    if (!entry || !sameTarget(entry.target, target)) return false;
    if (entry.buttonWidth?.labelKey === width.labelKey && entry.buttonWidth.px === px) return true;
    const next = [...stored];
    next[index] = { ...entry, buttonWidth: { labelKey: width.labelKey, px } };
    await lastTargetsItem.setValue(next);
    return true;
  });
}

export async function lastTargetFor(origin: string): Promise<Omit<LastTarget, 'origin'> | null> {
  const found = (await lastTargetsItem.getValue()).find((t) => t.origin === origin);
  if (!found) return null;
  return { hostUserId: found.hostUserId, target: found.target, ...(found.buttonWidth ? { buttonWidth: found.buttonWidth } : {}) };
}

/** Same fields, same values, in whatever key order (a stored copy against a fresh one). */
export function sameTarget(a: ButtonTarget, b: ButtonTarget): boolean {
  return sameData(a, b);
}

/** Routing, policy or sign-in changed: no stale label for the next load. */
export function forgetLastTargets(): Promise<void> {
  return serialized(async () => {
    if ((await lastTargetsItem.getValue()).length > 0) await lastTargetsItem.setValue([]);
  });
}
