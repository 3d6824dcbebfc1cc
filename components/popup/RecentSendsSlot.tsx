import { useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { JobSummary } from '../../utils/outbox/types';
import { t } from '../../utils/i18n';
import { Button } from '../bits';
import { useJobActions, type JobActionsHandle } from '../sends/job-actions';
import { retryWording } from '../sends/job-format';
import { JobStateText } from '../sends/JobStateText';
import { useJobs } from '../sends/useJobs';

const SHOWN = 5;

function RecentItem({ job, actions }: { job: JobSummary; actions: JobActionsHandle }) {
  const wording = retryWording(job);
  const error = actions.errors[job.id];
  return (
    <li class="recent-item" data-job-id={job.id} data-state={job.state}>
      <span class="recent-doc" tabIndex={-1} data-job-focus>
        {job.documentName}
      </span>
      <span class="recent-meta">
        <JobStateText job={job} />{' '}
        <span class="muted">· {job.accountName || job.profileLabel || job.profileId}</span>
      </span>
      {job.state === 'failed' && job.canRetry ? (
        <Button class="recent-retry" aria-label={wording.name} onClick={() => void actions.retry(job)}>
          {wording.label}
        </Button>
      ) : null}
      {error ? <span class="field-error small">{error}</span> : null}
    </li>
  );
}

/**
 * The popup's recent sends: the 5 newest jobs of the current app user (every job when none is
 * known), each failed one with Retry, and a link to all sends. Nothing while there are none. It
 * shows no envelope status, so it never asks DocuSign.
 */
export function RecentSendsSlot({ hostUserKey }: { hostUserKey: string | null }) {
  const { jobs, reload } = useJobs({ hostUserKey, limit: SHOWN });
  const listRef = useRef<HTMLUListElement>(null);
  const actions = useJobActions({ jobs, reload, container: listRef, fallbackFocus: () => document.getElementById('recent-sends-title') });
  if (!jobs || jobs.length === 0) return null;
  const allSendsUrl = browser.runtime.getURL('/options.html#sends');
  return (
    <section class="recent-sends" aria-labelledby="recent-sends-title" data-testid="recent-sends">
      <h2 id="recent-sends-title" class="card-title" tabIndex={-1}>
        {t('uiRecentSends')}
      </h2>
      <ul class="plain-list recent-list" ref={listRef}>
        {jobs.slice(0, SHOWN).map((job) => (
          <RecentItem key={job.id} job={job} actions={actions} />
        ))}
      </ul>
      <p class="recent-more">
        <a
          href={allSendsUrl}
          onClick={(e) => {
            e.preventDefault();
            void browser.tabs.create({ url: allSendsUrl }).then(() => window.close());
          }}
        >
          {t('uiAllSends')}
        </a>
      </p>
    </section>
  );
}
