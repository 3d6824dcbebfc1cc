// Test helpers for code that talks to the emulator by hand (fetch with redirect: 'manual').
import { createHash, randomBytes } from 'node:crypto';
import { samplePdfBase64 } from './fixtures.ts';
import type { Emulator } from './index.ts';
import { CHROME_REDIRECT_URI, SEED, type SeedUser } from './seed.ts';
import type { RegionId } from './types.ts';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeParams {
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string | null;
  challenge?: string | null;
  challengeMethod?: string | null;
  responseType?: string;
  prompt?: string;
  loginHint?: string;
}

export function authorizeUrl(emu: Emulator, p: AuthorizeParams = {}): string {
  const u = new URL('/oauth/auth', emu.authServerUrl);
  u.searchParams.set('response_type', p.responseType ?? 'code');
  u.searchParams.set('client_id', p.clientId ?? SEED.integrationKeys.main.clientId);
  u.searchParams.set('redirect_uri', p.redirectUri ?? CHROME_REDIRECT_URI);
  u.searchParams.set('scope', p.scope ?? 'signature extended');
  if (p.state !== null) u.searchParams.set('state', p.state ?? 'st-123');
  if (p.challenge !== null) u.searchParams.set('code_challenge', p.challenge ?? pkcePair().challenge);
  if (p.challengeMethod !== null) u.searchParams.set('code_challenge_method', p.challengeMethod ?? 'S256');
  if (p.prompt) u.searchParams.set('prompt', p.prompt);
  if (p.loginHint) u.searchParams.set('login_hint', p.loginHint);
  return u.toString();
}

export function requestIdOf(html: string): string {
  const m = /name="request_id" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`No request_id in page:\n${html.slice(0, 500)}`);
  return m[1]!;
}

export function form(values: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
    redirect: 'manual',
  };
}

export async function postLogin(emu: Emulator, requestId: string, email: string, password: string, cookie?: string): Promise<Response> {
  const init = form({ request_id: requestId, email, password });
  if (cookie) init.headers = { ...(init.headers as Record<string, string>), Cookie: cookie };
  return fetch(`${emu.authServerUrl}/oauth/login`, init);
}

export async function postConsent(emu: Emulator, requestId: string, decision: 'allow' | 'deny'): Promise<Response> {
  return fetch(`${emu.authServerUrl}/oauth/consent`, form({ request_id: requestId, decision }));
}

/** `name=value` of the session cookie set by a response. */
export function sessionCookie(res: Response): string {
  const header = res.headers.get('set-cookie');
  if (!header) throw new Error('No Set-Cookie');
  return header.split(';')[0]!;
}

export interface CodeResult {
  code: string;
  verifier: string;
  redirectUri: string;
  location: URL;
  cookie: string | null;
}

/**
 * The whole authorize dance by hand: authorize, log in (unless a session/autoLoginAs applies),
 * consent (unless already given/autoApprove). Returns the code from the redirect.
 */
export async function obtainCode(
  emu: Emulator,
  user: SeedUser | null,
  p: AuthorizeParams & { cookie?: string } = {},
): Promise<CodeResult> {
  const { verifier, challenge } = pkcePair();
  const redirectUri = p.redirectUri ?? CHROME_REDIRECT_URI;
  let res = await fetch(authorizeUrl(emu, { ...p, challenge, redirectUri }), {
    redirect: 'manual',
    headers: p.cookie ? { Cookie: p.cookie } : {},
  });
  let cookie: string | null = null;
  if (res.status === 200) {
    const html = await res.text();
    if (html.includes('name="password"')) {
      if (!user) throw new Error('Login page shown but no user given');
      res = await postLogin(emu, requestIdOf(html), user.email, user.password);
      cookie = sessionCookie(res);
    } else {
      res = new Response(html, { status: 200 });
    }
    if (res.status === 200) {
      const consent = await res.text();
      res = await postConsent(emu, requestIdOf(consent), 'allow');
    }
  }
  if (res.status !== 302) throw new Error(`Expected a redirect, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const location = new URL(res.headers.get('location')!);
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`No code in ${location.toString()}`);
  return { code, verifier, redirectUri, location, cookie };
}

export async function tokenRequest(emu: Emulator, values: Record<string, string>): Promise<Response> {
  return fetch(`${emu.authServerUrl}/oauth/token`, form(values));
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

export async function exchangeCode(emu: Emulator, c: CodeResult, clientId = SEED.integrationKeys.main.clientId): Promise<Tokens> {
  const res = await tokenRequest(emu, {
    grant_type: 'authorization_code',
    code: c.code,
    code_verifier: c.verifier,
    redirect_uri: c.redirectUri,
    client_id: clientId,
  });
  if (res.status !== 200) throw new Error(`Token exchange failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Tokens;
}

/** Full sign-in as a seed user; returns the tokens. */
export async function signIn(emu: Emulator, user: SeedUser, p: AuthorizeParams = {}): Promise<Tokens> {
  return exchangeCode(emu, await obtainCode(emu, user, { prompt: 'login', ...p }), p.clientId);
}

export async function api(
  emu: Emulator,
  region: RegionId,
  token: string | null,
  path: string,
  init: { method?: string; json?: unknown; body?: BodyInit | Buffer; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(init.headers ?? {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined = Buffer.isBuffer(init.body)
    ? new Uint8Array(init.body.buffer as ArrayBuffer, init.body.byteOffset, init.body.length)
    : (init.body as BodyInit | undefined);
  if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  return fetch(`${emu.regions[region]}/restapi/v2.1${path}`, {
    method: init.method ?? (body !== undefined ? 'POST' : 'GET'),
    headers,
    body,
    redirect: 'manual',
  });
}

export function envelopeDefinition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    emailSubject: 'Please sign: NDA',
    status: 'created',
    documents: [{ documentBase64: samplePdfBase64(), name: 'NDA.pdf', fileExtension: 'pdf', documentId: '1' }],
    recipients: {
      signers: [{ email: 'bob@customer.example', name: 'Bob Customer', recipientId: '1', routingOrder: '1' }],
      carbonCopies: [{ email: 'carol@customer.example', name: 'Carol Copy', recipientId: '2', routingOrder: '2' }],
    },
    ...overrides,
  };
}
