import { browser } from 'wxt/browser';
import type { SendModuleLoad } from '../messaging/content-protocol';
import type { ContentSender } from './guarded-handlers';

/** The built send flow (entrypoints/send-module), an unlisted script at the extension's root. */
export const SEND_MODULE_FILE = '/send-module.js';

/**
 * Exactly the frame that asked. By document where the browser names it (Chromium): if that frame
 * navigated meanwhile, the injection fails instead of reaching the next page.
 */
export function sendModuleTarget(from: ContentSender): { tabId: number; documentIds: string[] } | { tabId: number; frameIds: number[] } {
  return from.documentId ? { tabId: from.tabId, documentIds: [from.documentId] } : { tabId: from.tabId, frameIds: [from.frameId] };
}

/**
 * Injects the send flow into the content script's own isolated world (scripting's default world)
 * of the frame that asked. Resolves after the script has run there.
 */
export async function injectSendModule(from: ContentSender): Promise<SendModuleLoad> {
  try {
    await browser.scripting.executeScript({ target: sendModuleTarget(from), files: [SEND_MODULE_FILE], injectImmediately: true });
    return { ok: true };
  } catch (error) {
    return { ok: false, message: `The browser did not let the extension load its sending code into this page: ${error instanceof Error ? error.message : String(error)}` };
  }
}
