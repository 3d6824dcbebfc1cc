/**
 * DocuSign authorization servers, configured statically: DocuSign publishes no reliable discovery
 * document (docusign/FACTS.md), so the oauth4webapi AuthorizationServer object is built by hand.
 *
 * This file is the ONLY place where oauth4webapi's `allowInsecureRequests` may be switched on,
 * and only for an explicit authorization server on a loopback address (the DocuSign emulator in
 * tests and the demo). Real DocuSign is always https.
 */
import * as oauth from 'oauth4webapi';
import { AuthError } from './errors';

export const DOCUSIGN_AUTH_SERVERS = {
  demo: 'https://account-d.docusign.com',
  production: 'https://account.docusign.com',
} as const;

export interface ResolvedAuthServer {
  /** Hand-built metadata: issuer, authorization/token/userinfo endpoints, S256 only. */
  as: oauth.AuthorizationServer;
  /** Base URL of the server, no trailing slash (e.g. https://account-d.docusign.com). */
  baseUrl: string;
  /**
   * True only for an explicit `http:` server on a loopback host (127.0.0.0/8, ::1, localhost).
   * Then, and only then, requests go out with `allowInsecureRequests` (see `oauthRequestOptions`).
   */
  insecureLoopback: boolean;
}

/** 127.0.0.0/8, ::1 and localhost. `hostname` as URL gives it (IPv6 in brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return !!m && Number(m[1]) === 127 && m.slice(2).every((octet) => Number(octet) <= 255);
}

/**
 * Normalises a base URI to scheme + host + port (no path, no trailing slash, lower-case host,
 * default port dropped). Returns undefined when it is not an absolute http(s) URL.
 */
export function normalizeBaseUri(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function invalid(environment: string, why: string): AuthError {
  return new AuthError('invalid_config', `The DocuSign environment "${environment}" is not usable: ${why}.`, {
    environment,
  });
}

/**
 * Resolves a profile's `environment` ('demo' | 'production' | explicit URL) to the authorization
 * server. Explicit URLs must be https, or http on a loopback host; no credentials, query or
 * fragment. A path is kept as a prefix (endpoints are <base>/oauth/...).
 */
export function resolveAuthServer(environment: string): ResolvedAuthServer {
  const named = (DOCUSIGN_AUTH_SERVERS as Record<string, string>)[environment];
  let baseUrl: string;
  let insecureLoopback = false;
  if (named !== undefined) {
    baseUrl = named;
  } else {
    let url: URL;
    try {
      url = new URL(environment);
    } catch {
      throw invalid(environment, "it is neither 'demo', 'production' nor a URL");
    }
    if (url.username || url.password) throw invalid(environment, 'the URL must not contain credentials');
    if (url.search || url.hash) throw invalid(environment, 'the URL must not contain a query or fragment');
    if (url.protocol === 'http:') {
      if (!isLoopbackHost(url.hostname)) throw invalid(environment, 'plain http is only allowed on loopback addresses');
      insecureLoopback = true;
    } else if (url.protocol !== 'https:') {
      throw invalid(environment, 'the URL must use https');
    }
    baseUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  }
  const as: oauth.AuthorizationServer = {
    issuer: baseUrl,
    authorization_endpoint: `${baseUrl}/oauth/auth`,
    token_endpoint: `${baseUrl}/oauth/token`,
    userinfo_endpoint: `${baseUrl}/oauth/userinfo`,
    code_challenge_methods_supported: ['S256'],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
  };
  return { as, baseUrl, insecureLoopback };
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Upper bound for one OAuth / userinfo request. */
export const OAUTH_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The options object passed to every oauth4webapi request function. `customFetch` makes the fetch
 * injectable (tests pass Node's fetch; the extension uses the worker's). `allowInsecureRequests`
 * is set ONLY when the server was resolved as an explicit loopback http server: this line is the
 * single place in the code base that enables it.
 */
export function oauthRequestOptions(
  server: ResolvedAuthServer,
  fetchImpl: FetchLike,
): { [oauth.customFetch]: FetchLike; [oauth.allowInsecureRequests]?: boolean; signal: () => AbortSignal } {
  return {
    [oauth.customFetch]: fetchImpl,
    // Loopback-only escape hatch for the DocuSign emulator (see ResolvedAuthServer.insecureLoopback).
    ...(server.insecureLoopback ? { [oauth.allowInsecureRequests]: true } : {}),
    signal: () => AbortSignal.timeout(OAUTH_REQUEST_TIMEOUT_MS),
  };
}
