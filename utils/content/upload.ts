import { browser } from 'wxt/browser';
import { UPLOAD_PORT_NAME, type JobView, type SendDraft, type UploadMessage, type UploadReply } from '../messaging/content-protocol';

/** 1 MiB of document per message (1.33 MiB as base64): well below Chromium's message limit. */
const CHUNK_BYTES = 1024 * 1024;

export type UploadResult = { ok: true; job: JobView } | { ok: false; code: string; message: string };

function toBase64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Hands a fetched document to the background over a runtime Port, in chunks, each acknowledged
 * before the next (bounded memory on both sides, and a worker that stops mid-upload shows up
 * as a disconnect instead of a silent loss). Runtime messages are JSON, so bytes travel as base64.
 */
export function uploadDocument(
  begin: Omit<Extract<UploadMessage, { t: 'begin' }>, 't'>,
  bytes: Uint8Array,
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const port = browser.runtime.connect({ name: UPLOAD_PORT_NAME });
    let next = 0;
    let settled = false;
    const done = (result: UploadResult) => {
      if (settled) return;
      settled = true;
      port.disconnect();
      resolve(result);
    };
    const sendChunk = () => {
      const start = next * CHUNK_BYTES;
      if (start >= bytes.length) {
        port.postMessage({ t: 'end' } satisfies UploadMessage);
        return;
      }
      port.postMessage({ t: 'chunk', index: next, base64: toBase64(bytes.subarray(start, start + CHUNK_BYTES)) } satisfies UploadMessage);
      next++;
    };
    port.onMessage.addListener((raw: unknown) => {
      const reply = raw as UploadReply;
      if (reply.t === 'ack') sendChunk();
      else if (reply.t === 'queued') done({ ok: true, job: reply.job });
      else if (reply.t === 'error') done({ ok: false, code: reply.code, message: reply.message });
    });
    port.onDisconnect.addListener(() =>
      done({ ok: false, code: 'disconnected', message: 'The extension stopped while receiving the document. Try again.' }),
    );
    port.postMessage({ t: 'begin', ...begin } satisfies UploadMessage);
  });
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export type { SendDraft };
