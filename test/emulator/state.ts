// In-memory state of one emulator instance: configuration, clock, OAuth artefacts, envelopes, usage.
import { randomBytes, randomUUID } from 'node:crypto';
import { FaultQueue } from './faults.ts';
import { RequestLogger } from './log.ts';
import { RateLimiter } from './rate-limits.ts';
import type { Seed } from './seed.ts';
import {
  DEFAULT_LIMITS,
  type AccountUsageReport,
  type ConfigPatch,
  type EmulatorConfig,
  type EmulatorOptions,
  type Limits,
  type RegionId,
} from './types.ts';

export interface Session {
  id: string;
  sub: string;
  epoch: number;
}

/** An authorization request waiting for login and/or consent. */
export interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  codeChallenge: string;
  loginHint: string | null;
  /** Set once the user is known. */
  sub: string | null;
  expiresAt: number;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  sub: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
  /** The grant the code was exchanged for (its tokens die if the code is replayed). */
  grantId: string | null;
}

export interface AccessToken {
  token: string;
  sub: string;
  clientId: string;
  scopes: string[];
  grantId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface RefreshToken {
  token: string;
  sub: string;
  clientId: string;
  scopes: string[];
  grantId: string;
  expiresAt: number;
  revoked: boolean;
  revokedReason: string | null;
}

export interface StoredDocument {
  documentId: string;
  name: string;
  fileExtension: string;
  bytes: number;
  sha256: string;
}

export interface StoredRecipient {
  recipientId: string;
  email: string;
  name: string;
  routingOrder: string;
}

export type StoredEnvelopeStatus = 'created' | 'sent' | 'deleted' | 'voided';

export interface StoredEnvelope {
  envelopeId: string;
  accountId: string;
  region: RegionId;
  /** 'deleted': a draft moved to the recycle bin; 'voided': a sent envelope moved there. */
  status: StoredEnvelopeStatus;
  emailSubject: string;
  emailBlurb: string;
  transactionId: string | null;
  documents: StoredDocument[];
  signers: StoredRecipient[];
  carbonCopies: StoredRecipient[];
  createdBy: string;
  clientId: string;
  createdAt: number;
  sentAt: number | null;
  statusChangedAt: number;
  lastModifiedAt: number;
}

export interface SenderView {
  token: string;
  envelopeId: string;
  accountId: string;
  region: RegionId;
  returnUrl: string;
  settings: unknown;
  expiresAt: number;
  stage: 'issued' | 'opened' | 'done';
}

interface UsageCounters {
  apiCalls: number;
  envelopesCreated: number;
  envelopesSent: number;
}

export const DEFAULT_ACCESS_TOKEN_TTL = 28_800;
export const DEFAULT_CODE_TTL = 120;
export const DEFAULT_REFRESH_TOKEN_TTL = 30 * 24 * 3600;
export const PENDING_AUTH_TTL_MS = 30 * 60 * 1000;
export const SENDER_VIEW_TTL_MS = 5 * 60 * 1000;
/** DocuSign keeps a transactionId for 7 days. */
export const TRANSACTION_ID_TTL_MS = 7 * 24 * 3600 * 1000;

export function configFromOptions(options: EmulatorOptions): EmulatorConfig {
  return {
    autoApprove: options.autoApprove ?? false,
    autoLoginAs: options.autoLoginAs ?? null,
    limits: { ...DEFAULT_LIMITS, ...(options.limits ?? {}) },
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL,
    codeTtlSeconds: options.codeTtlSeconds ?? DEFAULT_CODE_TTL,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TOKEN_TTL,
    grantExtended: options.grantExtended ?? true,
  };
}

export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export class EmulatorState {
  config: EmulatorConfig;
  readonly initialConfig: EmulatorConfig;
  readonly seed: Seed;
  readonly logger: RequestLogger;
  readonly faults = new FaultQueue();
  readonly rateLimiter: RateLimiter;
  authServerUrl = '';
  regions: Record<RegionId, string> = { na: '', eu: '', ca: '', au: '' };
  authPort = 0;

  clockOffsetMs = 0;
  startMs = Math.floor(Date.now() / 1000) * 1000;
  requestCount = 0;
  sessionEpoch = 0;
  sessions = new Map<string, Session>();
  pending = new Map<string, PendingAuthorization>();
  codes = new Map<string, AuthCode>();
  accessTokens = new Map<string, AccessToken>();
  refreshTokens = new Map<string, RefreshToken>();
  /** `${sub} ${clientId}` -> consented scopes */
  consents = new Map<string, Set<string>>();
  envelopes = new Map<string, StoredEnvelope>();
  senderViews = new Map<string, SenderView>();
  private usage = new Map<string, { total: UsageCounters; byKey: Map<string, UsageCounters> }>();
  private userinfoUsage = new Map<string, { calls: number; byKey: Map<string, number> }>();

  constructor(seed: Seed, options: EmulatorOptions) {
    this.seed = seed;
    this.initialConfig = configFromOptions(options);
    this.config = structuredClone(this.initialConfig);
    this.logger = new RequestLogger(options.logFile ?? process.env.DS_EMULATOR_LOG);
    this.rateLimiter = new RateLimiter(
      () => this.config.limits,
      () => this.now(),
      () => this.startMs,
    );
  }

  /** The emulator clock (wall clock + offset from advanceClock). */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  applyConfig(patch: ConfigPatch): void {
    const next: EmulatorConfig = { ...this.config, limits: { ...this.config.limits } };
    if (patch.autoApprove !== undefined) next.autoApprove = patch.autoApprove;
    if (patch.autoLoginAs !== undefined && patch.autoLoginAs !== this.config.autoLoginAs) {
      next.autoLoginAs = patch.autoLoginAs;
      // Setting autoLoginAs means "the browser's DocuSign session is now this user": older sessions end.
      this.sessionEpoch++;
    }
    if (patch.accessTokenTtlSeconds !== undefined) next.accessTokenTtlSeconds = patch.accessTokenTtlSeconds;
    if (patch.codeTtlSeconds !== undefined) next.codeTtlSeconds = patch.codeTtlSeconds;
    if (patch.refreshTokenTtlSeconds !== undefined) next.refreshTokenTtlSeconds = patch.refreshTokenTtlSeconds;
    if (patch.grantExtended !== undefined) next.grantExtended = patch.grantExtended;
    if (patch.limits) next.limits = { ...next.limits, ...patch.limits } as Limits;
    this.config = next;
  }

  reset(): void {
    this.config = structuredClone(this.initialConfig);
    this.clockOffsetMs = 0;
    this.startMs = Math.floor(Date.now() / 1000) * 1000;
    this.sessionEpoch++;
    this.sessions.clear();
    this.pending.clear();
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.consents.clear();
    this.envelopes.clear();
    this.senderViews.clear();
    this.usage.clear();
    this.userinfoUsage.clear();
    this.faults.clear();
    this.rateLimiter.reset();
  }

  /** Forgets long-dead artefacts (kept for a while first, so late uses still get precise errors). */
  prune(): void {
    const now = this.now();
    const hour = 3600_000;
    for (const [id, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(id);
    for (const [code, c] of this.codes) if (c.expiresAt + hour <= now) this.codes.delete(code);
    for (const [token, v] of this.senderViews) if (v.expiresAt + hour <= now) this.senderViews.delete(token);
    for (const [token, t] of this.accessTokens) if (t.expiresAt + 24 * hour <= now) this.accessTokens.delete(token);
  }

  newSession(sub: string): Session {
    const session: Session = { id: randomToken('', 24), sub, epoch: this.sessionEpoch };
    this.sessions.set(session.id, session);
    return session;
  }

  sessionCookieName(): string {
    return `ds_emulator_session_${this.authPort}`;
  }

  findSession(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s || s.epoch !== this.sessionEpoch) return undefined;
    return s;
  }

  hasConsent(sub: string, clientId: string, scopes: readonly string[]): boolean {
    const granted = this.consents.get(`${sub} ${clientId}`);
    return granted !== undefined && scopes.every((s) => granted.has(s));
  }

  addConsent(sub: string, clientId: string, scopes: readonly string[]): void {
    const key = `${sub} ${clientId}`;
    const granted = this.consents.get(key) ?? new Set<string>();
    for (const s of scopes) granted.add(s);
    this.consents.set(key, granted);
  }

  /** A valid (known, not revoked, not expired) access token. */
  validAccessToken(token: string | null): AccessToken | undefined {
    if (!token) return undefined;
    const t = this.accessTokens.get(token);
    if (!t || t.revoked || t.expiresAt <= this.now()) return undefined;
    return t;
  }

  revokeGrant(grantId: string, reason: string): void {
    for (const t of this.accessTokens.values()) if (t.grantId === grantId) t.revoked = true;
    for (const t of this.refreshTokens.values()) {
      if (t.grantId === grantId && !t.revoked) {
        t.revoked = true;
        t.revokedReason = reason;
      }
    }
  }

  newGrantId(): string {
    return randomUUID();
  }

  private usageOf(accountId: string, clientId: string): [UsageCounters, UsageCounters] {
    let u = this.usage.get(accountId);
    if (!u) {
      u = { total: { apiCalls: 0, envelopesCreated: 0, envelopesSent: 0 }, byKey: new Map() };
      this.usage.set(accountId, u);
    }
    let k = u.byKey.get(clientId);
    if (!k) {
      k = { apiCalls: 0, envelopesCreated: 0, envelopesSent: 0 };
      u.byKey.set(clientId, k);
    }
    return [u.total, k];
  }

  countUsage(accountId: string, clientId: string, field: keyof UsageCounters): void {
    for (const c of this.usageOf(accountId, clientId)) c[field]++;
  }

  countUserinfo(sub: string, clientId: string): void {
    let u = this.userinfoUsage.get(sub);
    if (!u) {
      u = { calls: 0, byKey: new Map() };
      this.userinfoUsage.set(sub, u);
    }
    u.calls++;
    u.byKey.set(clientId, (u.byKey.get(clientId) ?? 0) + 1);
  }

  usageReport(): AccountUsageReport[] {
    return Object.values(this.seed.accounts).map((a) => {
      const u = this.usage.get(a.accountId);
      const byIntegrationKey: AccountUsageReport['byIntegrationKey'] = {};
      for (const [clientId, c] of u?.byKey ?? []) byIntegrationKey[clientId] = { ...c };
      return {
        accountId: a.accountId,
        accountName: a.accountName,
        region: a.region,
        apiCalls: u?.total.apiCalls ?? 0,
        envelopesCreated: u?.total.envelopesCreated ?? 0,
        envelopesSent: u?.total.envelopesSent ?? 0,
        byIntegrationKey,
      };
    });
  }

  userinfoReport(): Array<{ sub: string; calls: number; byIntegrationKey: Record<string, number> }> {
    return [...this.userinfoUsage.entries()].map(([sub, u]) => ({
      sub,
      calls: u.calls,
      byIntegrationKey: Object.fromEntries(u.byKey),
    }));
  }
}

/** DocuSign-style timestamp: ISO 8601 with 7 fractional digits, e.g. 2026-01-02T03:04:05.1230000Z. */
export function dsDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}0000Z`);
}
