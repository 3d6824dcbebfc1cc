/**
 * Recent send jobs for a view (options "Sends", the popup), kept current: reloaded (from the
 * outbox only) whenever the background broadcasts a change. Envelope status is asked of DocuSign
 * only through `refresh: true`: once when the view opens (`refreshOnOpen`), then at most every
 * `pollMs` (never under 5 minutes) while the view is mounted AND the page is visible. The
 * background enforces DocuSign's rule of one status check per envelope per 15 minutes.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { uiToBackground } from '../../utils/messaging/ui-protocol';
import type { JobSummary } from '../../utils/outbox/types';
import { onBackgroundChange } from '../ui-state';

export const MIN_STATUS_POLL_MS = 5 * 60_000;

export interface JobsHandle {
  /** null until the first answer. */
  jobs: JobSummary[] | null;
  error: string | null;
  /** Reload from the outbox (no DocuSign call). */
  reload(): Promise<void>;
}

export function useJobs(options: { hostUserKey?: string | null; limit: number; refreshOnOpen?: boolean; pollMs?: number }): JobsHandle {
  const { hostUserKey, limit, refreshOnOpen = false } = options;
  const pollMs = options.pollMs === undefined ? undefined : Math.max(options.pollMs, MIN_STATUS_POLL_MS);
  const [jobs, setJobs] = useState<JobSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const lastRefreshAt = useRef(0);
  const args = useRef({ hostUserKey, limit });
  args.current = { hostUserKey, limit };

  const load = useCallback(async function load(refresh: boolean): Promise<void> {
    const mine = ++seq.current;
    if (refresh) lastRefreshAt.current = Date.now();
    const { hostUserKey: key, limit: max } = args.current;
    for (let attempt = 0; ; attempt++) {
      try {
        const list = await uiToBackground.sendMessage('ui:listJobs', { ...(key ? { hostUserKey: key } : {}), limit: max, ...(refresh ? { refresh: true } : {}) });
        if (mine === seq.current) {
          setJobs(list);
          setError(null);
        } else if (refresh) {
          // A refresh can take a while (DocuSign); a newer reload started meanwhile may not see the
          // statuses it stored: read the outbox once more.
          void load(false);
        }
        return;
      } catch (e) {
        // The worker may be starting; try a few times before saying so.
        if (attempt >= 3) {
          if (mine === seq.current) setError(e instanceof Error ? e.message : String(e));
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 300 * (attempt + 1)));
      }
    }
  }, []);

  // When the view opens (and when it shows other jobs: another host user, a larger limit).
  useEffect(() => {
    void load(refreshOnOpen);
  }, [hostUserKey, limit, load]);

  // Job changes: a plain reload, debounced (one send makes several transitions in a row).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onBackgroundChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(false), 250);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [load]);

  // Status refresh while the view is shown: on a timer, and when the page becomes visible again.
  useEffect(() => {
    if (pollMs === undefined) return;
    const due = () => document.visibilityState === 'visible' && Date.now() - lastRefreshAt.current >= pollMs;
    const interval = setInterval(() => {
      if (due()) void load(true);
    }, pollMs);
    const onVisible = () => {
      if (due()) void load(true);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(interval);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [pollMs, load]);

  const reload = useCallback(() => load(false), [load]);
  return { jobs, error, reload };
}
