/**
 * Typed sign-in / token errors. Every failure of the DocuSign sign-in core reaches callers as an
 * AuthError whose `message` is a sentence an end user can read, whose `code` a caller can branch
 * on, and whose `details` carry structured, token-free facts for the UI and Diagnostics.
 *
 * Rule: an AuthError never embeds a token. oauth4webapi errors can carry the whole token endpoint
 * body (access_token, refresh_token) in `cause`, so `toAuthError` copies only named, harmless
 * fields and never keeps the original error as `cause`.
 */
import * as oauth from 'oauth4webapi';

export type AuthErrorCode =
  /** The user closed the DocuSign window (or the browser reported that the user did not approve). */
  | 'cancelled'
  /** The user declined consent (`error=access_denied` on the redirect). */
  | 'access_denied'
  /** DocuSign redirected back with another `error=` (invalid_request, consent_required, ...). */
  | 'authorize_error'
  /** DocuSign could not be reached (offline, DNS, refused, dropped connection, timeout). */
  | 'network'
  /** DocuSign answered something that is not a valid OAuth / userinfo response. */
  | 'bad_response'
  /** DocuSign answered 5xx / 429: temporary, try again later. */
  | 'server_error'
  /** The redirect's `state` is unknown, expired, already used or tampered with. */
  | 'invalid_state'
  /** The token endpoint refused the authorization code (used, expired, wrong PKCE verifier). */
  | 'invalid_grant'
  /** Another OAuth error body from the token endpoint (invalid_client, unauthorized_client, ...). */
  | 'oauth_error'
  /** A DocuSign API answered 401 although a fresh token was used. */
  | 'unauthorized'
  /** The signed-in DocuSign user is not a member of the profile's account. */
  | 'not_member'
  /** The account's base_uri is not the profile's expectedBaseUri (data-residency guard). */
  | 'base_uri_mismatch'
  /** The DocuSign user has no accounts at all. */
  | 'no_accounts'
  /** The profile names no account and the user has several: the UI must let the user choose. */
  | 'needs_account_choice'
  /** No usable tokens (never signed in, signed out, refresh token expired/revoked, profile changed). */
  | 'needs_sign_in'
  /** The profile's DocuSign settings changed between the start and the end of a sign-in. */
  | 'profile_changed'
  /** The profile's settings are not usable (bad authorization server URL, missing integration key). */
  | 'invalid_config'
  /** No integration profile with that id is configured. */
  | 'unknown_profile'
  /** Anything else (a bug): the message stays generic, details say what was caught. */
  | 'unexpected';

/** Structured, token-free facts; values are plain JSON so they can cross extension messaging. */
export type AuthErrorDetails = Record<string, unknown>;

export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;
  readonly details: AuthErrorDetails;

  constructor(code: AuthErrorCode, message: string, details: AuthErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** Plain object for messaging (Error instances do not survive structured cloning intact). */
  toJSON(): { name: 'AuthError'; code: AuthErrorCode; message: string; details: AuthErrorDetails } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}

/** Chrome: "The user did not approve access."; Firefox: "User cancelled or denied access." */
const CANCEL_PATTERNS = [/did not approve access/i, /cancel+ed or denied/i, /user cancel+ed/i, /window was closed/i];
/** Chrome, when the authorization page itself failed to load (server down, DNS, TLS). */
const LOAD_FAILED_PATTERNS = [/could not be loaded/i];

/** Maps a rejection of `identity.launchWebAuthFlow` to an AuthError. */
export function launchWebAuthFlowError(err: unknown): AuthError {
  if (err instanceof AuthError) return err;
  const text = err instanceof Error ? err.message : String(err);
  if (CANCEL_PATTERNS.some((re) => re.test(text))) {
    return new AuthError('cancelled', 'The DocuSign sign-in window was closed before sign-in finished.', {
      browserMessage: text,
    });
  }
  if (LOAD_FAILED_PATTERNS.some((re) => re.test(text))) {
    return new AuthError(
      'network',
      "DocuSign's sign-in page could not be loaded. Check your internet connection and try again.",
      { browserMessage: text },
    );
  }
  return new AuthError('authorize_error', 'The browser could not complete the DocuSign sign-in.', {
    browserMessage: text,
  });
}

/** Maps an `error=` authorization response (RFC 6749 §4.1.2.1) to an AuthError. */
export function authorizationResponseError(error: string, description?: string | null): AuthError {
  const details: AuthErrorDetails = { error };
  if (description) details.error_description = description;
  if (error === 'access_denied') {
    return new AuthError(
      'access_denied',
      'DocuSign access was not granted. To send with DocuSign, sign in again and allow access.',
      details,
    );
  }
  return new AuthError(
    'authorize_error',
    `DocuSign refused the sign-in request (${error}${description ? `: ${description}` : ''}).`,
    details,
  );
}

