import { messageTemplates, type MessageKey } from '../i18n';

/**
 * The UI strings the host-page scripts use (the content script and the send module): buttons,
 * badges, toasts, the confirm dialog. Only these are handed over, not the whole catalogue (491
 * strings, most of them the options page's): the answer arrives while the host page is still
 * parsing, and a tenth of the size costs the page less to receive (10,000-row page: the content
 * script's own work in all went from 30.5 to 27.7 ms, medians of 15 traced loads,
 * test/bench/work-ab.ts). A key missing here still works, through i18n.getMessage (a synchronous
 * IPC on its first call in a page): a build check in test/e2e/send.test.ts lists every catalogue
 * key that appears in the built host-page scripts and fails if one is not here, or if one here
 * appears in neither.
 */
export const CONTENT_MESSAGE_KEYS = [
  'actionSignInAsOtherUser',
  'badgeCancelled',
  'badgeDraft',
  'badgeFailed',
  'badgeNotSent',
  'badgePreparing',
  'badgeRetry',
  'badgeSent',
  'badgeUploading',
  'badgeWorking',
  'buttonChoose',
  'buttonForProfile',
  'buttonReadyDescription',
  'buttonReadyDescriptionSignedIn',
  'buttonSend',
  'buttonSendDocument',
  'buttonSignIn',
  'buttonSignInDescription',
  'buttonUnavailable',
  'buttonWhere',
  'confirmAccount',
  'confirmCancel',
  'confirmRecipients',
  'confirmSendNow',
  'confirmSender',
  'confirmSubject',
  'confirmTitle',
  'errorForeignDocument',
  'errorNoDocumentLink',
  'errorSendModuleUnavailable',
  'targetChoose',
  'toastCancelledSend',
  'toastCannotSend',
  'toastOpeningSenderView',
  'toastQueuedUntil',
  'toastReturnNotRecorded',
  'toastReturnNotRecordedBody',
  'toastSaved',
  'toastSendFailed',
  'toastSending',
  'toastSent',
  'toastSignInFailed',
  'toastWhere',
] as const satisfies readonly MessageKey[];

let templates: Record<string, string> | null = null;

/**
 * The host-page scripts' UI strings in the browser's language, as templates (see primeMessages
 * in utils/i18n.ts); computed once per worker lifetime.
 */
export function contentMessageTemplates(): Record<string, string> {
  return (templates ??= messageTemplates(CONTENT_MESSAGE_KEYS));
}
