import { browser, type Browser } from 'wxt/browser';
import { getSession } from '../auth';
import { MAX_DOCUMENT_BYTES } from '../docusign/limits';
import { UPLOAD_PORT_NAME, type JobView, type UploadMessage, type UploadReply } from '../messaging/content-protocol';
import { checkContentScriptSender } from '../messaging/sender-guard';
import { enqueueSend, type JobSummary } from '../outbox';
import { profileDirectSend, profileSendMode } from '../config/resolve';
import { isServedUrlNow } from './config-state';
import { routedProfileFor, subjectAndMessage } from './send-service';
import { toJobView } from './job-view';

const CHUNK_LIMIT = 2 * 1024 * 1024;

function decodeBase64(base64: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (typeof native === 'function') return native(base64);
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Receives documents from content scripts over a Port (see utils/content/upload.ts) and puts
 * them in the outbox. The port's browser-stamped sender is checked like any content message;
 * sizes, hash and routing are checked again here: the content script is not trusted to decide
 * where an envelope goes.
 */
export function startUploadReceiver(onQueued: (job: JobView) => void): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== UPLOAD_PORT_NAME) return;
    void handlePort(port, onQueued);
  });
}

async function handlePort(port: Browser.runtime.Port, onQueued: (job: JobView) => void): Promise<void> {
  const reply = (message: UploadReply) => {
    try {
      port.postMessage(message);
    } catch {
      // The page went away; nothing to tell.
    }
  };
  const refuse = (code: string, message: string) => {
    reply({ t: 'error', code, message });
    port.disconnect();
  };
  const sender = port.sender ?? {};
  const urlAllowed = await isServedUrlNow(sender.url ?? '');
  const verdict = checkContentScriptSender(sender, browser.runtime.id, () => urlAllowed);
  if (!verdict.ok) {
    port.disconnect();
    return;
  }

  let begin: Extract<UploadMessage, { t: 'begin' }> | null = null;
  let buffer: Uint8Array | null = null;
  let received = 0;
  let expectedIndex = 0;

  port.onMessage.addListener((raw: unknown) => {
    const message = raw as UploadMessage;
    if (message.t === 'begin') {
      if (begin) return refuse('protocol', 'Unexpected second document.');
      if (!Number.isInteger(message.size) || message.size <= 0 || message.size > MAX_DOCUMENT_BYTES) {
        return refuse('document_too_large', 'This document is larger than DocuSign accepts (32 MB).');
      }
      begin = message;
      buffer = new Uint8Array(message.size);
      reply({ t: 'ack', index: -1 });
    } else if (message.t === 'chunk') {
      if (!begin || !buffer || message.index !== expectedIndex || typeof message.base64 !== 'string' || message.base64.length > CHUNK_LIMIT * 2) {
        return refuse('protocol', 'The document arrived out of order. Try again.');
      }
      const bytes = decodeBase64(message.base64);
      if (received + bytes.length > buffer.length) return refuse('protocol', 'The document is larger than announced. Try again.');
      buffer.set(bytes, received);
      received += bytes.length;
      expectedIndex++;
      reply({ t: 'ack', index: message.index });
    } else if (message.t === 'end') {
      if (!begin || !buffer) return refuse('protocol', 'No document was sent.');
      const start = begin;
      const bytes = buffer;
      void finish(start, bytes, received).then(
        (job) => {
          const view = toJobView(job);
          reply({ t: 'queued', job: view });
          onQueued(view);
          port.disconnect();
        },
        (error: unknown) => refuse(errorCode(error), errorMessage(error)),
      );
    }
  });
}

async function finish(begin: Extract<UploadMessage, { t: 'begin' }>, bytes: Uint8Array, received: number): Promise<JobSummary> {
  if (received !== begin.size) throw Object.assign(new Error('The document arrived incomplete. Try again.'), { code: 'protocol' });
  if ((await sha256Hex(bytes)) !== begin.sha256) {
    throw Object.assign(new Error('The document changed in transit. Try again.'), { code: 'protocol' });
  }
  const routed = await routedProfileFor(begin.draft.hostUser);
  if (!routed.ok) throw Object.assign(new Error(routed.message), { code: routed.code });
  // The page asked for the profile it was shown; if routing changed meanwhile, do not send
  // somewhere the user did not see.
  if (routed.profile.id !== begin.profileId) {
    throw Object.assign(new Error('Your DocuSign profile changed while sending. Check the button and try again.'), { code: 'profile_changed' });
  }
  return enqueueSend({
    hostUser: begin.draft.hostUser,
    hostPageUrl: begin.draft.hostPageUrl,
    documentUrl: begin.draft.document.url,
    profileId: routed.profile.id,
    document: {
      name: begin.draft.document.name,
      fileType: begin.draft.document.fileType,
      bytes,
      ...(begin.contentType ? { contentType: begin.contentType } : {}),
    },
    recipients: begin.draft.recipients,
    // Recomputed from the profile, as shown in the confirm step; not taken from the page.
    ...subjectAndMessage(routed.profile, begin.draft, (await getSession(routed.profile.id)).account?.accountName ?? ''),
    mode: profileSendMode(routed.profile),
    sendOnCreate: profileDirectSend(routed.profile) === 'one-call',
  });
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'failed';
}

function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'The document could not be queued. Try again.';
}
