/**
 * The UI's view of the background state: one `ui:getState` snapshot, fetched again whenever the
 * background broadcasts `bg:stateChanged` (register the listener once per page: the messaging
 * library allows one listener per message type and context).
 */
import { browser } from 'wxt/browser';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  backgroundToUi,
  uiToBackground,
  type ActionError,
  type ActionResult,
  type UiState,
  type UiToBackground,
} from '../utils/messaging/ui-protocol';
import { t } from '../utils/i18n';

const changeListeners = new Set<() => void>();

/**
 * Also hear `bg:stateChanged` (e.g. to reload a job list) without registering a second listener:
 * the page's one listener in useUiState passes it on. Returns the unsubscribe function.
 */
export function onBackgroundChange(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => {
    changeListeners.delete(listener);
  };
}

/** Passes a `bg:stateChanged` on to the onBackgroundChange listeners. */
export function notifyBackgroundChange(): void {
  for (const listener of [...changeListeners]) listener();
}

export interface UiStateHandle {
  state: UiState | null;
  /** Could not reach the background (after retries). */
  loadError: string | null;
  hostUserKey: string | null;
  setHostUserKey(key: string | null): void;
  refresh(): Promise<void>;
}

/**
 * `forActiveTab` (the popup): without a chosen host user, show the one the active tab's page
 * reported, not merely the most recent one (two host apps or users in two tabs).
 */
export function useUiState({ forActiveTab = false }: { forActiveTab?: boolean } = {}): UiStateHandle {
  const [state, setState] = useState<UiState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [hostUserKey, setHostUserKey] = useState<string | null>(null);
  const seq = useRef(0);
  const keyRef = useRef<string | null>(null);
  keyRef.current = hostUserKey;

  const latest = useRef<Promise<void>>(Promise.resolve());
  /** Resolves once the newest snapshot asked for so far is shown (a superseded call waits for it). */
  const refresh = useCallback(async (): Promise<void> => {
    const mine = ++seq.current;
    const run = (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const tabId = forActiveTab ? await activeTabId() : null;
          const next = await uiToBackground.sendMessage('ui:getState', { hostUserKey: keyRef.current, tabId });
          if (mine === seq.current) {
            setState(next);
            setLoadError(null);
          }
          return;
        } catch (error) {
          // The worker may be starting; try a few times before saying so.
          if (attempt >= 4) {
            if (mine === seq.current) setLoadError(error instanceof Error ? error.message : String(error));
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 300 * (attempt + 1)));
        }
      }
    })();
    latest.current = run;
    await run;
    while (mine !== seq.current) {
      const newer = latest.current;
      await newer;
      if (newer === latest.current) break;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [hostUserKey, refresh]);

  useEffect(
    () =>
      backgroundToUi.onMessage('bg:stateChanged', () => {
        void refresh();
        notifyBackgroundChange();
      }),
    [refresh],
  );

  return { state, loadError, hostUserKey, setHostUserKey, refresh };
}

/** The active tab's id (no permission needed for the id alone); null when there is none. */
async function activeTabId(): Promise<number | null> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id ?? null;
  } catch {
    return null;
  }
}

/** Any failure of the messaging itself, as an ActionError. */
export function messagingError(error: unknown): ActionError {
  return {
    code: 'messaging',
    message: t('uiErrorMessaging'),
    details: { error: error instanceof Error ? error.message : String(error) },
  };
}

type ActionName = {
  [K in keyof UiToBackground]: ReturnType<UiToBackground[K]> extends ActionResult<unknown> ? K : never;
}[keyof UiToBackground];

/** Sends an action; a messaging failure becomes `{ ok: false }` too. */
export async function runAction<K extends ActionName>(
  type: K,
  data: Parameters<UiToBackground[K]>[0],
): Promise<ReturnType<UiToBackground[K]>> {
  try {
    return (await (uiToBackground.sendMessage as (t: K, d: unknown) => Promise<ReturnType<UiToBackground[K]>>)(type, data));
  } catch (error) {
    return { ok: false, error: messagingError(error) } as ReturnType<UiToBackground[K]>;
  }
}
