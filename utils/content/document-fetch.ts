import { MAX_DOCUMENT_BYTES } from '../docusign/limits';
import { formatMegabytes, quoteName, type SendProblem } from '../send/validate';

export type FetchedDocument =
  | { ok: true; bytes: Uint8Array; contentType: string }
  | { ok: false; problem: SendProblem };

const fail = (code: SendProblem['code'], message: string): FetchedDocument => ({
  ok: false,
  problem: { code, field: 'document', message },
});

/**
 * Fetches a document with the user's host-app session (the content script runs in the page's
 * origin, so the host's cookies go along). Refuses before downloading what DocuSign would refuse
 * anyway (Content-Length over 32 MB), and recognises an expired host session (401/403, or a
 * redirect to a sign-in page, which sniffDocument catches from the bytes).
 */
export async function fetchDocument(url: string, name: string, signal?: AbortSignal): Promise<FetchedDocument> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'include', redirect: 'follow', ...(signal ? { signal } : {}) });
  } catch {
    return fail('host_session_expired', `${quoteName(name)} could not be downloaded from the app (network error). Check your connection and try again.`);
  }
  if (response.status === 401 || response.status === 403) {
    return fail('host_session_expired', `Your session in the app has expired, so ${quoteName(name)} could not be downloaded. Sign in to the app again, then retry.`);
  }
  if (!response.ok) {
    return fail('host_session_expired', `The app answered ${response.status} for ${quoteName(name)}. Reload the page and try again.`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_DOCUMENT_BYTES) {
    void response.body?.cancel();
    return fail('document_too_large', `${quoteName(name)} is ${formatMegabytes(declared)}; DocuSign accepts documents up to ${formatMegabytes(MAX_DOCUMENT_BYTES)}.`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { ok: true, bytes, contentType: response.headers.get('content-type') ?? '' };
}
