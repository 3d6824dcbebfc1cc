import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ButtonWidth } from '../button-width';
import type { HostUser } from '../host/extract';
import type { HostAdapter } from '../host/adapter-types';

/**
 * Messages between content scripts and the background, typed by direction. Content scripts get
 * snapshots and send actions; they never receive tokens. The background checks each message's
 * browser-stamped sender (utils/messaging/sender-guard.ts) before acting.
 */

/** What a "Send with DocuSign" button shows for the current host user. */
export interface ButtonTarget {
  status: 'ready' | 'sign-in' | 'choose' | 'denied' | 'unconfigured' | 'no-user';
  profileId?: string;
  /** "Acme EU" */
  profileLabel?: string;
  /** "demo", "production" or the authorization server's host. */
  environmentLabel?: string;
  /** The DocuSign user the envelope will be sent as, when signed in. */
  docusignEmail?: string;
  accountName?: string;
  /** Why the user may not send, or a notice such as a selection that policy no longer allows. */
  message?: string;
}

export interface HelloResult {
  target: ButtonTarget;
  /** Background's notion of time, handy for relative UI text. */
  now: number;
}

/** What the page read about one document (untrusted page data). */
export interface SendDraft {
  hostUser: HostUser;
  hostPageUrl: string;
  document: { url: string; name: string; fileType: string };
  recipients: { name: string; email: string }[];
}

/** The background's answer before a send: where it goes and what DocuSign will show. */
export type SendPreparation =
  | {
      ok: true;
      mode: 'embedded' | 'direct';
      /** Show the confirm step (always in direct mode). */
      confirm: boolean;
      profileId: string;
      profileLabel: string;
      environmentLabel: string;
      docusignEmail: string;
      docusignName: string;
      accountName: string;
      accountId: string;
      subject: string;
      message: string;
    }
  | { ok: false; code: string; message: string; target: ButtonTarget };

/** Token-free, byte-free view of a send job for badges and toasts. */
export interface JobView {
  id: string;
  state: string;
  mode: 'embedded' | 'direct';
  documentUrl: string;
  documentName: string;
  profileLabel?: string;
  accountName?: string;
  envelopeId?: string;
  senderViewEvent?: string;
  nextAttemptAt?: number;
  waitReason?: string;
  error?: { kind: string; message: string };
  updatedAt: number;
}

/** Name of the runtime Port that carries a document from the content script to the background. */
export const UPLOAD_PORT_NAME = 'swd-upload';

/** Messages on the upload port, content script → background. */
export type UploadMessage =
  | { t: 'begin'; draft: SendDraft; size: number; contentType: string; sha256: string; subject: string; message: string; profileId: string }
  | { t: 'chunk'; index: number; base64: string }
  | { t: 'end' };

/** Messages on the upload port, background → content script. */
export type UploadReply =
  | { t: 'ack'; index: number }
  | { t: 'queued'; job: JobView }
  | { t: 'error'; code: string; message: string };

export interface ContentToBackground {
  /** The extension's UI strings in the browser's language, as templates (see utils/i18n.ts primeMessages). */
  'content:messages'(): Record<string, string>;
  /** The effective host adapters (built-in, local, policy) whose match patterns cover this page,
   * with what earlier loads of this site learnt: the items' height, the last hello's answer. */
  'content:adaptersFor'(data: { url: string }): AdaptersForPage;
  /** Sent on load and when the host user changes: who is this, and where would their envelopes go? */
  'content:hello'(data: { hostUser: HostUser | null; adapterId: string }): HelloResult;
  /** The user clicked "Sign in to DocuSign" on a button: start the interactive sign-in for the routed profile. */
  'content:signIn'(data: { hostUser: HostUser; prompt?: 'login' }): HelloResult & { error?: { code: string; message: string } };
  /** The user must choose a profile (or fix something) in the options page. */
  'content:openOptions'(): void;
  /** The user is about to send: inject the send flow (entrypoints/send-module) into the sender's frame. */
  'content:loadSendModule'(): SendModuleLoad;
  /** Before fetching/uploading a document: routing, session and the filled subject. */
  'content:prepareSend'(data: SendDraft): SendPreparation;
  /** DocuSign's sender view returned to the host page with `event` (embedded sending). */
  'content:senderViewReturned'(data: { jobId: string; event: string }): JobView | null;
  /** Jobs of this page's host user for documents shown on this page (per-document badges). */
  'content:jobsForDocuments'(data: { documentUrls: string[]; hostUser: HostUser | null }): JobView[];
  /** Retry a failed job of this page's host user. */
  'content:retryJob'(data: { jobId: string; hostUser: HostUser | null }): JobView | null;
  /** Selector health for Diagnostics: how many items/anchors the adapter found on this page. */
  'content:selectorHealth'(data: { adapterId: string; userFound: boolean; items: number; anchorsMissing: number }): void;
  /** The rendered height of this page's first document items (px), for the next load's first buttons. */
  'content:itemHeight'(data: { adapterId: string; px: number }): void;
  /** The width (px) of this page's buttons for `target`'s labels, for the next load's first buttons. */
  'content:buttonWidth'(data: { target: ButtonTarget } & ButtonWidth): void;
}

/** Answered after the injected module has run (see utils/content/send-loader.ts). */
export type SendModuleLoad = { ok: true } | { ok: false; message: string };

export interface AdaptersForPage {
  adapters: HostAdapter[];
  /** Adapter id → the items' height (px) measured on earlier loads of this site (utils/background/item-heights.ts). */
  itemPx: Record<string, number>;
  /** The last hello answer on this site, for the first buttons' label if the same host user is there (utils/background/last-targets.ts). */
  lastTarget: { hostUserId: string; target: ButtonTarget; buttonWidth?: ButtonWidth } | null;
}

export interface BackgroundToContent {
  /** Routing, policy or sign-in state changed: ask again. */
  'bg:targetChanged'(): void;
  /** A send job changed state (badges, toasts). */
  'bg:jobChanged'(job: JobView): void;
}

export const contentToBackground = defineExtensionMessaging<ContentToBackground>();
export const backgroundToContent = defineExtensionMessaging<BackgroundToContent>();
