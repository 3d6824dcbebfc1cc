/**
 * Checks on the browser-stamped sender of a runtime message. The message body is never trusted
 * to say where it came from.
 */
export interface MessageSenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/** Options page, popup and other pages of this extension (privileged actions). */
export function checkExtensionPageSender(
  sender: MessageSenderLike,
  extensionId: string,
  extensionOrigin: string,
): SenderVerdict {
  if (sender.id !== extensionId) return { ok: false, reason: 'message from another extension' };
  const url = sender.url ?? '';
  if (!url.startsWith(extensionOrigin)) return { ok: false, reason: 'privileged message not from an extension page' };
  return { ok: true };
}

/**
 * A content script of this extension running in a tab on an origin the extension serves.
 * `isAllowedUrl` decides with the host adapters' match patterns.
 */
export function checkContentScriptSender(
  sender: MessageSenderLike,
  extensionId: string,
  isAllowedUrl: (url: string) => boolean,
): SenderVerdict & { tabId?: number } {
  if (sender.id !== extensionId) return { ok: false, reason: 'message from another extension' };
  if (!sender.tab || typeof sender.tab.id !== 'number') return { ok: false, reason: 'content message without a tab' };
  const url = sender.url ?? '';
  if (!/^https?:\/\//.test(url)) return { ok: false, reason: 'content message from a non-web page' };
  if (!isAllowedUrl(url)) return { ok: false, reason: `content message from a page no host adapter serves (${originOf(url)})` };
  return { ok: true, tabId: sender.tab.id };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid URL';
  }
}
