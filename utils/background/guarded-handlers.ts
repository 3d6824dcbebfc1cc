import { browser } from 'wxt/browser';
import type { GetDataType, GetReturnType } from '@webext-core/messaging';
import { contentToBackground, type ContentToBackground } from '../messaging/content-protocol';
import { checkContentScriptSender, checkExtensionPageSender } from '../messaging/sender-guard';
import { uiToBackground, type UiToBackground } from '../messaging/ui-protocol';

export class RejectedSenderError extends Error {
  constructor(reason: string) {
    super(`Message rejected: ${reason}`);
    this.name = 'RejectedSenderError';
  }
}

type ContentHandler<K extends keyof ContentToBackground> = (
  data: GetDataType<ContentToBackground[K]>,
  from: ContentSender,
) => Promise<GetReturnType<ContentToBackground[K]>> | GetReturnType<ContentToBackground[K]>;

/** The browser-stamped sender of a content-script message. */
export interface ContentSender {
  tabId: number;
  url: string;
  /** The sending frame (0: the tab's top frame). */
  frameId: number;
  /** The sending document (Chromium), so nothing reaches a document that replaced it. */
  documentId?: string;
}

type UiHandler<K extends keyof UiToBackground> = (
  data: GetDataType<UiToBackground[K]>,
) => Promise<GetReturnType<UiToBackground[K]>> | GetReturnType<UiToBackground[K]>;

/**
 * Registers a content-script message handler that first checks the browser-stamped sender:
 * this extension, a tab, a web page that one of the host adapters serves.
 */
export function onContentMessage<K extends keyof ContentToBackground>(
  type: K,
  isAllowedUrl: (url: string) => boolean | Promise<boolean>,
  handler: ContentHandler<K>,
): void {
  contentToBackground.onMessage(type, async (message) => {
    const urlAllowed = await isAllowedUrl(message.sender.url ?? '');
    const verdict = checkContentScriptSender(message.sender, browser.runtime.id, () => urlAllowed);
    if (!verdict.ok || verdict.tabId === undefined) {
      throw new RejectedSenderError(verdict.ok ? 'no tab' : verdict.reason);
    }
    const { frameId, documentId } = message.sender as { frameId?: number; documentId?: string };
    return handler(message.data as GetDataType<ContentToBackground[K]>, {
      tabId: verdict.tabId,
      url: message.sender.url ?? '',
      frameId: typeof frameId === 'number' ? frameId : 0,
      ...(typeof documentId === 'string' ? { documentId } : {}),
    }) as never;
  });
}

/** Registers a handler for privileged messages: only pages of this extension may send them. */
export function onUiMessage<K extends keyof UiToBackground>(type: K, handler: UiHandler<K>): void {
  uiToBackground.onMessage(type, (message) => {
    const verdict = checkExtensionPageSender(message.sender, browser.runtime.id, browser.runtime.getURL('/'));
    if (!verdict.ok) throw new RejectedSenderError(verdict.reason);
    return handler(message.data as GetDataType<UiToBackground[K]>) as never;
  });
}