export type AuthStep = 'authorize' | 'token' | 'refresh' | 'userinfo' | 'api';

const STEP_LABEL: Record<AuthStep, string> = {
  authorize: 'sign-in',
  token: 'sign-in',
  refresh: 'session renewal',
  userinfo: 'user information',
  api: 'request',
};

function isNetworkError(err: unknown): boolean {
  // fetch() rejects with a plain TypeError ("fetch failed", "Failed to fetch", "NetworkError when
  // attempting to fetch resource."). oauth4webapi's argument errors are TypeErrors too but carry a
  // `code` (ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE): those are bugs, not network trouble.
  if (err instanceof TypeError && !('code' in err)) return true;
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

function statusOf(value: unknown): number | undefined {
  const status = (value as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Maps anything thrown while talking to DocuSign's OAuth endpoints to an AuthError. Only named
 * scalar fields are copied into `details`; response bodies and the original error are dropped
 * because they may contain tokens.
 */
export function toAuthError(err: unknown, step: AuthStep): AuthError {
  if (err instanceof AuthError) return err;
  const label = STEP_LABEL[step];

  if (isNetworkError(err)) {
    return new AuthError(
      'network',
      `DocuSign could not be reached during ${label}. Check your internet connection and try again.`,
      { step, reason: (err as Error).name === 'TypeError' ? 'fetch_failed' : (err as Error).name },
    );
  }

  if (err instanceof oauth.AuthorizationResponseError) {
    return authorizationResponseError(err.error, err.error_description);
  }

  if (err instanceof oauth.ResponseBodyError) {
    const details: AuthErrorDetails = { step, status: err.status, error: err.error };
    if (err.error_description) details.error_description = err.error_description;
    if (err.error === 'invalid_grant' && step === 'token') {
      return new AuthError(
        'invalid_grant',
        'DocuSign did not accept the sign-in (it was already used, took too long, or did not match). Please sign in again.',
        details,
      );
    }
    if (err.status === 429) {
      return new AuthError('server_error', `DocuSign is busy (too many requests) during ${label}. Try again in a minute.`, details);
    }
    return new AuthError(
      'oauth_error',
      `DocuSign refused the ${label} (${err.error}${err.error_description ? `: ${err.error_description}` : ''}).`,
      details,
    );
  }

  if (err instanceof oauth.WWWAuthenticateChallengeError) {
    return new AuthError('unauthorized', `DocuSign did not accept the credentials during ${label}.`, {
      step,
      status: err.status,
      challenges: err.cause.map((c) => ({ scheme: c.scheme, error: c.parameters.error })),
    });
  }

  if (err instanceof oauth.OperationProcessingError) {
    if (err.code === oauth.HTTP_REQUEST_FORBIDDEN || err.code === oauth.REQUEST_PROTOCOL_FORBIDDEN) {
      return new AuthError(
        'invalid_config',
        'The DocuSign authorization server address is not allowed (it must use https).',
        { step, oauthCode: err.code },
      );
    }
    // RESPONSE_IS_NOT_CONFORM carries the Response as cause: read only its status.
    const status = err.code === oauth.RESPONSE_IS_NOT_CONFORM ? statusOf(err.cause) : undefined;
    if (status === 401) {
      return new AuthError('unauthorized', `DocuSign did not accept the credentials during ${label}.`, { step, status });
    }
    if (status !== undefined && (status >= 500 || status === 429)) {
      return new AuthError(
        'server_error',
        `DocuSign had a temporary problem during ${label} (HTTP ${status}). Try again in a few minutes.`,
        { step, status, oauthCode: err.code },
      );
    }
    return new AuthError(
      'bad_response',
      `DocuSign sent an unexpected answer during ${label}. Try again; if it keeps happening, tell your administrator.`,
      { step, oauthCode: err.code ?? 'unknown', problem: err.message, ...(status !== undefined ? { status } : {}) },
    );
  }

  if (err instanceof oauth.UnsupportedOperationError) {
    return new AuthError(
      'bad_response',
      `DocuSign sent an unexpected answer during ${label}. Try again; if it keeps happening, tell your administrator.`,
      { step, oauthCode: err.code, problem: err.message },
    );
  }

  return new AuthError('unexpected', `Something went wrong during DocuSign ${label}.`, {
    step,
    errorName: err instanceof Error ? err.name : typeof err,
  });
}
