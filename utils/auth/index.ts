/**
 * DocuSign sign-in core (background worker). See the individual modules for the rules:
 * endpoints (servers), pkce-login (sign-in), userinfo, account-selection, session-store, refresh.
 */
export { configureAuth, type AuthDeps } from './context';
export { AuthError, isAuthError, type AuthErrorCode, type AuthErrorDetails } from './errors';
export { DOCUSIGN_AUTH_SERVERS, resolveAuthServer, isLoopbackHost, normalizeBaseUri, type ResolvedAuthServer } from './endpoints';
export {
  beginLogin,
  completeLogin,
  completeSignIn,
  discardLogin,
  signIn,
  chooseAccount,
  type LaunchWebAuthFlow,
  type PendingLogin,
  type SignInOptions,
} from './pkce-login';
export { getUserInfo, getCachedUserInfo, parseUserInfo, requestUserInfo } from './userinfo';
export { selectAccount, type AccountSelection, type AccountListEntry } from './account-selection';
export { getRememberedAccountId, rememberAccountId, forgetAccountChoice } from './account-choice';
export { getSession, getAccessToken, signOut, restrictSessionStorage } from './session-store';
export { refreshSession, withAccessToken, SIGN_IN_EXPIRED_REASON } from './refresh';
export type {
  AuthProfile,
  AuthorizedContext,
  DocuSignAccount,
  DocuSignUser,
  DocuSignUserInfo,
  SessionSnapshot,
  SessionState,
  VerifiedAccount,
} from './types';
