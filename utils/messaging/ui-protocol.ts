import { defineExtensionMessaging } from '@webext-core/messaging';
import type { SessionSnapshot } from '../auth/types';
import type { JobSummary, UsageRow } from '../outbox';
import type {
  EffectiveConfig,
  HostUser,
  ImportResult,
  LintWarning,
  LocalConfig,
  PolicyState,
  Rejection,
} from '../config';

/**
 * Messages from extension pages (options, popup) to the background. Privileged: the background
 * accepts them only from this extension's own pages. Pages get token-free snapshots and send
 * actions; the background owns the state.
 */
export interface ExtensionInfo {
  extensionId: string;
  version: string;
  /** What admins register on the integration key (identity.getRedirectURL()). */
  redirectUri: string;
  browserName: string;
}

export interface KnownHostUser {
  /** `${origin}|${id}` */
  key: string;
  hostUser: HostUser;
  adapterId: string;
  lastSeenAt: number;
}

export interface SelectorHealth {
  adapterId: string;
  origin: string;
  path: string;
  userFound: boolean;
  items: number;
  anchorsMissing: number;
  checkedAt: number;
}

export interface PolicySummary {
  status: PolicyState['status'];
  origin: PolicyState['origin'];
  readAt: number;
  rejected: Rejection[];
  warnings: LintWarning[];
  diagnostics: string[];
}

export interface UiState {
  info: ExtensionInfo;
  policy: PolicySummary;
  /** Resolved for `currentHostUser` (or for nobody). */
  config: EffectiveConfig;
  local: LocalConfig;
  hostUsers: KnownHostUser[];
  currentHostUser: KnownHostUser | null;
  sessions: SessionSnapshot[];
  selectorHealth: SelectorHealth[];
}

/** A failed action, with a sentence for the user and token-free details. */
export interface ActionError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type ActionResult<T = undefined> = { ok: true; value: T } | { ok: false; error: ActionError };

export interface UiToBackground {
  /** hostUserKey: the user to show; else tabId: the user that tab's page reported; else the most recent. */
  'ui:getState'(data: { hostUserKey?: string | null; tabId?: number | null }): UiState;
  'ui:selectProfile'(data: { hostUserKey: string; profileId: string }): ActionResult;
  'ui:signIn'(data: { profileId: string; prompt?: 'login' }): ActionResult<SessionSnapshot>;
  'ui:chooseAccount'(data: { profileId: string; accountId: string }): ActionResult<SessionSnapshot | null>;
  'ui:signOut'(data: { profileId: string }): ActionResult;
  'ui:saveLocalConfig'(data: { config: LocalConfig }): ImportResult;
  /** Validates a configuration file's text; saves the valid parts when `save`. */
  'ui:importConfig'(data: { text: string; save: boolean }): ImportResult & { parseError?: string };
  'ui:exportConfig'(): string;
  /** A support report with no secrets: versions, policy status, effective config, health. */
  'ui:supportReport'(): string;
  /** Recent send jobs (newest first), token- and byte-free. `refresh` asks DocuSign for the
   * status of envelopes not checked in the last 15+ minutes (batched, within the rate budget). */
  'ui:listJobs'(data: { hostUserKey?: string; limit?: number; refresh?: boolean }): JobSummary[];
  'ui:retryJob'(data: { jobId: string }): ActionResult<JobSummary>;
  'ui:discardJob'(data: { jobId: string }): ActionResult<JobSummary>;
  /** Envelopes per DocuSign account, profile and host user, per day or month. */
  'ui:usageReport'(data: { groupBy: 'day' | 'month' }): UsageRow[];
  'ui:usageCsv'(data: { groupBy: 'day' | 'month' }): string;
}

export interface BackgroundToUi {
  /** Something in the state changed: pages ask for a fresh snapshot. */
  'bg:stateChanged'(): void;
}

export const uiToBackground = defineExtensionMessaging<UiToBackground>();
export const backgroundToUi = defineExtensionMessaging<BackgroundToUi>();
