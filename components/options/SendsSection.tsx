import { useRef, useState } from 'preact/hooks';
import type { JobSummary } from '../../utils/outbox/types';
import { t } from '../../utils/i18n';
import { Button, Code, ConfirmButton, Notice } from '../bits';
import { Breakable } from '../sends/breakable';
import { useJobActions, type JobActionsHandle } from '../sends/job-actions';
import { envelopeStatusText, formatWhen, personText, retryWording } from '../sends/job-format';
import { JobStateText } from '../sends/JobStateText';
import { MIN_STATUS_POLL_MS, useJobs } from '../sends/useJobs';
import { SectionFrame } from './SectionFrame';

const PAGE = 50;
const MAX = 200;

/** Retry (when the job allows it) and Discard (with an inline confirmation), named by the document. */
function JobButtons({ job, actions }: { job: JobSummary; actions: JobActionsHandle }) {
  const busy = actions.busyId === job.id;
  const wording = retryWording(job);
  const error = actions.errors[job.id];
  return (
    <>
      {job.canRetry || job.canDiscard ? (
        <div class="job-actions" aria-busy={busy ? 'true' : undefined}>
          {job.canRetry ? (
            <Button variant="secondary" aria-label={wording.name} onClick={() => void actions.retry(job)}>
              {wording.label}
            </Button>
          ) : null}
          {job.canDiscard ? (
            <ConfirmButton
              label={t('uiJobDiscard')}
              name={t('uiJobDiscardDoc', job.documentName)}
              question={t('uiJobDiscardQuestion', job.documentName)}
              confirmLabel={t('uiJobDiscardConfirm')}
              onConfirm={() => void actions.discard(job)}
            />
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p class="field-error small" data-testid="job-action-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

function JobRow({ job, actions, showHostUser }: { job: JobSummary; actions: JobActionsHandle; showHostUser: boolean }) {
  return (
    <tr data-job-id={job.id} data-state={job.state}>
      <th scope="row" data-label={t('uiColDocument')}>
        <span class="job-doc" tabIndex={-1} data-job-focus>
          {job.documentName}
        </span>
        {showHostUser ? <span class="muted small block">{t('uiJobForHostUser', personText(job.hostUser))}</span> : null}
      </th>
      <td data-label={t('uiColRecipients')}>
        <ul class="plain-list recipients">
          {job.recipients.map((r, i) => (
            <li key={i}>
              {r.name ? <span class="block">{r.name}</span> : null}
              <span class={r.name ? 'muted small block' : 'block'}>
                <Breakable text={r.email} />
              </span>
            </li>
          ))}
        </ul>
      </td>
      <td data-label={t('uiColState')}>
        <JobStateText job={job} />
        <span class="muted small block">
          <time dateTime={new Date(job.updatedAt).toISOString()}>{formatWhen(job.updatedAt)}</time>
        </span>
      </td>
      <td data-label={t('uiColDocuSignAccount')} data-testid="job-account">
        <span class="block">{job.accountName || job.profileLabel || job.profileId}</span>
        {job.region ? <span class="muted small block">{job.region}</span> : null}
        {job.docuSignUserEmail ? (
          <span class="muted small block">
            <Breakable text={t('uiJobAs', job.docuSignUserEmail)} />
          </span>
        ) : null}
        {!job.accountName ? <span class="muted small block">{t('uiJobAccountPending')}</span> : null}
      </td>
      <td data-label={t('uiColEnvelope')} data-testid="job-envelope">
        {job.envelopeId ? (
          <>
            {job.envelopeStatus ? (
              <>
                <span class="block">{t('uiEnvelopeStatusLine', envelopeStatusText(job.envelopeStatus))}</span>
                {job.envelopeStatusCheckedAt !== undefined ? (
                  <span class="muted small block">
                    {t('uiEnvelopeChecked', formatWhen(job.envelopeStatusCheckedAt))}
                  </span>
                ) : null}
              </>
            ) : null}
            <span class="small block envelope-id">
              <span class="muted">{t('uiEnvelopeIdLabel')}</span> <Code>{job.envelopeId}</Code>
            </span>
            {job.duplicatesVoided ? (
              <span class="small block" data-testid="job-duplicates-voided">
                {t('uiJobDuplicatesVoided', String(job.duplicatesVoided + 1))}
              </span>
            ) : null}
          </>
        ) : (
          <span class="muted">{t('uiJobNoEnvelope')}</span>
        )}
      </td>
      <td data-label={t('uiColActions')} class="col-actions">
        <JobButtons job={job} actions={actions} />
      </td>
    </tr>
  );
}

/** "Sends": recent jobs with their state, account and envelope status; Retry / Discard. */
export function SendsSection() {
  const [limit, setLimit] = useState(PAGE);
  const { jobs, error, reload } = useJobs({ limit, refreshOnOpen: true, pollMs: MIN_STATUS_POLL_MS });
  const tableRef = useRef<HTMLTableElement>(null);
  const actions = useJobActions({
    jobs,
    reload,
    container: tableRef,
    fallbackFocus: () => document.getElementById('sends-title'),
  });
  const showHostUser = new Set((jobs ?? []).map((j) => j.hostUserKey)).size > 1;

  return (
    <SectionFrame id="sends" title={t('uiSectionSends')} intro={t('uiSendsIntro')}>
      {error && !jobs ? (
        <Notice kind="error" title={t('uiSendsLoadFailed')}>
          <p>{error}</p>
        </Notice>
      ) : jobs === null ? (
        <p class="muted">{t('uiLoading')}</p>
      ) : jobs.length === 0 ? (
        <p class="empty-state" data-testid="sends-empty">
          {t('uiSendsEmpty')}
        </p>
      ) : (
        <>
          <table class="table stack stack-md jobs-table" ref={tableRef} data-testid="sends-table">
            <caption class="visually-hidden">{t('uiSendsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col" class="w-doc">
                  {t('uiColDocument')}
                </th>
                <th scope="col" class="w-recipients">
                  {t('uiColRecipients')}
                </th>
                <th scope="col" class="w-state">
                  {t('uiColState')}
                </th>
                <th scope="col" class="w-account">
                  {t('uiColDocuSignAccount')}
                </th>
                <th scope="col" class="w-envelope">
                  {t('uiColEnvelope')}
                </th>
                <th scope="col" class="w-actions">
                  {t('uiColActions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <JobRow key={job.id} job={job} actions={actions} showHostUser={showHostUser} />
              ))}
            </tbody>
          </table>
          {jobs.length >= limit && limit < MAX ? (
            <div class="actions">
              <Button onClick={() => setLimit(MAX)}>{t('uiSendsShowMore')}</Button>
            </div>
          ) : null}
        </>
      )}
    </SectionFrame>
  );
}
