import type { JobSummary } from '../../utils/outbox/types';
import { jobStateText, jobTone } from './job-format';

/** The job's state in words, coloured by tone (the dot and colour only echo the words). */
export function JobStateText({ job }: { job: JobSummary }) {
  return (
    <span class={`job-state tone-${jobTone(job)}`} data-testid="job-state">
      {jobStateText(job)}
    </span>
  );
}
