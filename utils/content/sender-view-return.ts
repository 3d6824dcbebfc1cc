/**
 * DocuSign's sender view sends the user back to the returnUrl we gave it (the host page plus
 * `swdJob=<job id>`) and appends `event=<what happened>`. Values are UNCONFIRMED for the sender
 * view (docusign/FACTS.md): Send, Save, Cancel are handled, anything else is passed on as-is.
 */
export const JOB_PARAM = 'swdJob';
const JOB_ID = /^[A-Za-z0-9-]{8,64}$/;

export function readSenderViewReturn(href: string): { jobId: string; event: string } | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const jobId = url.searchParams.get(JOB_PARAM);
  const event = url.searchParams.get('event');
  if (!jobId || !event || !JOB_ID.test(jobId)) return null;
  return { jobId, event: event.slice(0, 64) };
}

/** Removes our parameters so a reload does not report the same return twice. */
export function clearSenderViewReturn(): void {
  const url = new URL(location.href);
  url.searchParams.delete(JOB_PARAM);
  url.searchParams.delete('event');
  history.replaceState(history.state, '', url.href);
}
