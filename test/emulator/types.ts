// Shared types of the DocuSign emulator (public API: see index.ts and README.md).

export type RegionId = 'na' | 'eu' | 'ca' | 'au';
export const REGION_IDS: readonly RegionId[] = ['na', 'eu', 'ca', 'au'];

export interface Limits {
  /** API calls per account per hour window (DocuSign: 3000). */
  hourlyLimit: number;
  /** 3600 = windows aligned on the clock hour; any other value = consecutive windows from server start. */
  hourWindowSeconds: number;
  /** API calls per account per burst window (DocuSign demo: 200). */
  burstLimit: number;
  /** Burst window length, consecutive windows from server start (DocuSign: 30). */
  burstWindowSeconds: number;
  /** Status of a rate-limit rejection: 429 (since 2026) or 400 (formerly). */
  rateLimitStatus: 400 | 429;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  hourlyLimit: 3000,
  hourWindowSeconds: 3600,
  burstLimit: 200,
  burstWindowSeconds: 30,
  rateLimitStatus: 429,
});

export interface EmulatorOptions {
  /** 0/undefined = random free port. */
  authPort?: number;
  /** Each region its own port; random by default. */
  regionPorts?: Partial<Record<RegionId, number>>;
  /** JSON Lines request log; default process.env.DS_EMULATOR_LOG (no log when neither is set). */
  logFile?: string;
  /** Skip the consent screen (default false). */
  autoApprove?: boolean;
  /** Email of a seed user: skip the login page (unless prompt=login). Default null. */
  autoLoginAs?: string | null;
  /** Added to every seeded integration key's registered redirect URIs. */
  extraRedirectUris?: string[];
  limits?: Partial<Limits>;
  /** Default 28800 (8 h). */
  accessTokenTtlSeconds?: number;
  /** Default 120. */
  codeTtlSeconds?: number;
  /** Addition: refresh token lifetime, default 2592000 (30 days). */
  refreshTokenTtlSeconds?: number;
  /**
   * Addition: whether the `extended` scope is granted when requested (FACTS: UNCONFIRMED for public
   * PKCE apps). Default true. When false, `extended` is silently left out of the granted scopes.
   */
  grantExtended?: boolean;
}

/** The mutable run-time configuration (POST /__emulator/config). */
export interface EmulatorConfig {
  autoApprove: boolean;
  autoLoginAs: string | null;
  limits: Limits;
  accessTokenTtlSeconds: number;
  codeTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  grantExtended: boolean;
}

export type ConfigPatch = Partial<Omit<EmulatorConfig, 'limits'>> & { limits?: Partial<Limits> };

export type FaultRoute =
  | 'token'
  | 'userinfo'
  | 'createEnvelope'
  | 'listEnvelopes'
  | 'getEnvelope'
  | 'senderView'
  | 'updateEnvelope'
  | 'moveToRecycleBin'
  | 'authorize';

export const FAULT_ROUTES: readonly FaultRoute[] = [
  'token',
  'userinfo',
  'createEnvelope',
  'listEnvelopes',
  'getEnvelope',
  'senderView',
  'updateEnvelope',
  'moveToRecycleBin',
  'authorize',
];

export interface FaultSpec {
  route: FaultRoute;
  /** How many of the next requests to that route fail (default 1). */
  count?: number;
  /** Respond with this status instead of acting (with errorCode/message in the route's error shape). */
  status?: number;
  errorCode?: string;
  message?: string;
  /** Delay the response (the action still happens unless status/drop:'before' is set). */
  delayMs?: number;
  /** 'before': destroy the socket before acting; 'after': act, then destroy without responding. */
  drop?: 'before' | 'after';
}

export interface AccountUsageReport {
  accountId: string;
  accountName: string;
  region: RegionId;
  apiCalls: number;
  envelopesCreated: number;
  envelopesSent: number;
  /** The same counters split by integration key (client_id). */
  byIntegrationKey: Record<string, { apiCalls: number; envelopesCreated: number; envelopesSent: number }>;
}

export interface UserinfoUsageReport {
  email: string;
  sub: string;
  calls: number;
  byIntegrationKey: Record<string, number>;
}

export interface DocumentReport {
  documentId: string;
  name: string;
  extension: string;
  bytes: number;
  sha256: string;
}

export interface RecipientReport {
  recipientId: string;
  email: string;
  name: string;
  routingOrder: string;
}

export interface EnvelopeReport {
  envelopeId: string;
  accountId: string;
  region: RegionId;
  status: 'created' | 'sent' | 'deleted' | 'voided';
  transactionId: string | null;
  emailSubject: string;
  emailBlurb: string;
  documents: DocumentReport[];
  recipients: { signers: RecipientReport[]; carbonCopies: RecipientReport[] };
  /** The DocuSign user (sub) whose token created the envelope. */
  createdBy: string;
  /** The integration key (client_id) of that token. */
  clientId: string;
  createdDateTime: string;
  sentDateTime: string | null;
}

export interface EmulatorStateSummary {
  authServerUrl: string;
  regions: Record<RegionId, string>;
  now: string;
  clockOffsetSeconds: number;
  config: EmulatorConfig;
  integrationKeys: Array<{ key: string; clientId: string; name: string; redirectUris: string[] }>;
  accounts: Array<{ key: string; accountId: string; accountName: string; region: RegionId; baseUri: string }>;
  users: Array<{
    key: string;
    sub: string;
    email: string;
    name: string;
    password: string;
    accounts: Array<{ accountId: string; isDefault: boolean }>;
  }>;
  pendingFaults: Array<FaultSpec & { remaining: number }>;
}

export interface EmulatorControl {
  /** GET /__emulator/state */
  getState(): EmulatorStateSummary;
  /** POST /__emulator/config: returns the effective configuration. */
  setConfig(patch: ConfigPatch): EmulatorConfig;
  /** POST /__emulator/faults (one fault or a list; queued per route in order). */
  addFaults(faults: FaultSpec | FaultSpec[]): void;
  /** DELETE /__emulator/faults */
  clearFaults(): void;
  /** GET /__emulator/usage */
  getUsage(): AccountUsageReport[];
  /** Addition: GET /__emulator/usage/userinfo (userinfo calls per user; DocuSign rate-limits them). */
  getUserinfoUsage(): UserinfoUsageReport[];
  /** GET /__emulator/envelopes */
  getEnvelopes(): EnvelopeReport[];
  /** POST /__emulator/expire-tokens: every access token issued so far is expired. */
  expireTokens(): void;
  /** POST /__emulator/revoke {email}: refresh tokens and consents of that user die. Returns false for an unknown email. */
  revoke(email: string): boolean;
  /** POST /__emulator/reset: back to the start state (config from the start options, no tokens, envelopes, usage, faults, clock offset). */
  reset(): void;
  /** Addition: POST /__emulator/clock {advanceSeconds}: moves the emulator's clock forward (expiries, rate-limit windows). */
  advanceClock(seconds: number): void;
}
