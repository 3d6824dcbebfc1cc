import { defineExtensionMessaging } from '@webext-core/messaging';

/**
 * Messages from extension pages (options, popup) to the background. Privileged: the background
 * accepts them only from this extension's own pages. Pages get token-free snapshots.
 */
export interface ExtensionInfo {
  extensionId: string;
  version: string;
  redirectUri: string;
}

export interface UiToBackground {
  'ui:getExtensionInfo'(): ExtensionInfo;
}

export const uiToBackground = defineExtensionMessaging<UiToBackground>();
