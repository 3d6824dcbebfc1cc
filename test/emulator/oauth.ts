// The authorization server ("account-d.docusign.com" stand-in): /oauth/auth (login + consent pages),
// /oauth/token (authorization_code with PKCE S256, refresh_token with rotation), /oauth/userinfo.
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  bearerToken,
  htmlReply,
  jsonReply,
  mediaType,
  oauthError,
  parseCookies,
  parseForm,
  redirectReply,
  withParams,
  type HeaderMap,
  type Reply,
  type RequestContext,
} from './http-util.ts';
import { consentPage, errorPage, loggedOutPage, loginPage } from './pages.ts';
import { findIntegrationKey, findUserByEmail, findUserBySub, KNOWN_SCOPES, type SeedIntegrationKey, type SeedUser } from './seed.ts';
import {
  PENDING_AUTH_TTL_MS,
  randomToken,
  type EmulatorState,
  type PendingAuthorization,
} from './state.ts';

const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

function pkceS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// ---------------------------------------------------------------------------------------------
// GET /oauth/auth

export function handleAuthorize(state: EmulatorState, ctx: RequestContext): Reply {
  const q = ctx.url.searchParams;
  const clientId = q.get('client_id');
  if (!clientId) {
    return htmlReply(400, errorPage('Invalid authorization request', 'The client_id parameter is missing.'));
  }
  const key = findIntegrationKey(state.seed, clientId);
  if (!key) {
    // No trusted redirect URI without a known client: an error page, never a redirect.
    return htmlReply(
      400,
      errorPage('Invalid authorization request', `The integration key (client_id) "${clientId}" is not registered.`, 'error: invalid_client'),
    );
  }
  const redirectUri = q.get('redirect_uri');
  if (!redirectUri) {
    return htmlReply(400, errorPage('Invalid authorization request', 'The redirect_uri parameter is missing.'));
  }
  if (!key.redirectUris.includes(redirectUri)) {
    return htmlReply(
      400,
      errorPage(
        'Invalid authorization request',
        `The redirect URI "${redirectUri}" is not registered for the integration key "${key.name}" (${key.clientId}).`,
        'An administrator must add this exact URI to the integration key (Apps and Keys). error: invalid_redirect_uri',
      ),
    );
  }
  const clientState = q.has('state') ? (q.get('state') ?? '') : null;
  const fail = (error: string, description: string): Reply =>
    redirectReply(withParams(redirectUri, { error, error_description: description, state: clientState }));

  const responseType = q.get('response_type');
  if (responseType !== 'code') {
    return fail('unsupported_response_type', 'response_type must be "code".');
  }
  const scopeParam = (q.get('scope') ?? '').trim();
  const requested = scopeParam ? [...new Set(scopeParam.split(/\s+/))] : ['signature'];
  const unknown = requested.filter((s) => !(KNOWN_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    const jwtOnly = unknown.includes('impersonation') ? ' (impersonation is for the JWT grant only)' : '';
    return fail('invalid_scope', `Unknown or unsupported scope: ${unknown.join(' ')}${jwtOnly}.`);
  }
  const challenge = q.get('code_challenge');
  const method = q.get('code_challenge_method');
  if (!challenge) return fail('invalid_request', 'code_challenge is required (PKCE).');
  if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
  if (!PKCE_CHALLENGE.test(challenge)) return fail('invalid_request', 'code_challenge must be a base64url SHA-256 value (43 characters).');

  const pending: PendingAuthorization = {
    id: randomToken('', 18),
    clientId: key.clientId,
    redirectUri,
    scopes: requested,
    state: clientState,
    codeChallenge: challenge,
    loginHint: q.get('login_hint'),
    sub: null,
    expiresAt: state.now() + PENDING_AUTH_TTL_MS,
  };
  state.pending.set(pending.id, pending);

  const forceLogin = (q.get('prompt') ?? '').split(/\s+/).includes('login');
  if (!forceLogin) {
    const session = state.findSession(parseCookies(ctx.req.headers.cookie).get(state.sessionCookieName()));
    const sessionUser = session ? findUserBySub(state.seed, session.sub) : undefined;
    const autoUser = state.config.autoLoginAs ? findUserByEmail(state.seed, state.config.autoLoginAs) : undefined;
    const user = sessionUser ?? autoUser;
    if (user) return afterLogin(state, pending, key, user, {});
  }
  return htmlReply(200, loginPage({ requestId: pending.id, appName: key.name, email: pending.loginHint ?? '', error: null }));
}

function afterLogin(state: EmulatorState, pending: PendingAuthorization, key: SeedIntegrationKey, user: SeedUser, headers: HeaderMap): Reply {
  pending.sub = user.sub;
  if (state.config.autoApprove || state.hasConsent(user.sub, key.clientId, pending.scopes)) {
    return issueCode(state, pending, headers);
  }
  return htmlReply(
    200,
    consentPage({ requestId: pending.id, appName: key.name, userName: user.name, userEmail: user.email, scopes: pending.scopes }),
    headers,
  );
}

function issueCode(state: EmulatorState, pending: PendingAuthorization, headers: HeaderMap): Reply {
  state.pending.delete(pending.id);
  const granted = pending.scopes.filter((s) => s !== 'extended' || state.config.grantExtended);
  const code = randomToken('', 32);
  state.codes.set(code, {
    code,
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    scopes: granted,
    sub: pending.sub!,
    codeChallenge: pending.codeChallenge,
    expiresAt: state.now() + state.config.codeTtlSeconds * 1000,
    used: false,
    grantId: null,
  });
  return redirectReply(withParams(pending.redirectUri, { code, state: pending.state }), headers);
}

function pendingFrom(state: EmulatorState, form: URLSearchParams): PendingAuthorization | undefined {
  const id = form.get('request_id') ?? '';
  const pending = state.pending.get(id);
  if (!pending) return undefined;
  if (pending.expiresAt <= state.now()) {
    state.pending.delete(id);
    return undefined;
  }
  return pending;
}

const EXPIRED_REQUEST = (): Reply =>
  htmlReply(400, errorPage('Sign-in request expired', 'This sign-in request is unknown or has expired.', 'Start again from the application.'));

// POST /oauth/login
export function handleLogin(state: EmulatorState, ctx: RequestContext): Reply {
  const form = parseForm(ctx.body);
  const pending = pendingFrom(state, form);
  if (!pending) return EXPIRED_REQUEST();
  const key = findIntegrationKey(state.seed, pending.clientId)!;
  const email = form.get('email') ?? '';
  const password = form.get('password') ?? '';
  const user = findUserByEmail(state.seed, email);
  if (!user || !safeEqual(user.password, password)) {
    return htmlReply(
      200,
      loginPage({ requestId: pending.id, appName: key.name, email, error: 'The email address or password is incorrect.' }),
    );
  }
  const session = state.newSession(user.sub);
  const cookie = `${state.sessionCookieName()}=${session.id}; Path=/; HttpOnly; SameSite=Lax`;
  return afterLogin(state, pending, key, user, { 'Set-Cookie': cookie });
}

// POST /oauth/consent
export function handleConsent(state: EmulatorState, ctx: RequestContext): Reply {
  const form = parseForm(ctx.body);
  const pending = pendingFrom(state, form);
  if (!pending || !pending.sub) return EXPIRED_REQUEST();
  const decision = form.get('decision');
  if (decision === 'allow') {
    state.addConsent(pending.sub, pending.clientId, pending.scopes);
    return issueCode(state, pending, {});
  }
  state.pending.delete(pending.id);
  return redirectReply(
    withParams(pending.redirectUri, {
      error: 'access_denied',
      error_description: 'The user denied the consent request.',
      state: pending.state,
    }),
  );
}

// GET /logout
export function handleLogout(state: EmulatorState, ctx: RequestContext): Reply {
  const id = parseCookies(ctx.req.headers.cookie).get(state.sessionCookieName());
  if (id) state.sessions.delete(id);
  return htmlReply(200, loggedOutPage(), {
    'Set-Cookie': `${state.sessionCookieName()}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
  });
}

// ---------------------------------------------------------------------------------------------
// POST /oauth/token

function tokenResponse(state: EmulatorState, sub: string, clientId: string, scopes: string[], grantId: string, refreshExpiresAt: number): Reply {
  const now = state.now();
  const accessToken = randomToken('emu_at_', 36);
  const refreshToken = randomToken('emu_rt_', 36);
  const ttl = state.config.accessTokenTtlSeconds;
  state.accessTokens.set(accessToken, { token: accessToken, sub, clientId, scopes, grantId, expiresAt: now + ttl * 1000, revoked: false });
  state.refreshTokens.set(refreshToken, {
    token: refreshToken,
    sub,
    clientId,
    scopes,
    grantId,
    expiresAt: refreshExpiresAt,
    revoked: false,
    revokedReason: null,
  });
  return jsonReply(
    200,
    { access_token: accessToken, token_type: 'Bearer', refresh_token: refreshToken, expires_in: ttl, scope: scopes.join(' ') },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}

function basicClientId(ctx: RequestContext): string | null {
  const header = ctx.req.headers.authorization;
  const m = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return decodeURIComponent(colon < 0 ? decoded : decoded.slice(0, colon));
}

export function handleToken(state: EmulatorState, ctx: RequestContext): Reply {
  if (ctx.method !== 'POST') return oauthError(405, 'invalid_request', 'Use POST.', { Allow: 'POST' });
  if (mediaType(ctx.req) !== 'application/x-www-form-urlencoded') {
    return oauthError(400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded.');
  }
  const form = parseForm(ctx.body);
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is required.');
  const clientId = form.get('client_id') ?? basicClientId(ctx);
  if (!clientId) return oauthError(400, 'invalid_request', 'client_id is required.');
  const key = findIntegrationKey(state.seed, clientId);
  if (!key) return oauthError(400, 'invalid_client', `The integration key (client_id) "${clientId}" is not registered.`);
  const now = state.now();

  if (grantType === 'authorization_code') {
    const code = form.get('code');
    if (!code) return oauthError(400, 'invalid_request', 'code is required.');
    const record = state.codes.get(code);
    if (!record) return oauthError(400, 'invalid_grant', 'The authorization code is invalid.');
    if (record.used) {
      // Replay: the tokens issued for this code die too (RFC 6749 section 4.1.2).
      if (record.grantId) state.revokeGrant(record.grantId, 'authorization code replayed');
      return oauthError(400, 'invalid_grant', 'The authorization code has already been used.');
    }
    // Any presentation uses the code up, even a failed one.
    record.used = true;
    if (record.expiresAt <= now) return oauthError(400, 'invalid_grant', 'The authorization code has expired.');
    if (record.clientId !== key.clientId) return oauthError(400, 'invalid_grant', 'The authorization code was issued to another client.');
    if (form.get('redirect_uri') !== record.redirectUri) {
      return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one used in the authorization request.');
    }
    const verifier = form.get('code_verifier');
    if (!verifier) return oauthError(400, 'invalid_grant', 'code_verifier is required (PKCE).');
    if (!PKCE_VERIFIER.test(verifier) || !safeEqual(pkceS256(verifier), record.codeChallenge)) {
      return oauthError(400, 'invalid_grant', 'PKCE verification failed: code_verifier does not match code_challenge.');
    }
    const grantId = state.newGrantId();
    record.grantId = grantId;
    return tokenResponse(state, record.sub, key.clientId, record.scopes, grantId, now + state.config.refreshTokenTtlSeconds * 1000);
  }

  if (grantType === 'refresh_token') {
    const token = form.get('refresh_token');
    if (!token) return oauthError(400, 'invalid_request', 'refresh_token is required.');
    const record = state.refreshTokens.get(token);
    if (!record) return oauthError(400, 'invalid_grant', 'The refresh token is invalid.');
    if (record.revoked) return oauthError(400, 'invalid_grant', `The refresh token is no longer valid (${record.revokedReason ?? 'revoked'}).`);
    if (record.expiresAt <= now) return oauthError(400, 'invalid_grant', 'The refresh token has expired.');
    if (record.clientId !== key.clientId) return oauthError(400, 'invalid_grant', 'The refresh token was issued to another client.');
    record.revoked = true;
    record.revokedReason = 'rotated: a newer refresh token was issued';
    const expiresAt = record.scopes.includes('extended') ? now + state.config.refreshTokenTtlSeconds * 1000 : record.expiresAt;
    return tokenResponse(state, record.sub, key.clientId, record.scopes, record.grantId, expiresAt);
  }

  return oauthError(400, 'unsupported_grant_type', `grant_type "${grantType}" is not supported.`);
}

// ---------------------------------------------------------------------------------------------
// GET /oauth/userinfo

export function handleUserinfo(state: EmulatorState, ctx: RequestContext): Reply {
  const token = state.validAccessToken(bearerToken(ctx.req));
  if (!token) {
    return oauthError(401, 'invalid_token', 'The access token is missing, invalid, revoked or expired.', {
      'WWW-Authenticate': 'Bearer error="invalid_token"',
    });
  }
  const user = findUserBySub(state.seed, token.sub);
  if (!user) return oauthError(401, 'invalid_token', 'The user of this token no longer exists.');
  state.countUserinfo(user.sub, token.clientId);
  return jsonReply(200, {
    sub: user.sub,
    name: user.name,
    given_name: user.givenName,
    family_name: user.familyName,
    created: user.created,
    email: user.email,
    accounts: user.accounts.map((m) => {
      const account = Object.values(state.seed.accounts).find((a) => a.accountId === m.accountId)!;
      return {
        account_id: account.accountId,
        is_default: m.isDefault,
        account_name: account.accountName,
        base_uri: state.regions[account.region],
        ...(account.organization
          ? {
              organization: {
                organization_id: account.organization.organizationId,
                links: [{ rel: 'self', href: `${state.authServerUrl}/organizations/${account.organization.organizationId}` }],
              },
            }
          : {}),
      };
    }),
  });
}
