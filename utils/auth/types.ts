/**
 * Shapes shared by the DocuSign sign-in core. None of these carry tokens except where named
 * (`StoredSession.accessToken`, `RefreshTokenRecord.refreshToken`), and those stay in the
 * background (storage.session / IndexedDB).
 */

/**
 * The parts of an integration profile (see DESIGN.md "The model") that sign-in needs. The
 * configuration module's full profile type is structurally assignable to this.
 */
export interface AuthProfile {
  id: string;
  label?: string;
  /** 'demo' | 'production' | an explicit authorization server URL (https, or http on loopback). */
  environment: string;
  /** The OAuth client_id. */
  integrationKey: string;
  /** The DocuSign account envelopes must go to. Omitted: the user chooses (and the choice is remembered). */
  accountId?: string;
  /** Data-residency guard: the account's base_uri must equal this (scheme + host + port). */
  expectedBaseUri?: string;
  /** OAuth scopes; default ['signature', 'extended']. A space-separated string is accepted too. */
  scopes?: readonly string[] | string;
}

/** One account from /oauth/userinfo, normalised. */
export interface DocuSignAccount {
  accountId: string;
  accountName: string;
  /** Scheme + host (+ port), no path, no trailing slash. REST base = baseUri + '/restapi/v2.1'. */
  baseUri: string;
  isDefault: boolean;
  organizationId?: string;
}

/** /oauth/userinfo, validated and normalised. */
export interface DocuSignUserInfo {
  sub: string;
  name: string;
  email: string;
  givenName?: string;
  familyName?: string;
  accounts: DocuSignAccount[];
}

/** The DocuSign user a session belongs to. */
export interface DocuSignUser {
  sub: string;
  name: string;
  email: string;
}

/** The account a session is verified for (the signed-in user is a member; base URI checked). */
export interface VerifiedAccount {
  accountId: string;
  accountName: string;
  baseUri: string;
}

export type SessionState = 'signed-in' | 'signed-out' | 'expired' | 'needs-sign-in';

/**
 * Token-free view of a profile's DocuSign session, safe to send to extension pages.
 * - signed-in: a valid access token is held;
 * - expired: the access token expired (or the browser restarted) but a refresh token is held, so
 *   the next DocuSign call renews it without user interaction;
 * - needs-sign-in: the user must sign in again (`reason` says why);
 * - signed-out: nothing is held.
 */
export interface SessionSnapshot {
  profileId: string;
  state: SessionState;
  reason?: string;
  reasonCode?: string;
  user?: DocuSignUser;
  account?: VerifiedAccount;
  /** The authorization server the session was obtained from (e.g. https://account-d.docusign.com). */
  environment?: string;
  /** Access token expiry (epoch ms). */
  expiresAt?: number;
  signedInAt?: number;
}

/** What `withAccessToken` hands to API callers next to the token. */
export interface AuthorizedContext {
  user: DocuSignUser;
  account: VerifiedAccount;
}
