import { defineExtensionMessaging } from '@webext-core/messaging';
import type { HostUser } from '../host/extract';

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

export interface ContentToBackground {
  /** Sent on load and when the host user changes: who is this, and where would their envelopes go? */
  'content:hello'(data: { hostUser: HostUser | null; adapterId: string }): HelloResult;
  /** The user clicked "Sign in to DocuSign" on a button: start the interactive sign-in for the routed profile. */
  'content:signIn'(data: { hostUser: HostUser; prompt?: 'login' }): HelloResult & { error?: { code: string; message: string } };
  /** The user must choose a profile (or fix something) in the options page. */
  'content:openOptions'(): void;
  /** Selector health for Diagnostics: how many items/anchors the adapter found on this page. */
  'content:selectorHealth'(data: { adapterId: string; userFound: boolean; items: number; anchorsMissing: number }): void;
}

export interface BackgroundToContent {
  /** Routing, policy or sign-in state changed: ask again. */
  'bg:targetChanged'(): void;
}

export const contentToBackground = defineExtensionMessaging<ContentToBackground>();
export const backgroundToContent = defineExtensionMessaging<BackgroundToContent>();
