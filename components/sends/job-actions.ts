/**
 * Retry / discard of send jobs from extension pages, shared by the options page and the popup:
 * runs the action, announces the result, and afterwards announces the state changes of the jobs
 * acted on ("Master Services Agreement.pdf: Sent") until they settle. Focus stays with the row:
 * when the pressed button goes away (or the whole row, after Discard), focus moves to the row's
 * header, else the next / previous row's, else `fallbackFocus`.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { JobSummary } from '../../utils/outbox/types';
import type { ActionResult } from '../../utils/messaging/ui-protocol';
import { t } from '../../utils/i18n';
import { useAnnounce } from '../Announcer';
import { runAction } from '../ui-state';
import { jobStateText } from './job-format';

/** States after which the outcome of an action is known (no more announcements). */
const SETTLED: ReadonlyArray<JobSummary['state']> = ['sent', 'done', 'failed', 'needs-sign-in', 'discarded', 'sender-view-opened'];

export interface JobActionsHandle {
  busyId: string | null;
  /** Inline error per job (the action's message), until the next action on it. */
  errors: Record<string, string>;
  retry(job: JobSummary): Promise<void>;
  discard(job: JobSummary): Promise<void>;
}

export function useJobActions(options: {
  jobs: JobSummary[] | null;
  reload: () => Promise<void>;
  /** The element that holds rows marked `data-job-id`, each with a focusable `[data-job-focus]`. */
  container: { current: HTMLElement | null };
  fallbackFocus?: () => HTMLElement | null | undefined;
}): JobActionsHandle {
  const { jobs, reload, container, fallbackFocus } = options;
  const announce = useAnnounce();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const watched = useRef(new Map<string, string>());
  const focusAfter = useRef<string[] | null>(null);

  const setError = (id: string, message: string | null) =>
    setErrors((prev) => {
      const next = { ...prev };
      if (message) next[id] = message;
      else delete next[id];
      return next;
    });

  /** Candidate rows to focus if the current focus is lost: this one, then its neighbours. */
  const neighbours = (id: string): string[] => {
    const ids = (jobs ?? []).map((j) => j.id);
    const i = ids.indexOf(id);
    return [id, ...(i >= 0 ? [ids[i + 1], ids[i - 1]] : [])].filter((x): x is string => typeof x === 'string');
  };

  useEffect(() => {
    if (!jobs) return;
    for (const [id, last] of [...watched.current]) {
      const job = jobs.find((j) => j.id === id);
      if (!job) {
        watched.current.delete(id);
        continue;
      }
      const text = jobStateText(job);
      if (text !== last) {
        announce(t('uiJobStateAnnounce', [job.documentName, text]));
        watched.current.set(id, text);
      }
      if (SETTLED.includes(job.state) || job.nextAttemptAt !== undefined) watched.current.delete(id);
    }
    const wanted = focusAfter.current;
    if (wanted) {
      const active = document.activeElement;
      const lost = !active || active === document.body || !active.isConnected;
      if (lost) {
        const root = container.current;
        const target =
          wanted
            .map((id) => root?.querySelector<HTMLElement>(`[data-job-id="${CSS.escape(id)}"] [data-job-focus]`))
            .find((el): el is HTMLElement => !!el) ?? fallbackFocus?.();
        target?.focus();
      }
      focusAfter.current = null;
    }
  }, [jobs]);

  /** Runs one job action: busy while under way, the outcome announced, focus kept near the row. */
  const act = async (job: JobSummary, run: () => Promise<ActionResult<JobSummary>>, onOk: (updated: JobSummary) => string) => {
    if (busyId) return;
    setBusyId(job.id);
    const result = await run();
    setBusyId(null);
    if (result.ok) {
      setError(job.id, null);
      announce(onOk(result.value));
    } else {
      setError(job.id, result.error.message);
      announce(result.error.message);
    }
    focusAfter.current = neighbours(job.id);
    await reload();
  };

  const retry = useCallback(
    (job: JobSummary) =>
      act(
        job,
        () => runAction('ui:retryJob', { jobId: job.id }),
        (updated) => {
          watched.current.set(job.id, jobStateText(updated));
          return t('uiJobRetrying', job.documentName);
        },
      ),
    [busyId, jobs, reload],
  );

  const discard = useCallback(
    (job: JobSummary) =>
      act(
        job,
        () => runAction('ui:discardJob', { jobId: job.id }),
        () => {
          watched.current.delete(job.id);
          return t('uiJobDiscardedAnnounce', job.documentName);
        },
      ),
    [busyId, jobs, reload],
  );

  return { busyId, errors, retry, discard };
}
